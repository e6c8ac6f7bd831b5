/**
 * The probes a manager runs first (freebsd-reference.md §2.1, §7): sysctl names, types and values,
 * uname, freebsd-version; and the simulated Linux host that a manager must refuse.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

describe('sysctl, uname and freebsd-version on FreeBSD 14.3', () => {
  const host = useSimulatedHost(() => scenario({ vimage: true }));

  it('lists jail parameters with a trailing dot for parameter nodes', async () => {
    const names = (await ssh(host(), 'sysctl -N security.jail.param')).stdout.split('\n');
    for (const name of ['security.jail.param.ip4.', 'security.jail.param.host.', 'security.jail.param.allow.mount.',
      'security.jail.param.sysvshm.', 'security.jail.param.ip4.addr', 'security.jail.param.host.hostname', 'security.jail.param.persist']) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.includes('security.jail.param.children.'), 'children is a node, not a parameter');
  });

  it('gives the types of the reference sample', async () => {
    const types = (await ssh(host(), 'sysctl -t security.jail.param')).stdout;
    for (const line of ['security.jail.param.allow.mount.zfs: integer', 'security.jail.param.allow.mount.: integer',
      'security.jail.param.ip6.addr: opaque', 'security.jail.param.ip6.: integer']) {
      assert.ok(types.split('\n').includes(line), line);
    }
  });

  it('gives string parameters their maximum length as value, and descriptions with -d', async () => {
    assert.equal((await ssh(host(), 'sysctl security.jail.param.host.hostname security.jail.param.path')).stdout,
      'security.jail.param.host.hostname: 256\nsecurity.jail.param.path: 1024\n');
    assert.equal((await ssh(host(), 'sysctl -d security.jail.param.persist')).stdout, 'security.jail.param.persist: Jail persistence\n');
  });

  it('answers the capability probes', async () => {
    assert.equal((await ssh(host(), 'sysctl -n kern.osreldate kern.features.vimage security.jail.jailed kern.osrelease')).stdout,
      '1403000\n1\n0\n14.3-RELEASE-p2\n');
    assert.equal((await ssh(host(), 'uname -r; uname -K; uname -s; /usr/bin/uname -m')).stdout, '14.3-RELEASE-p2\n1403000\nFreeBSD\namd64\n');
    assert.equal((await ssh(host(), 'freebsd-version -ku; /bin/freebsd-version')).stdout, '14.3-RELEASE-p2\n14.3-RELEASE-p2\n14.3-RELEASE-p2\n');
  });

  it('says in its message of the day only that it is a simulated FreeBSD host', async () => {
    const motd = (await ssh(host(), 'cat /etc/motd')).stdout;
    assert.equal(motd, 'FreeBSD 14.3-RELEASE-p2 (simulated)\n\nThis is a simulated FreeBSD host, for testing and trying out jail management.\n');
  });

  it('refuses unknown names and writes like sysctl(8)', async () => {
    assert.deepEqual(await ssh(host(), 'sysctl kern.nosuch'), { stdout: '', stderr: "sysctl: unknown oid 'kern.nosuch'\n", status: 1 });
    assert.deepEqual(await ssh(host(), 'sysctl -q kern.nosuch'), { stdout: '', stderr: '', status: 1 });
    assert.deepEqual(await ssh(host(), 'sysctl -i kern.nosuch'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'sysctl security.jail.param.jid=3'), { stdout: '', stderr: "sysctl: oid 'security.jail.param.jid' is read only\n", status: 1 });
  });

  it('reaches every tool by its FreeBSD path even with a reset PATH', async () => {
    const result = await ssh(host(), 'env -i /sbin/sysctl -n kern.ostype; env -i /usr/sbin/jls -N; env -i PATH=/bin:/usr/bin uname');
    assert.equal(result.stdout, 'FreeBSD\n JID             IP Address      Hostname                      Path\nFreeBSD\n');
  });
});

describe('a host without VIMAGE', () => {
  const host = useSimulatedHost(() => scenario({ vimage: false }));

  it('has no kern.features.vimage', async () => {
    assert.deepEqual(await ssh(host(), 'sysctl -n kern.features.vimage'), { stdout: '', stderr: "sysctl: unknown oid 'kern.features.vimage'\n", status: 1 });
  });
});

describe('the simulated Linux host', () => {
  const host = useSimulatedHost(() => scenario({ linuxHost: true }));

  it('says Linux and has no FreeBSD tools', async () => {
    assert.equal((await ssh(host(), 'uname -s; uname')).stdout, 'Linux\nLinux\n');
    const jls = await ssh(host(), 'jls');
    assert.equal(jls.status, 127);
    assert.equal((await ssh(host(), 'freebsd-version')).status, 127);
    const sysctl = await ssh(host(), 'sysctl -n kern.osreldate');
    assert.deepEqual(sysctl, { stdout: '', stderr: 'sysctl: cannot stat /proc/sys/kern/osreldate: No such file or directory\n', status: 255 });
  });
});
