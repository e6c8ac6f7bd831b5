import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJailConfigDump } from '../../../src/core/freebsd/jailConfigDump';
import { inventoryScript, parseInventory } from '../../../src/core/hosts/inventory';
import type { HostCapabilities } from '../../../src/core/hosts/probe';

const nonce = 'inv3nt0ry';
const capabilities: HostCapabilities = {
  kernelVersion: '14.3-RELEASE',
  userlandVersion: '14.3-RELEASE',
  osreldate: 1403000,
  jailed: false,
  vimage: true,
  jailParameters: [],
  zfsPools: [],
  jlsLibxo: true,
  jailConfigDump: true,
  managers: [{ name: 'bastille', path: '/usr/local/bin/bastille' }],
  user: 'root',
  privilege: 'root',
};

const section = (name: string, body: string, status = 0) => `@@${nonce} begin ${name}\n${body}\n@@${nonce} end ${name} ${status}`;
const file = (path: string, body: string, status = 0) => `@@${nonce} file ${path}\n${body}\n@@${nonce} status ${status}`;

const jls = JSON.stringify({
  __version: '2',
  'jail-information': {
    jail: [
      { jid: '1', name: 'www', 'host.hostname': 'www.example.org', path: '/usr/local/jails/www', 'ip4.addr': ['10.213.0.10'], dying: false, vnet: 'inherit', osrelease: '14.3-RELEASE' },
      { jid: '2', name: 'ioc-legacy', 'host.hostname': 'legacy', path: '/iocage/jails/legacy/root', dying: false, vnet: 'inherit', osrelease: '13.4-RELEASE' },
      { jid: '3', name: 'web', 'host.hostname': 'web', path: '/usr/local/bastille/jails/web/root', dying: true, vnet: 'inherit', osrelease: '14.3-RELEASE' },
    ],
  },
});

const stdout = [
  section('jls', jls),
  section('rcconf', 'jail_enable="YES"\njail_list="www db"'),
  section(
    'configs',
    [
      file('/etc/jail.conf', 'name=www path=/usr/local/jails/www host.hostname=www.example.org exec.start="/bin/sh /etc/rc"\nname=db path=/usr/local/jails/db persist'),
      file('/etc/jail.conf.d/broken.conf', 'jail: /etc/jail.conf.d/broken.conf line 3: }: syntax error', 1),
    ].join('\n'),
  ),
  section('manager-bastille', file('/usr/local/bastille/jails/web/jail.conf', 'name=web path=/usr/local/bastille/jails/web/root')),
  section('manager-appjail', ''),
  section('manager-throwaway', ''),
].join('\n');

