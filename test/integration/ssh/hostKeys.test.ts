import { strict as assert } from 'node:assert';
import { hashedHostField } from '../../../src/core/ssh/knownHostsFile';
import { UnknownHostKey } from '../../../src/core/ssh/prompts';
import { SshError } from '../../../src/core/ssh/sshError';
import { ClientHome, hostBlock, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { LoopbackSshd, startSshd } from '../support/sshd';

describe('SSH host key verification against a real sshd', function () {
  this.timeout(60_000);
  let server: LoopbackSshd;
  let impostor: LoopbackSshd;
  let home: ClientHome;
  const name = () => `[127.0.0.1]:${server.port}`;

  before(async () => {
    [server, impostor] = await Promise.all([startSshd({ password: 'pw' }), startSshd()]);
  });
  after(async () => {
    await Promise.all([server, impostor].map((s) => s?.stop()));
  });
  beforeEach(() => {
    home = makeClientHome();
    home.writeConfig(hostBlock('web', server));
  });
  afterEach(() => home.cleanup());

  /** Prompts that record every question and answer the host key one as told; a password is never given. */
  function recordingPrompts(trust: boolean) {
    const asked: UnknownHostKey[] = [];
    let passwordAsked = false;
    return {
      asked,
      passwordAsked: () => passwordAsked,
      prompts: {
        confirmUnknownHostKey: async (fingerprint: string, details: UnknownHostKey) => {
          assert.equal(fingerprint, details.fingerprint);
          asked.push(details);
          return trust;
        },
        password: async () => { passwordAsked = true; return undefined; },
      },
    };
  }

  const runTrue = (prompts: ReturnType<typeof recordingPrompts>['prompts']) => home.connection('web', prompts).exec('true');
  const failure = async (prompts: ReturnType<typeof recordingPrompts>['prompts']) => {
    const error = await runTrue(prompts).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof SshError, `expected an SshError, got ${String(error)}`);
    return error;
  };

  it('passes a known key silently', async () => {
    home.writeKnownHosts(`# mine\n${knownHostsLineFor(server)}`);
    const r = recordingPrompts(false);
    assert.equal((await runTrue(r.prompts)).exitCode, 0);
    assert.deepEqual(r.asked, []);
  });

  it('passes a key filed under a hashed name', async () => {
    home.writeKnownHosts(`${hashedHostField(name())} ${server.hostPublicKey}\n`);
    const r = recordingPrompts(false);
    assert.equal((await runTrue(r.prompts)).exitCode, 0);
    assert.deepEqual(r.asked, []);
  });

  it('asks about an unknown key with its SHA256 fingerprint, and records it when trusted', async () => {
    const r = recordingPrompts(true);
    assert.equal((await runTrue(r.prompts)).exitCode, 0);
    assert.equal(r.asked.length, 1);
    assert.deepEqual(r.asked[0], {
      target: 'web', knownHostsName: name(), keyType: 'ssh-ed25519', fingerprint: server.hostKeyFingerprint, otherKnownKeyTypes: [],
    });
    assert.equal(home.knownHosts(), knownHostsLineFor(server));
    // Recorded: the next connection does not ask.
    const again = recordingPrompts(false);
    assert.equal((await home.connection('web', again.prompts).exec('true')).exitCode, 0);
    assert.deepEqual(again.asked, []);
  });

  it('records a trusted key hashed when HashKnownHosts is yes', async () => {
    home.writeConfig(hostBlock('web', server, ['HashKnownHosts yes']));
    await runTrue(recordingPrompts(true).prompts);
    assert.match(home.knownHosts(), /^\|1\|[^ ]+ ssh-ed25519 AAAA[^ ]+\n$/);
    assert.equal((await home.connection('web', recordingPrompts(false).prompts).exec('true')).exitCode, 0);
  });

  it('refuses an unknown key the person does not trust, before any credential is sent', async () => {
    const r = recordingPrompts(false);
    const logBefore = server.log().length;
    const error = await failure(r.prompts);
    assert.equal(error.kind, 'host-key-declined');
    assert.match(error.message, new RegExp(`host key of web \\(ssh-ed25519 ${server.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}\\) was not trusted`));
    assert.equal(r.passwordAsked(), false);
    assert.equal(home.knownHosts(), '');
    assert.doesNotMatch(server.log().slice(logBefore), /Accepted|Postponed|Failed/);
  });

  it('refuses an unknown key without asking under StrictHostKeyChecking yes', async () => {
    home.writeConfig(hostBlock('web', server, ['StrictHostKeyChecking yes']));
    const r = recordingPrompts(true);
    const error = await failure(r.prompts);
    assert.equal(error.kind, 'host-key-unknown');
    assert.equal(error.message, `the host key of web (ssh-ed25519 ${server.hostKeyFingerprint}) is not in known_hosts, and StrictHostKeyChecking is yes; not connecting`);
    assert.deepEqual(r.asked, []);
  });

  it('accepts and records an unknown key without asking under StrictHostKeyChecking accept-new', async () => {
    home.writeConfig(hostBlock('web', server, ['StrictHostKeyChecking accept-new']));
    const r = recordingPrompts(false);
    assert.equal((await runTrue(r.prompts)).exitCode, 0);
    assert.deepEqual(r.asked, []);
    assert.equal(home.knownHosts(), knownHostsLineFor(server));
  });

  it('refuses a changed key, naming both fingerprints and the line of the old one, with no way round', async () => {
    home.writeKnownHosts(`# old\n${name()} ${impostor.hostPublicKey}\n`);
    for (const policy of ['ask', 'accept-new', 'no']) {
      home.writeConfig(hostBlock('web', server, [`StrictHostKeyChecking ${policy}`]));
      const r = recordingPrompts(true);
      const error = await failure(r.prompts);
      assert.equal(error.kind, 'host-key-changed');
      assert.equal(error.message, `the host key of web has CHANGED: the server now presents ssh-ed25519 ${server.hostKeyFingerprint}, `
        + `but ${home.knownHostsFile} line 2 holds ${impostor.hostKeyFingerprint}. Someone could be intercepting the connection, or the host `
        + `was reinstalled; not connecting. If the change is expected, remove the old key (ssh-keygen -R '${name()}' -f ${home.knownHostsFile}) and connect again`);
      assert.deepEqual(r.asked, []);
      assert.equal(r.passwordAsked(), false);
    }
  });

  it('refuses a revoked key', async () => {
    home.writeKnownHosts(`${knownHostsLineFor(server)}@revoked * ${server.hostPublicKey}\n`);
    const r = recordingPrompts(true);
    const error = await failure(r.prompts);
    assert.equal(error.kind, 'host-key-revoked');
    assert.equal(error.message, `the host key of web (ssh-ed25519 ${server.hostKeyFingerprint}) is marked @revoked in ${home.knownHostsFile} line 2; not connecting`);
    assert.deepEqual(r.asked, []);
  });

  it('does not let a @cert-authority entry vouch for a plain key', async () => {
    home.writeKnownHosts(`@cert-authority * ${server.hostPublicKey}\n`);
    const r = recordingPrompts(false);
    assert.equal((await failure(r.prompts)).kind, 'host-key-declined');
    assert.equal(r.asked.length, 1);
  });
});
