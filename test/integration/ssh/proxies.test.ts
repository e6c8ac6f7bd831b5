import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnknownHostKey } from '../../../src/core/ssh/prompts';
import { SshError } from '../../../src/core/ssh/sshError';
import { ClientHome, hostBlock, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { LoopbackSshd, startSshd } from '../support/sshd';

describe('ProxyJump and ProxyCommand against real sshds', function () {
  this.timeout(60_000);
  let target: LoopbackSshd;
  let middle: LoopbackSshd;
  let outer: LoopbackSshd;
  let home: ClientHome;

  before(async () => {
    target = await startSshd();
    // "target.jails.test" resolves only on the jump hosts: connecting works through them or not at all.
    const hosts = { 'target.jails.test': '127.0.0.1', 'middle.jails.test': '127.0.0.1' };
    [middle, outer] = await Promise.all([startSshd({ hosts }), startSshd({ hosts })]);
  });
  after(async () => {
    await Promise.all([target, middle, outer].map((s) => s?.stop()));
  });
  beforeEach(() => {
    home = makeClientHome();
    home.writeKnownHosts([outer, middle].map(knownHostsLineFor).join('')
      + `[target.jails.test]:${target.port} ${target.hostPublicKey}\n[middle.jails.test]:${middle.port} ${middle.hostPublicKey}\n`);
  });
  afterEach(() => home.cleanup());

  const targetBlock = (jump: string) => [`Host target`, '  HostName target.jails.test', `  Port ${target.port}`, `  User ${target.user}`,
    `  IdentityFile ${target.clientKeyPath}`, `  ProxyJump ${jump}`, ''].join('\n');

  it('reaches a host through one jump host, checking both host keys', async () => {
    home.writeConfig(targetBlock('outer') + hostBlock('outer', outer));
    const result = await home.connection('target').exec('echo "$SSH_CONNECTION"');
    assert.match(result.stdout.toString(), new RegExp(` 127\\.0\\.0\\.1 ${target.port}\\n$`));
    assert.match(outer.log(), /Accepted publickey/);
  });

  it('follows a chain of two jump hosts, the second named as only the first can resolve it', async () => {
    home.writeConfig(targetBlock('outer,middle') + hostBlock('outer', outer) + hostBlock('middle', middle).replace('HostName 127.0.0.1', 'HostName middle.jails.test'));
    assert.equal((await home.connection('target').exec('id -un')).stdout.toString(), `${target.user}\n`);
  });

  it('verifies the jump host\'s key too, asking about it by its own name', async () => {
    home.writeKnownHosts(`[target.jails.test]:${target.port} ${target.hostPublicKey}\n`);
    home.writeConfig(targetBlock('outer') + hostBlock('outer', outer));
    const asked: UnknownHostKey[] = [];
    const error = await home.connection('target', { confirmUnknownHostKey: async (_f, d) => { asked.push(d); return false; } })
      .exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'host-key-declined', String(error));
    assert.deepEqual(asked.map((a) => [a.target, a.knownHostsName, a.fingerprint]), [['outer', `[127.0.0.1]:${outer.port}`, outer.hostKeyFingerprint]]);
  });

  it('says which jump host could not reach the next one', async () => {
    home.writeConfig(targetBlock('outer').replace(`Port ${target.port}`, 'Port 1') + hostBlock('outer', outer));
    const error = await home.connection('target').exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'proxy-failed', String(error));
    assert.match(error.message, /^the jump host outer could not connect to target\.jails\.test port 1: /);
  });

  it('loses the session when the jump host goes away', async () => {
    const jump = await startSshd({ hosts: { 'target.jails.test': '127.0.0.1' } });
    try {
      home.writeKnownHosts(home.knownHosts() + knownHostsLineFor(jump));
      home.writeConfig(targetBlock('jump') + hostBlock('jump', jump));
      const connection = home.connection('target');
      await connection.exec('true');
      const pending = connection.exec('sleep 30');
      await jump.stop();
      const error = await pending.catch((e: unknown) => e);
      assert.ok(error instanceof SshError && error.kind === 'link-lost', String(error));
      assert.match(error.message, /^connection to target lost/);
    } finally {
      await jump.stop();
    }
  });

  it('connects through a ProxyCommand\'s standard input and output', async () => {
    const relay = join(home.home, 'relay.js');
    writeFileSync(relay, "const s = require('net').connect(Number(process.argv[3]), process.argv[2]); process.stdin.pipe(s); s.pipe(process.stdout);\n");
    home.writeConfig(hostBlock('piped', target, [`ProxyCommand ${process.execPath} ${relay} %h %p`]));
    home.writeKnownHosts(knownHostsLineFor(target));
    assert.equal((await home.connection('piped').exec('id -un')).stdout.toString(), `${target.user}\n`);
  });

  it('explains a ProxyCommand that fails', async () => {
    home.writeConfig(hostBlock('piped', target, ['ProxyCommand sh -c "echo no route to %h >&2; exit 3"']));
    const error = await home.connection('piped').exec('true').catch((e: unknown) => e);
    assert.ok(error instanceof SshError && error.kind === 'proxy-failed', String(error));
    assert.equal(error.message, 'ProxyCommand for piped exited with status 3: no route to 127.0.0.1');
  });
});