describe('inventory', () => {
  it('is one sh script that asks jls, rc.conf and every configuration at once', () => {
    const script = inventoryScript(capabilities, nonce);
    assert.match(script, /jls --libxo json -d -n jid name host\.hostname path ip4\.addr ip6\.addr dying vnet osrelease/);
    assert.match(script, /jail -f "\$f" -e ' '/);
    assert.match(script, /\/usr\/local\/bastille\/jails\/\*\/jail\.conf/);
    assert.match(script, /\/usr\/local\/appjail\/jails\/\*\/conf\/jail\.conf/);
    execFileSync('/bin/sh', ['-n'], { input: script });
  });

  it('falls back to jls -n -q without libxo, and to the configuration files\' texts without jail -e', () => {
    const script = inventoryScript({ ...capabilities, jlsLibxo: false, jailConfigDump: false }, nonce);
    assert.match(script, /jls -d -n -q jid name/);
    assert.doesNotMatch(script, /-e ' '/);
    assert.match(script, /begin config-texts/);
    execFileSync('/bin/sh', ['-n'], { input: script });
  });

  it('lists configured jails from the files\' texts on a host without jail -e', () => {
    const old = { ...capabilities, jailConfigDump: false };
    const texts = [
      `@@${nonce} root - /etc/jail.conf`,
      `@@${nonce} root bastille /usr/local/bastille/jails/web/jail.conf`,
      `@@${nonce} file /etc/jail.conf`, 'path = "/usr/local/jails/$name";\nwww { persist; }\ndb { nopersist; exec.start = "/bin/sh /etc/rc"; }\n', `@@${nonce} status 0`,
      `@@${nonce} file /usr/local/bastille/jails/web/jail.conf`, 'web { path = /usr/local/bastille/jails/web/root; }', `@@${nonce} status 0`,
    ].join('\n');
    const inventory = parseInventory([section('jls', jls), section('rcconf', ''), section('config-texts', texts)].join('\n'), old, nonce);
    assert.deepEqual(inventory.jails.map((j) => [j.name, j.state, j.manager ?? '', j.config?.source.file ?? '']), [
      ['db', 'stopped', '', '/etc/jail.conf'],
      ['ioc-legacy', 'running', 'iocage', ''],
      ['web', 'dying', 'bastille', '/usr/local/bastille/jails/web/jail.conf'],
      ['www', 'running', '', '/etc/jail.conf'],
    ]);
    assert.deepEqual(inventory.jails.find((j) => j.name === 'db')?.config?.parameters,
      { name: 'db', path: '/usr/local/jails/db', persist: false, 'exec.start': '/bin/sh /etc/rc' });
    assert.deepEqual(inventory.configErrors, []);
  });

  it('joins running and configured jails, with states, managers and boot settings', () => {
    const inventory = parseInventory(stdout, capabilities, nonce);
    assert.equal(inventory.jailEnable, true);
    assert.deepEqual(
      inventory.jails.map((j) => [j.name, j.state, j.manager ?? '', j.enabledAtBoot, j.config?.source.file ?? '']),
      [
        ['db', 'stopped', '', true, '/etc/jail.conf'],
        ['ioc-legacy', 'running', 'iocage', false, ''],
        ['web', 'dying', 'bastille', false, '/usr/local/bastille/jails/web/jail.conf'],
        ['www', 'running', '', true, '/etc/jail.conf'],
      ],
    );
    const www = inventory.jails.find((j) => j.name === 'www');
    assert.equal(www?.running?.jid, 1);
    assert.equal(www?.config?.parameters['exec.start'], '/bin/sh /etc/rc');
    assert.equal(inventory.jails.find((j) => j.name === 'db')?.config?.parameters.persist, true);
  });

  it('reports a configuration the host refuses, with its own message, and keeps the rest', () => {
    const inventory = parseInventory(stdout, capabilities, nonce);
    assert.deepEqual(inventory.configErrors, [
      { file: '/etc/jail.conf.d/broken.conf', message: 'jail: /etc/jail.conf.d/broken.conf line 3: }: syntax error' },
    ]);
  });

  it('fails clearly when jls fails or the answer is cut', () => {
    const failing = stdout.replace(section('jls', jls), section('jls', 'jls: jail "x" not found', 1));
    assert.throws(() => parseInventory(failing, capabilities, nonce), /jls failed: jls: jail "x" not found/);
    assert.throws(() => parseInventory(stdout.slice(0, 200), capabilities, nonce), /stopped before/);
  });

  it('reads jail -e lines as the 5BSD test prints them (with a space separator)', () => {
    assert.deepEqual(parseJailConfigDump('name=a path=/srv/a host.hostname=prepost exec.start=""\nname=a.child path=/srv/a.child host.hostname=child\n'), [
      { name: 'a', parameters: { name: 'a', path: '/srv/a', 'host.hostname': 'prepost', 'exec.start': '' } },
      { name: 'a.child', parameters: { name: 'a.child', path: '/srv/a.child', 'host.hostname': 'child' } },
    ]);
  });
  it('finds throwaway jails under the jails.throwaway.root setting, a root with a space quoted for the shell', () => {
    const root = mkdtempSync(join(tmpdir(), 'throwaway root '));
    try {
      mkdirSync(join(root, 'conf'));
      writeFileSync(join(root, 'conf/t1.conf'), 't1 { persist; }\n');
      // Stand-ins for FreeBSD's tools as shell functions (the script sets its own PATH), so that a real sh
      // expands the globs and runs the script as a host would.
      const tools = [
        `jls() { echo '{"__version": "2", "jail-information": {"jail": []}}'; }`,
        'sysrc() { :; }',
        'jail() { case "$2" in *t1.conf) echo "name=t1 path=/jails/t1 persist";; esac; }',
      ].join('\n');
      const options = { throwawayRoot: root };
      const script = inventoryScript(capabilities, nonce, options);
      const output = execFileSync('/bin/sh', ['-s'], { input: `${tools}\n${script}` }).toString();
      const inventory = parseInventory(output, capabilities, nonce, options);
      assert.deepEqual(inventory.jails.map((j) => [j.name, j.manager, j.config?.source.file]), [['t1', 'throwaway', join(root, 'conf/t1.conf')]]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
