import { strict as assert } from 'node:assert';
import { PassphraseMemory, passphraseKey } from '../../../src/core/ssh/passphraseMemory';
import { SshError } from '../../../src/core/ssh/sshError';
import { startAgent, TestAgent } from '../support/agent';
import { ClientHome, hostBlock, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { LoopbackSshd, startSshd } from '../support/sshd';

const whoAmI = async (home: ClientHome, alias: string, prompts?: Parameters<ClientHome['connection']>[1]) =>
  (await home.connection(alias, prompts).exec('id -un')).stdout.toString().trim();

function assertNoSecret(home: ClientHome, error: unknown, secret: string): void {
  assert.ok(!String((error as Error)?.message).includes(secret), 'the error shows a secret');
  assert.ok(!home.logLines.some((line) => line.includes(secret)), 'the log shows a secret');
}

describe('SSH authentication against a real sshd', function () {
  this.timeout(60_000);
  const password = 'S3cret pass!';
  let keyServer: LoopbackSshd;
  let passwordServer: LoopbackSshd;
  let keyboardServer: LoopbackSshd;
  let home: ClientHome;

  before(async () => {
    [keyServer, passwordServer, keyboardServer] = await Promise.all([
      startSshd(), startSshd({ password }), startSshd({ password, keyboardInteractive: true }),
    ]);
  });
  after(async () => {
    await Promise.all([keyServer, passwordServer, keyboardServer].map((server) => server?.stop()));
  });
  beforeEach(() => {
    home = makeClientHome();
    home.writeKnownHosts([keyServer, passwordServer, keyboardServer].map(knownHostsLineFor).join(''));
  });
  afterEach(() => home.cleanup());

  it('logs in with a key file', async () => {
    home.writeConfig(hostBlock('keyed', keyServer));
    assert.equal(await whoAmI(home, 'keyed'), keyServer.user);
  });

  it('logs in through an ssh-agent found by SSH_AUTH_SOCK, and by IdentityAgent', async () => {
    let agent: TestAgent | undefined;
    try {
      agent = await startAgent([keyServer.clientKeyPath]);
      const viaEnvironment = makeClientHome({ SSH_AUTH_SOCK: agent.socket });
      try {
        viaEnvironment.writeKnownHosts(knownHostsLineFor(keyServer));
        viaEnvironment.writeConfig(hostBlock('agent', keyServer, [], false));
        assert.equal(await whoAmI(viaEnvironment, 'agent'), keyServer.user);
        assert.ok(!viaEnvironment.logLines.some((l) => /identity file/.test(l)));
      } finally {
        viaEnvironment.cleanup();
      }
      home.writeConfig(hostBlock('agent', keyServer, [`IdentityAgent ${agent.socket}`], false));
      assert.equal(await whoAmI(home, 'agent'), keyServer.user);
    } finally {
      await agent?.stop();
    }
  });

  it('offers only the configured identities from the agent under IdentitiesOnly', async () => {
    let agent: TestAgent | undefined;
    try {
      agent = await startAgent([keyServer.clientKeyPath]);
      // The agent holds the right key, but IdentityFile names another (missing) one: nothing may be offered.
      home.writeConfig(hostBlock('strict', keyServer, [`IdentityAgent ${agent.socket}`, 'IdentityFile ~/.ssh/other', 'IdentitiesOnly yes'], false));
      await assert.rejects(whoAmI(home, 'strict'), (e: SshError) => e.kind === 'auth-failed');
    } finally {
      await agent?.stop();
    }
  });

  it('asks for the passphrase of an encrypted key, again after a wrong one', async () => {
    const asked: number[] = [];
    home.writeConfig(`${hostBlock('encrypted', keyServer, [`IdentityFile ${keyServer.encryptedKeyPath}`, 'IdentitiesOnly yes'], false)}`);
    const user = await whoAmI(home, 'encrypted', {
      confirmUnknownHostKey: async () => false,
      passphrase: async (file, attempt) => {
        assert.equal(file, keyServer.encryptedKeyPath);
        asked.push(attempt);
        return attempt === 1 ? 'wrong' : keyServer.encryptedKeyPassphrase;
      },
    });
    assert.equal(user, keyServer.user);
    assert.deepEqual(asked, [1, 2]);
    assertNoSecret(home, undefined, keyServer.encryptedKeyPassphrase);
  });

  it('keeps a passphrase in the secret store when told to, uses it next time, and forgets it once wrong', async () => {
    const kept = new Map<string, string>();
    const store = { get: async (k: string) => kept.get(k), store: async (k: string, v: string) => { kept.set(k, v); }, delete: async (k: string) => { kept.delete(k); } };
    const asked: boolean[] = [];
    const withMemory = (answer: string) => {
      const memory = new PassphraseMemory(store, async (_file, previousWasWrong) => {
        asked.push(previousWasWrong);
        return { passphrase: answer, remember: true };
      });
      return { confirmUnknownHostKey: async () => false, passphrase: memory.passphrase };
    };
    home.writeConfig(hostBlock('encrypted', keyServer, [`IdentityFile ${keyServer.encryptedKeyPath}`, 'IdentitiesOnly yes'], false));
    assert.equal(await whoAmI(home, 'encrypted', withMemory(keyServer.encryptedKeyPassphrase)), keyServer.user);
    assert.deepEqual([asked, [...kept.keys()].filter((k) => k.startsWith('ssh-key-passphrase:'))], [[false], [passphraseKey(keyServer.encryptedKeyPath)]]);
    assert.equal(await whoAmI(home, 'encrypted', withMemory('never asked')), keyServer.user);
    assert.deepEqual(asked, [false], 'a kept passphrase is used without asking');
    kept.set(passphraseKey(keyServer.encryptedKeyPath), 'changed since');
    assert.equal(await whoAmI(home, 'encrypted', withMemory(keyServer.encryptedKeyPassphrase)), keyServer.user);
    assert.deepEqual(asked, [false, true], 'the wrong kept passphrase is forgotten and asked again');
    assert.equal(kept.get(passphraseKey(keyServer.encryptedKeyPath)), keyServer.encryptedKeyPassphrase);
    assertNoSecret(home, undefined, keyServer.encryptedKeyPassphrase);
    assertNoSecret(home, undefined, 'changed since');
  });

  it('fails clearly when an encrypted key has no way to be unlocked', async () => {
    home.writeConfig(hostBlock('encrypted', keyServer, [`IdentityFile ${keyServer.encryptedKeyPath}`, 'IdentitiesOnly yes'], false));
    const error = await home.connection('encrypted').exec('true').catch((e: SshError) => e);
    assert.ok(error instanceof SshError);
    assert.equal(error.kind, 'auth-failed');
    assert.equal(error.message, 'could not log in to encrypted as jailtest: the server refused every method (no key, agent or password was available to try; '
      + `identity file ${keyServer.encryptedKeyPath} is encrypted and there is no way to ask for its passphrase)`);
  });

  it('logs in with a password asked through the prompt', async () => {
    home.writeConfig(hostBlock('pw', passwordServer, [], false));
    const asked: string[] = [];
    const user = await whoAmI(home, 'pw', {
      confirmUnknownHostKey: async () => false,
      password: async (target, user) => { asked.push(`${user}@${target}`); return password; },
    });
    assert.equal(user, passwordServer.user);
    assert.deepEqual(asked, ['jailtest@pw']);
  });

  it('gives up after three wrong passwords, with no password in the error or the log', async () => {
    home.writeConfig(hostBlock('pw', passwordServer, [], false));
    let attempts = 0;
    const error = await home.connection('pw', {
      confirmUnknownHostKey: async () => false,
      password: async () => { attempts++; return `wrong-${attempts}-${password}`; },
    }).exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'auth-failed', String(error));
    assert.equal(attempts, 3);
    assert.equal(error.message, 'could not log in to pw as jailtest: the server refused every method (tried password)');
    for (let i = 1; i <= 3; i++) assertNoSecret(home, error, `wrong-${i}`);
  });

  it('answers keyboard-interactive prompts', async () => {
    home.writeConfig(hostBlock('kbd', keyboardServer, [], false));
    const prompts: string[] = [];
    const user = await whoAmI(home, 'kbd', {
      confirmUnknownHostKey: async () => false,
      keyboardInteractive: async (_target, request) => {
        prompts.push(...request.prompts.map((p) => `${p.prompt}|${p.echo}`));
        return request.prompts.map(() => password);
      },
    });
    assert.equal(user, keyboardServer.user);
    assert.deepEqual(prompts, ['Password: |false']);
  });

  it('stops keyboard-interactive when the person gives up', async () => {
    home.writeConfig(hostBlock('kbd', keyboardServer, [], false));
    let asked = 0;
    const error = await home.connection('kbd', {
      confirmUnknownHostKey: async () => false,
      keyboardInteractive: async () => { asked++; return undefined; },
    }).exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'auth-failed', String(error));
    assert.equal(asked, 1);
  });

  it('names a missing key file in the one message', async () => {
    home.writeConfig(hostBlock('nokey', keyServer, ['IdentityFile ~/.ssh/gone', 'IdentitiesOnly yes'], false));
    const error = await home.connection('nokey').exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'auth-failed', String(error));
    assert.equal(error.message, `could not log in to nokey as jailtest: the server refused every method (no key, agent or password was available to try; identity file ${home.home}/.ssh/gone does not exist)`);
  });

  it('says so when the agent it was told to use is not running, or holds no key', async () => {
    const socket = `${home.home}/agent.sock`;
    home.writeConfig(hostBlock('agent', keyServer, [`IdentityAgent ${socket}`], false));
    const error = await home.connection('agent').exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'auth-failed', String(error));
    assert.equal(error.message, `could not log in to agent as jailtest: the server refused every method (no key, agent or password was available to try; the agent at ${socket} is not usable (Failed to connect to agent))`);
    let agent: TestAgent | undefined;
    try {
      agent = await startAgent([]);
      home.writeConfig(hostBlock('agent', keyServer, [`IdentityAgent ${agent.socket}`], false));
      const empty = await home.connection('agent').exec('true').catch((e: unknown) => e);
      assert.ok(empty instanceof SshError);
      assert.equal(empty.message, `could not log in to agent as jailtest: the server refused every method (no key, agent or password was available to try; the agent at ${agent.socket} holds no keys)`);
    } finally {
      await agent?.stop();
    }
  });

  it('fails when no method is available at all', async () => {
    home.writeConfig(hostBlock('nothing', passwordServer, [], false));
    const error = await home.connection('nothing').exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'auth-failed', String(error));
    assert.match(error.message, /no key, agent or password was available/);
  });
});
