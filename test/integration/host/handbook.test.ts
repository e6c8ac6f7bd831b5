/**
 * The FreeBSD Handbook's jail.conf examples (jails chapter: a classic jail, a thin jail on a nullfs
 * template) create jails on the simulated host. The Handbook's LAN addresses are replaced by loopback
 * ones, the only addresses tests use.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { HANDBOOK_JAIL_PRELUDE } from '../../host/jailSeeds';
import { makeJailRoot, ssh, useSimulatedHost, writeRemoteFile } from './harness';

const CLASSIC = `classic {
${HANDBOOK_JAIL_PRELUDE}  path = "/usr/local/jails/containers/\${name}";

  # NETWORK
  ip4 = inherit;
  interface = em0;
}
`;

const THIN = `thinjail {
${HANDBOOK_JAIL_PRELUDE}  path = "/usr/local/jails/\${name}";

  # NETWORK
  ip4.addr = 127.213.0.152;
  interface = em0;

  # MOUNT
  mount.fstab = "/usr/local/jails/\${name}.fstab";
}
`;

const THIN_FSTAB = '/usr/local/jails/templates/14.3-RELEASE-base  /usr/local/jails/thinjail/  nullfs  ro  0  0\n'
  + '/usr/local/jails/thinjail-skeleton  /usr/local/jails/thinjail/skeleton  nullfs  rw  0  0\n';

describe("the Handbook's jail.conf examples", () => {
  const host = useSimulatedHost(() => scenario());

  it('creates the classic jail (ip4 = inherit) and starts its rc', async () => {
    makeJailRoot(host(), '/usr/local/jails/containers/classic', 'classic');
    await writeRemoteFile(host(), '/etc/jail.conf.d/classic.conf', CLASSIC);
    assert.deepEqual(await ssh(host(), 'jail -f /etc/jail.conf.d/classic.conf -c classic'), { stdout: 'classic: created\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jls -j classic -n ip4 host.hostname path')).stdout, 'ip4=inherit host.hostname=classic path=/usr/local/jails/containers/classic\n');
    assert.equal((await ssh(host(), 'jexec classic hostname')).stdout, 'classic\n');
    assert.equal((await ssh(host(), 'jail -f /etc/jail.conf.d/classic.conf -r classic')).stdout, 'classic: removed\n');
  });

  it('creates the thin jail with its template mounted read-only through mount.fstab, and unmounts it on removal', async () => {
    makeJailRoot(host(), '/usr/local/jails/templates/14.3-RELEASE-base', 'template');
    const prepared = await ssh(host(), 'mkdir -p /usr/local/jails/thinjail /usr/local/jails/thinjail-skeleton && mkdir -p /usr/local/jails/templates/14.3-RELEASE-base/skeleton');
    assert.equal(prepared.status, 0, prepared.stderr);
    await writeRemoteFile(host(), '/usr/local/jails/thinjail.fstab', THIN_FSTAB);
    await writeRemoteFile(host(), '/etc/jail.conf', THIN);
    assert.deepEqual(await ssh(host(), 'jail -c thinjail'), { stdout: 'thinjail: created\n', stderr: '', status: 0 });
    const mounts = (await ssh(host(), 'mount -p | grep thinjail')).stdout;
    assert.ok(mounts.includes('/usr/local/jails/templates/14.3-RELEASE-base /usr/local/jails/thinjail/ nullfs\tro'), mounts);
    assert.equal((await ssh(host(), 'jls -j thinjail ip4.addr; ifconfig em0 | grep -c 127.213.0.152')).stdout, '127.213.0.152\n1\n');
    assert.equal((await ssh(host(), 'jexec thinjail hostname')).stdout, 'thinjail\n');
    assert.equal((await ssh(host(), 'jail -r thinjail && mount -p | grep -c thinjail; ifconfig em0 | grep -c 127.213.0.152')).stdout, 'thinjail: removed\n0\n0\n');
  });
});
