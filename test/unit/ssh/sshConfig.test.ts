import { strict as assert } from 'node:assert';
import { Destination } from '../../../src/core/hosts/destination';
import { SshConfigError } from '../../../src/core/ssh/configError';
import { listHostAliases } from '../../../src/core/ssh/configFiles';
import { parseProxyJump, resolveSshConfig } from '../../../src/core/ssh/sshConfig';
import { memorySystem } from './memorySystem';

const alias = (name: string): Destination => ({ kind: 'alias', alias: name });
const userConfig = '/home/alice/.ssh/config';

describe('resolveSshConfig', () => {
  it('uses OpenSSH defaults when no file says anything', async () => {
    const r = await resolveSshConfig({ kind: 'address', host: 'jails.example.org' }, memorySystem({}, { SSH_AUTH_SOCK: '/tmp/agent.sock' }));
    assert.equal(r.hostName, 'jails.example.org');
    assert.equal(r.user, 'alice');
    assert.equal(r.port, 22);
    assert.deepEqual(r.identityFiles.map((f) => f.path), ['/home/alice/.ssh/id_rsa', '/home/alice/.ssh/id_ecdsa', '/home/alice/.ssh/id_ed25519']);
    assert.ok(r.identityFiles.every((f) => !f.explicit));
    assert.equal(r.identityAgent, '/tmp/agent.sock');
    assert.deepEqual(r.userKnownHostsFiles, ['/home/alice/.ssh/known_hosts', '/home/alice/.ssh/known_hosts2']);
    assert.deepEqual(r.globalKnownHostsFiles, ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    assert.equal(r.strictHostKeyChecking, 'ask');
    assert.equal(r.hashKnownHosts, false);
    assert.equal(r.connectTimeoutMs, undefined);
    assert.equal(r.serverAliveIntervalMs, 0);
    assert.equal(r.proxyJump, undefined);
    assert.equal(r.proxyCommand, undefined);
  });

  it('reads every setting of an alias, first value winning and keywords in any case', async () => {
    const system = memorySystem({
      [userConfig]: [
        'Host web1',
        '  HOSTNAME 192.0.2.10',
        '  user admin',
        '  Port 2222',
        '  IdentityFile ~/.ssh/%h_%r_%p_%u',
        '  IdentityFile "%d/keys/with space"',
        '  IdentitiesOnly yes',
        '  IdentityAgent ~/.ssh/agent.%n.sock',
        '  UserKnownHostsFile ~/.ssh/known_%h %d/second',
        '  StrictHostKeyChecking accept-new',
        '  HashKnownHosts yes',
        '  ConnectTimeout 7',
        '  ServerAliveInterval 15',
        '  ServerAliveCountMax 5',
        '  HostKeyAlias web1-key',
        'Host *',
        '  User nobody',
        '  Port 22',
        '',
      ].join('\n'),
    });
    const r = await resolveSshConfig(alias('web1'), system);
    assert.equal(r.host, 'web1');
    assert.equal(r.hostName, '192.0.2.10');
    assert.equal(r.user, 'admin');
    assert.equal(r.port, 2222);
    assert.deepEqual(r.identityFiles, [
      { path: '/home/alice/.ssh/192.0.2.10_admin_2222_alice', explicit: true },
      { path: '/home/alice/keys/with space', explicit: true },
    ]);
    assert.equal(r.identitiesOnly, true);
    assert.equal(r.identityAgent, '/home/alice/.ssh/agent.web1.sock');
    assert.deepEqual(r.userKnownHostsFiles, ['/home/alice/.ssh/known_192.0.2.10', '/home/alice/second']);
    assert.equal(r.strictHostKeyChecking, 'accept-new');
    assert.equal(r.hashKnownHosts, true);
    assert.equal(r.connectTimeoutMs, 7000);
    assert.equal(r.serverAliveIntervalMs, 15000);
    assert.equal(r.serverAliveCountMax, 5);
    assert.equal(r.hostKeyAlias, 'web1-key');
  });

  it('matches Host patterns with wildcards and negation, case-insensitively for the name typed', async () => {
    const system = memorySystem({
      [userConfig]: 'Host *.example.org !secret.example.org\n  User ops\nHost secret.*\n  User vault\n',
    });
    assert.equal((await resolveSshConfig(alias('DB.example.org'), system)).user, 'ops');
    assert.equal((await resolveSshConfig(alias('secret.example.org'), system)).user, 'vault');
    assert.equal((await resolveSshConfig(alias('other.net'), system)).user, 'alice');
  });

  it('expands %h and %% in HostName, and %% everywhere', async () => {
    const system = memorySystem({ [userConfig]: 'Host short\n  HostName %h.example.org\n  IdentityFile ~/100%%_%h\n' });
    const r = await resolveSshConfig(alias('short'), system);
    assert.equal(r.hostName, 'short.example.org');
    assert.equal(r.identityFiles[0].path, '/home/alice/100%_short.example.org');
  });

  it('refuses a token OpenSSH does not know, naming the setting', async () => {
    const system = memorySystem({ [userConfig]: 'Host h\n  IdentityFile ~/.ssh/%z\n' });
    await assert.rejects(resolveSshConfig(alias('h'), system), (e: Error) => e instanceof SshConfigError && /IdentityFile.*%z/.test(e.message));
  });

  it('lets explicit settings override the files', async () => {
    const system = memorySystem({ [userConfig]: 'Host web1\n  User admin\n  Port 2222\n  IdentityFile ~/.ssh/config_key\n  UserKnownHostsFile ~/kh\n' });
    const r = await resolveSshConfig(alias('web1'), system, {
      overrides: { user: 'root', port: 22, identityFiles: ['/keys/cli'], userKnownHostsFiles: ['/tmp/kh'], strictHostKeyChecking: 'yes', connectTimeoutMs: 1500 },
    });
    assert.equal(r.user, 'root');
    assert.equal(r.port, 22);
    assert.deepEqual(r.identityFiles.map((f) => f.path), ['/keys/cli', '/home/alice/.ssh/config_key']);
    assert.deepEqual(r.userKnownHostsFiles, ['/tmp/kh']);
    assert.equal(r.strictHostKeyChecking, 'yes');
    assert.equal(r.connectTimeoutMs, 1500);
  });

  it('applies config to user@host:port destinations too, the typed user and port winning', async () => {
    const system = memorySystem({ [userConfig]: 'Host *.example.org\n  User ops\n  Port 2200\n  IdentityFile ~/.ssh/example\n' });
    const typed = await resolveSshConfig({ kind: 'address', user: 'root', host: 'jails.example.org', port: 2022 }, system);
    assert.deepEqual([typed.user, typed.port, typed.identityFiles[0].path], ['root', 2022, '/home/alice/.ssh/example']);
    const bare = await resolveSshConfig({ kind: 'address', host: 'jails.example.org' }, system);
    assert.deepEqual([bare.user, bare.port], ['ops', 2200]);
  });

  it('reads the agent from IdentityAgent forms: none, SSH_AUTH_SOCK, $VAR, ${VAR} in a path', async () => {
    const system = memorySystem({
      [userConfig]: 'Host a\n  IdentityAgent none\nHost b\n  IdentityAgent SSH_AUTH_SOCK\nHost c\n  IdentityAgent $OTHER_SOCK\nHost d\n  IdentityAgent ${XDG_RUNTIME_DIR}/agent\n',
    }, { SSH_AUTH_SOCK: '/run/default.sock', OTHER_SOCK: '/run/other.sock', XDG_RUNTIME_DIR: '/run/user/1000' });
    assert.equal((await resolveSshConfig(alias('a'), system)).identityAgent, undefined);
    assert.equal((await resolveSshConfig(alias('b'), system)).identityAgent, '/run/default.sock');
    assert.equal((await resolveSshConfig(alias('c'), system)).identityAgent, '/run/other.sock');
    assert.equal((await resolveSshConfig(alias('d'), system)).identityAgent, '/run/user/1000/agent');
  });

  it('expands ProxyCommand tokens', async () => {
    const system = memorySystem({ [userConfig]: 'Host inner\n  HostName 10.0.0.5\n  User deploy\n  ProxyCommand ssh -W %h:%p -l %r bastion-for-%n\n' });
    const r = await resolveSshConfig(alias('inner'), system);
    assert.equal(r.proxyCommand, 'ssh -W 10.0.0.5:22 -l deploy bastion-for-inner');
    assert.equal(r.proxyJump, undefined);
  });

  it('follows a ProxyJump chain, each hop with its own settings', async () => {
    const system = memorySystem({
      [userConfig]: [
        'Host target',
        '  HostName 10.0.0.9',
        '  ProxyJump ops@outer:2201,middle',
        'Host middle',
        '  HostName 10.0.0.2',
        '  User hop',
        '  ProxyJump nowhere',
        'Host outer',
        '  HostName outer.example.org',
        '  IdentityFile ~/.ssh/outer',
        '',
      ].join('\n'),
    });
    const r = await resolveSshConfig(alias('target'), system, { overrides: { userKnownHostsFiles: ['/kh'], identityFiles: ['/only-target'] } });
    const middle = r.proxyJump;
    assert.ok(middle);
    assert.deepEqual([middle.host, middle.hostName, middle.user, middle.port], ['middle', '10.0.0.2', 'hop', 22]);
    // The chain given to the target replaces middle's own ProxyJump (as `ssh -J outer middle` would).
    const outer = middle.proxyJump;
    assert.ok(outer);
    assert.deepEqual([outer.host, outer.hostName, outer.user, outer.port], ['outer', 'outer.example.org', 'ops', 2201]);
    assert.deepEqual(outer.identityFiles.map((f) => f.path), ['/home/alice/.ssh/outer']);
    assert.equal(outer.proxyJump, undefined);
    assert.deepEqual(outer.userKnownHostsFiles, ['/kh']);
    assert.deepEqual(r.identityFiles.map((f) => f.path), ['/only-target']);
  });

  it('takes the first hop\'s own ProxyJump into account, and refuses loops', async () => {
    const chained = memorySystem({ [userConfig]: 'Host a\n  ProxyJump b\nHost b\n  ProxyJump c\n' });
    const r = await resolveSshConfig(alias('a'), chained);
    assert.equal(r.proxyJump?.host, 'b');
    assert.equal(r.proxyJump?.proxyJump?.host, 'c');
    const looping = memorySystem({ [userConfig]: 'Host *\n  ProxyJump bastion\n' });
    await assert.rejects(resolveSshConfig(alias('web'), looping), (e: Error) => e instanceof SshConfigError && /web → bastion → bastion/.test(e.message));
  });

  it('uses whichever of ProxyJump and ProxyCommand comes first; none disables', async () => {
    const system = memorySystem({
      [userConfig]: 'Host a\n  ProxyCommand nc %h %p\n  ProxyJump j\nHost b\n  ProxyJump j\n  ProxyCommand nc %h %p\nHost c\n  ProxyJump none\n',
    });
    const a = await resolveSshConfig(alias('a'), system);
    assert.equal(a.proxyCommand, 'nc a 22');
    assert.equal(a.proxyJump, undefined);
    const b = await resolveSshConfig(alias('b'), system);
    assert.equal(b.proxyCommand, undefined);
    assert.equal(b.proxyJump?.host, 'j');
    assert.equal((await resolveSshConfig(alias('c'), system)).proxyJump, undefined);
  });

  it('parses ProxyJump hops', () => {
    assert.deepEqual(parseProxyJump('ssh://u@h:2,[2001:db8::1]:22,plain'), [
      { kind: 'address', user: 'u', host: 'h', port: 2 },
      { kind: 'address', user: undefined, host: '2001:db8::1', port: 22 },
      { kind: 'alias', alias: 'plain' },
    ]);
    assert.throws(() => parseProxyJump('a b'), SshConfigError);
  });

  it('refuses settings with values OpenSSH would refuse', async () => {
    for (const bad of ['Port 0', 'Port x', 'StrictHostKeyChecking maybe', 'IdentitiesOnly perhaps', 'ConnectTimeout 1.5']) {
      const system = memorySystem({ [userConfig]: `Host h\n  ${bad}\n` });
      await assert.rejects(resolveSshConfig(alias('h'), system), SshConfigError, bad);
    }
  });

  it('reads the system file after the user file', async () => {
    const system = memorySystem({
      [userConfig]: 'Host h\n  User mine\n',
      '/etc/ssh/ssh_config': 'Include /etc/ssh/ssh_config.d/*.conf\nHost *\n  User system\n  Port 2022\n',
      '/etc/ssh/ssh_config.d/10-timeouts.conf': 'ConnectTimeout 9\n',
    });
    const r = await resolveSshConfig(alias('h'), system);
    assert.deepEqual([r.user, r.port, r.connectTimeoutMs], ['mine', 2022, 9000]);
  });
});

describe('Include in ssh config', () => {
  it('follows globs relative to ~/.ssh in sorted order, skipping dot files', async () => {
    const system = memorySystem({
      [userConfig]: 'Include config.d/*.conf\nHost *\n  User fallback\n',
      '/home/alice/.ssh/config.d/20-web.conf': 'Host web\n  User second\n  Port 2002\n',
      '/home/alice/.ssh/config.d/10-web.conf': 'Host web\n  User first\n',
      '/home/alice/.ssh/config.d/.hidden.conf': 'Host web\n  Port 9999\n',
      '/home/alice/.ssh/config.d/notes.txt': 'Host web\n  Port 1111\n',
    });
    const r = await resolveSshConfig(alias('web'), system);
    assert.deepEqual([r.user, r.port], ['first', 2002]);
  });

  it('follows absolute, ~ and nested includes, and globs in directory names', async () => {
    const system = memorySystem({
      [userConfig]: 'Include ~/.ssh/a.conf /etc/extra/*/host.conf\n',
      '/home/alice/.ssh/a.conf': 'Include b.conf\n',
      '/home/alice/.ssh/b.conf': 'Host web\n  HostName web.internal\n',
      '/etc/extra/team1/host.conf': 'Host web\n  User team1\n',
    });
    const r = await resolveSshConfig(alias('web'), system);
    assert.deepEqual([r.hostName, r.user], ['web.internal', 'team1']);
  });

  it('ignores patterns that match nothing and missing files', async () => {
    const system = memorySystem({ [userConfig]: 'Include nothing/* missing.conf\nHost web\n  User u\n' });
    assert.equal((await resolveSshConfig(alias('web'), system)).user, 'u');
  });

  it('applies an Include inside a Host block only for that host; the block goes on after it', async () => {
    const system = memorySystem({
      [userConfig]: 'Host web\n  Include web.conf\n  IdentityFile ~/.ssh/web\nHost db\n  Include web.conf\n',
      '/home/alice/.ssh/web.conf': 'User from-include\nHost web\n  Port 2200\nHost other\n  Port 1\n',
    });
    const web = await resolveSshConfig(alias('web'), system);
    assert.deepEqual([web.user, web.port, web.identityFiles.map((f) => f.path)], ['from-include', 2200, ['/home/alice/.ssh/web']]);
    const db = await resolveSshConfig(alias('db'), system);
    // Inside `Host db` the leading User applies; the included `Host web` block does not match db.
    assert.deepEqual([db.user, db.port], ['from-include', 22]);
    const other = await resolveSshConfig(alias('other'), system);
    assert.deepEqual([other.user, other.port], ['alice', 22]);
  });

  it('refuses includes nested deeper than OpenSSH allows', async () => {
    const system = memorySystem({ [userConfig]: 'Include config\n' });
    await assert.rejects(resolveSshConfig(alias('x'), system), (e: Error) => e instanceof SshConfigError && /Too many recursive/.test(e.message));
  });
});

describe('listHostAliases', () => {
  it('lists the single-host patterns of the user\'s files, Includes followed, each once', async () => {
    const system = memorySystem({
      [userConfig]: 'Host web1 web2 *.example.org !bad\n  User u\nInclude conf.d/*\nHost db\n  Include inner.conf\nHost web1\n  Port 2\n',
      '/home/alice/.ssh/conf.d/team': 'Host build?\nHost jails-01\n',
      '/home/alice/.ssh/inner.conf': 'Host inner-host\n',
      '/etc/ssh/ssh_config': 'Host system-host\n',
    });
    assert.deepEqual(await listHostAliases(system), ['web1', 'web2', 'jails-01', 'db', 'inner-host']);
  });
});

describe('how targets are named in messages', () => {
  it('uses what the user wrote, without the user, with a typed port', async () => {
    const system = memorySystem({ [userConfig]: 'Host web1\n  Port 2222\n' });
    assert.equal((await resolveSshConfig(alias('web1'), system)).label, 'web1');
    assert.equal((await resolveSshConfig({ kind: 'address', user: 'root', host: 'Jails.example.org', port: 2200 }, system)).label, 'jails.example.org:2200');
    assert.equal((await resolveSshConfig({ kind: 'address', user: 'root', host: '192.0.2.1' }, system)).label, '192.0.2.1');
  });
});
