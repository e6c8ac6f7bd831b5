/**
 * Two more of the FreeBSD Handbook's jail examples (jails chapter) on the simulated host: the thin jail made
 * from an OpenZFS snapshot of a template (zfs snapshot + zfs clone, then the classic jail.conf entry), and
 * the Linux jail created from the command line with `jail -cm`. The Handbook's LAN address is replaced by a
 * loopback one, the only addresses tests use.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { HANDBOOK_JAIL_PRELUDE } from '../../host/jailSeeds';
import { makeJailRoot, ssh, useSimulatedHost, writeRemoteFile } from './harness';

const ZFS_THIN = `thinjail {
${HANDBOOK_JAIL_PRELUDE}  path = "/usr/local/jails/containers/\${name}";

  # NETWORK
  ip4 = inherit;
  interface = em0;
}
`;

const LINUX_JAIL = ['jail -cm', 'name=ubuntu', 'host.hostname="ubuntu.example.com"', 'path="/compat/ubuntu"', 'interface="em0"',
  'ip4.addr="127.213.0.150"', 'exec.start="/bin/sh /etc/rc"', 'exec.stop="/bin/sh /etc/rc.shutdown"', 'mount.devfs', 'devfs_ruleset=4',
  'allow.mount', 'allow.mount.devfs', 'allow.mount.fdescfs', 'allow.mount.procfs', 'allow.mount.linprocfs', 'allow.mount.linsysfs',
  'allow.mount.tmpfs', 'enforce_statfs=1'].join(' ');

describe("the Handbook's OpenZFS thin jail and Linux jail", () => {
  const host = useSimulatedHost(() => scenario());

  it('clones a template snapshot into a thin jail and starts it from its jail.conf entry', async () => {
    assert.equal((await ssh(host(), 'zfs create -p zroot/jails/templates/14.3-RELEASE')).status, 0);
    makeJailRoot(host(), '/usr/local/jails/templates/14.3-RELEASE', 'template');
    const cloned = await ssh(host(), 'zfs snapshot zroot/jails/templates/14.3-RELEASE@base && zfs clone zroot/jails/templates/14.3-RELEASE@base zroot/jails/containers/thinjail');
    assert.deepEqual(cloned, { stdout: '', stderr: '', status: 0 });
    await writeRemoteFile(host(), '/etc/jail.conf.d/thinjail.conf', ZFS_THIN);
    assert.deepEqual(await ssh(host(), 'jail -f /etc/jail.conf.d/thinjail.conf -c thinjail'), { stdout: 'thinjail: created\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jexec thinjail hostname; zfs get -H -o value origin zroot/jails/containers/thinjail')).stdout,
      'thinjail\nzroot/jails/templates/14.3-RELEASE@base\n');
    assert.equal((await ssh(host(), 'jail -f /etc/jail.conf.d/thinjail.conf -r thinjail')).stdout, 'thinjail: removed\n');
  });

  it('creates the Linux jail with jail -cm and its parameters', async () => {
    makeJailRoot(host(), '/compat/ubuntu', 'ubuntu');
    // With no exec.consolelog, what the jail's /etc/rc prints comes out on jail(8)'s standard output.
    const created = await ssh(host(), LINUX_JAIL);
    assert.deepEqual([created.stderr, created.status], ['', 0]);
    assert.match(created.stdout, /^Setting hostname: ubuntu\.\n[\s\S]*\nStarting cron\.\n\n\w{3} \w{3} +\d+ \d\d:\d\d:\d\d UTC \d{4}\n$/);
    assert.equal((await ssh(host(), 'jexec ubuntu hostname; jls -j ubuntu -n ip4.addr enforce_statfs devfs_ruleset allow.mount allow.mount.linprocfs')).stdout,
      'ubuntu.example.com\nip4.addr=127.213.0.150 enforce_statfs=1 devfs_ruleset=4 allow.mount allow.mount.linprocfs\n');
    assert.equal((await ssh(host(), 'ifconfig em0 | grep -c 127.213.0.150; mount -p | grep -c /compat/ubuntu/dev')).stdout, '1\n1\n');
    // Removed by name only, jail(8) knows nothing of its command-line mounts: devfs stays, as on FreeBSD.
    assert.deepEqual(await ssh(host(), 'jail -r ubuntu && umount /compat/ubuntu/dev'), { stdout: 'ubuntu: removed\n', stderr: '', status: 0 });
  });
});
