import { strict as assert } from 'node:assert';
import { NotFreeBSDError, parseJailParameterNames, parseProbe, privilegeProblem, probeScript } from '../../../src/core/hosts/probe';

const nonce = 'n0nce1234';

function answer(overrides: Record<string, [string, number?]> = {}): string {
  const sections: Record<string, [string, number?]> = {
    uname: ['FreeBSD'],
    version: ['14.3-RELEASE-p2\n14.3-RELEASE-p3'],
    osreldate: ['1403000'],
    jailed: ['0'],
    vimage: ['1'],
    params: ['security.jail.param.allow.mount.\nsecurity.jail.param.allow.mount.zfs\nsecurity.jail.param.host.hostname\nsecurity.jail.param.ip4.\nsecurity.jail.param.ip4.addr'],
    zpools: ['zroot'],
    libxo: ['yes'],
    'jail-e': ['yes'],
    managers: ['/usr/local/bin/bastille'],
    user: ['root\n0'],
    privilege: [''],
    ...overrides,
  };
  return Object.entries(sections)
    .map(([name, [output, status]]) => `@@${nonce} begin ${name}\n${output}${output ? '\n' : ''}@@${nonce} end ${name} ${status ?? 0}`)
    .join('\n');
}

describe('host probe', () => {
  it('asks every question in one script', () => {
    const script = probeScript(nonce);
    for (const tool of ['uname -s', 'freebsd-version -ku', 'sysctl -N security.jail.param', 'zpool list -H -o name', 'jls --libxo json', 'jail -f /dev/null -e x']) {
      assert.ok(script.includes(tool), `the probe does not run ${tool}`);
    }
  });

  it('reads a FreeBSD host', () => {
    const c = parseProbe(answer(), nonce);
    assert.equal(c.kernelVersion, '14.3-RELEASE-p2');
    assert.equal(c.userlandVersion, '14.3-RELEASE-p3');
    assert.equal(c.osreldate, 1403000);
    assert.equal(c.jailed, false);
    assert.equal(c.vimage, true);
    assert.deepEqual(c.jailParameters, ['allow.mount', 'allow.mount.zfs', 'host.hostname', 'ip4', 'ip4.addr']);
    assert.deepEqual(c.zfsPools, ['zroot']);
    assert.equal(c.jlsLibxo, true);
    assert.equal(c.jailConfigDump, true);
    assert.deepEqual(c.managers, [{ name: 'bastille', path: '/usr/local/bin/bastille' }]);
    assert.equal(c.privilege, 'root');
    assert.equal(privilegeProblem(c), undefined);
  });

  it('refuses a host that is not FreeBSD', () => {
    assert.throws(() => parseProbe(answer({ uname: ['Linux'] }), nonce), (e: Error) => e instanceof NotFreeBSDError && e.message === 'this host is not FreeBSD (uname -s says "Linux")');
  });

  it('finds doas or sudo for a user who is not root, and explains when neither works', () => {
    assert.equal(parseProbe(answer({ user: ['alice\n1001'], privilege: ['doas'] }), nonce).privilege, 'doas');
    assert.equal(parseProbe(answer({ user: ['alice\n1001'], privilege: ['sudo'] }), nonce).privilege, 'sudo');
    const none = parseProbe(answer({ user: ['alice\n1001'], privilege: [''] }), nonce);
    assert.equal(none.privilege, 'none');
    assert.match(privilegeProblem(none) ?? '', /alice is not root and has no password-less doas or sudo rule/);
  });

  it('sees no ZFS when zpool fails, and a jailed session', () => {
    const c = parseProbe(answer({ zpools: ['', 1], jailed: ['1'] }), nonce);
    assert.deepEqual(c.zfsPools, []);
    assert.equal(c.jailed, true);
  });

  it('strips the sysctl prefix and the node dot', () => {
    assert.deepEqual(parseJailParameterNames('security.jail.param.sysvshm.\nsecurity.jail.param.persist\nunrelated\n'), ['sysvshm', 'persist']);
  });
});
