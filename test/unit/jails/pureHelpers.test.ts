import { strict as assert } from 'node:assert';
import type { InventoryJail } from '../../../src/core/hosts/inventory';
import { jailCapabilities, jailContextValue } from '../../../src/core/jails/jailCapabilities';
import { jailAddresses, primaryAddress } from '../../../src/core/jails/jailAddress';
import { isJailConfPath, jailConfCheck } from '../../../src/core/jails/jailConfCheck';
import { jailShellArgv, terminalRefusal } from '../../../src/core/jails/jailShell';
import { logCandidates } from '../../../src/core/jails/jailLogs';
import { sshCommandLine } from '../../../src/core/jails/sshCommandLine';
import { locateJailDefinition } from '../../../src/core/jails/jailBlock';
import type { ConfigFileSystem } from '../../../src/core/jailconf';

const running: InventoryJail = {
  name: 'www', state: 'running', enabledAtBoot: false,
  running: { jid: 1, name: 'www', hostname: 'www', path: '/jails/www', ip4: ['192.0.2.10'], ip6: ['2001:db8::10'], dying: false, vnet: false, osrelease: '14.3-RELEASE' },
  config: { source: { file: '/etc/jail.conf' }, parameters: { path: '/jails/www', 'ip4.addr': 'em0|192.0.2.10/24', 'exec.consolelog': '/var/log/jail_www.log' } },
};
const stopped: InventoryJail = {
  name: 'db', state: 'stopped', enabledAtBoot: false,
  config: { source: { file: '/etc/jail.conf' }, parameters: { path: '/jails/db', 'ip4.addr': 'lo1|127.0.0.5/32,em0|192.0.2.5', 'ip6.addr': '2001:db8::5/64' } },
};

describe('jail helpers', () => {
  it('offers only the actions that apply, as contextValue words', () => {
    assert.deepEqual(jailCapabilities(running, true), ['stop', 'terminal', 'run', 'restart', 'config', 'files', 'logs', 'address', 'browser']);
    assert.deepEqual(jailCapabilities(stopped, true), ['start', 'config', 'files', 'logs', 'address']);
    assert.deepEqual(jailCapabilities(running, false), ['config', 'files', 'logs', 'address', 'browser']);
    assert.deepEqual(jailCapabilities({ name: 'gone', state: 'dying', enabledAtBoot: false }, true), []);
    const adHoc: InventoryJail = { ...running, config: undefined };
    assert.deepEqual(jailCapabilities(adHoc, true).filter((c) => c === 'restart' || c === 'config'), []);
    assert.equal(jailContextValue({ ...stopped, manager: 'bastille' }, true), 'jail stopped managed-bastille configured can-start can-config can-files can-logs can-address');
  });

  it('gives plain addresses: what runs, else what is configured, without interface and mask', () => {
    assert.deepEqual(jailAddresses(running), ['192.0.2.10', '2001:db8::10']);
    assert.deepEqual(jailAddresses(stopped), ['127.0.0.5', '192.0.2.5', '2001:db8::5']);
    assert.equal(primaryAddress({ name: 'v', state: 'stopped', enabledAtBoot: false }), undefined);
  });

  it('recognises jail.conf files by the names the language claims', () => {
    for (const path of ['/etc/jail.conf', '/etc/jail.www.conf', '/srv/x.jail.conf', '/etc/jail.conf.d/db.conf', '/usr/local/bastille/jails/b/jail.conf']) assert.ok(isJailConfPath(path), path);
    for (const path of ['/etc/rc.conf', '/etc/jail.conf~', '/etc/jail.conf.d/notes.txt']) assert.ok(!isJailConfPath(path), path);
  });

  it("checks a candidate with jail -e and reports errors under the target's name", () => {
    const check = jailConfCheck('/etc/.jail.conf.jails-1a2b', '/etc/jail.conf');
    assert.deepEqual(check.argv, ['jail', '-f', '/etc/.jail.conf.jails-1a2b', '-e', ' ']);
    assert.deepEqual(check.parse('', 'jail: /etc/.jail.conf.jails-1a2b line 4: unterminated string\n', 1),
      { ok: false, errors: [{ message: '/etc/jail.conf line 4: unterminated string', file: '/etc/jail.conf', line: 4 }] });
    assert.deepEqual(check.parse('name=www\n', '', 0), { ok: true, errors: [] });
    assert.deepEqual(check.parse('', 'Segmentation fault\n', 139), { ok: false, errors: [{ message: 'Segmentation fault' }] });
  });

  it('opens a login in the jail, and refuses jails that cannot take one', () => {
    assert.deepEqual(jailShellArgv('www').slice(0, 3), ['jexec', '-l', 'www']);
    assert.equal(terminalRefusal(running), undefined);
    assert.match(String(terminalRefusal(stopped)), /db is stopped/);
  });

  it('lists the console log first, then logs inside the jail root', () => {
    const logs = logCandidates(running);
    assert.deepEqual(logs[0], { path: '/var/log/jail_www.log', label: 'Console log' });
    assert.ok(logs.slice(1).every((l) => l.path.startsWith('/jails/www/var/log/')));
  });

  it('writes ssh command lines a shell reads back as meant', () => {
    assert.equal(sshCommandLine({ destination: { kind: 'alias', alias: 'web' }, privilege: 'doas' }, 'www'), 'ssh -t web doas -n jexec -l www');
    assert.equal(sshCommandLine({ destination: { kind: 'address', user: 'admin', host: 'h.example', port: 2222 }, privilege: 'root', identityFile: '/home/me/my key' }, "it's"),
      "ssh -t -i '/home/me/my key' -p 2222 admin@h.example jexec -l 'it'\\''s'");
    assert.equal(sshCommandLine({ destination: { kind: 'address', host: '::1' }, privilege: 'none' }), 'ssh ::1');
  });

  it('finds the block of a jail, through includes and nested blocks', async () => {
    const files: Record<string, string> = {
      '/etc/jail.conf': 'path = "/j/$name";\n.include "/etc/jail.conf.d/*.conf";\nwww {\n  host.hostname = www;\n}\n',
      '/etc/jail.conf.d/db.conf': '# db\n\ndb {\n  persist;\n  inner {\n    persist;\n  }\n}\n',
    };
    const fs: ConfigFileSystem = {
      readFile: async (path) => {
        if (path in files) return files[path];
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
      readDirectory: async (path) => {
        const prefix = path.endsWith('/') ? path : `${path}/`;
        const names = new Map<string, boolean>();
        for (const file of Object.keys(files).filter((f) => f.startsWith(prefix))) {
          const [first, ...rest] = file.slice(prefix.length).split('/');
          names.set(first, rest.length > 0);
        }
        return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
      },
    };
    assert.deepEqual(await locateJailDefinition('/etc/jail.conf', 'www', fs), { file: '/etc/jail.conf', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } } });
    assert.deepEqual((await locateJailDefinition('/etc/jail.conf', 'db', fs))?.file, '/etc/jail.conf.d/db.conf');
    assert.equal((await locateJailDefinition('/etc/jail.conf', 'db', fs))?.range.start.line, 2);
    assert.equal((await locateJailDefinition('/etc/jail.conf', 'db.inner', fs))?.range.start.line, 4);
    assert.equal(await locateJailDefinition('/etc/jail.conf', 'nosuch', fs), undefined);
  });
});
