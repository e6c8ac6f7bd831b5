/**
 * Hierarchical jails on the simulated host (jail(8) and jls(8) since 8.0, freebsd-reference.md §1.7,
 * §1.9, §2.2): children.max bounds a jail's descendants, "a.b" is child b of a, a jail created from inside
 * a jail (jexec parent jail -c) is its child, jls and jexec inside a jail see only its descendants, named
 * and rooted relative to it, and removing a parent removes its children.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { makeJailRoot, ssh, useSimulatedHost, writeRemoteFile } from './harness';

const PARENT = '/usr/local/jails/containers/parent';

describe('hierarchical jails', () => {
  const host = useSimulatedHost(() => scenario());

  before(async () => {
    makeJailRoot(host(), PARENT, 'parent');
    makeJailRoot(host(), `${PARENT}/jails/child`, 'child');
    makeJailRoot(host(), `${PARENT}/jails/sibling`, 'sibling');
  });

  it('bounds children with children.max, from the host with dotted names', async () => {
    assert.deepEqual(await ssh(host(), `jail -c name=parent path=${PARENT} host.hostname=parent children.max=2 persist`), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), `jail -c name=parent.sibling path=${PARENT}/jails/sibling host.hostname=sibling persist`), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -c name=nosuch.child path=/ persist'), { stdout: '', stderr: 'jail: jail "nosuch" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jail -c name=parent.sibling.x path=/ persist'), { stdout: '', stderr: 'jail: prison limit exceeded\n', status: 1 });
    assert.equal((await ssh(host(), 'jls -n name parent children.max children.cur')).stdout,
      'name=parent parent=0 children.max=2 children.cur=1\nname=parent.sibling parent=1 children.max=0 children.cur=0\n');
  });

  it('creates a child from inside its parent, seen relative to the parent inside it and in full from the host', async () => {
    assert.deepEqual(await ssh(host(), 'jexec parent jail -c name=child path=/jails/child host.hostname=child persist'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jexec parent jail -c name=third path=/ persist'), { stdout: '', stderr: 'jail: prison limit exceeded\n', status: 1 });
    assert.equal((await ssh(host(), 'jexec parent jls -N')).stdout,
      ` JID             IP Address      Hostname                      Path\n ${'sibling'.padEnd(15)} ${''.padEnd(15)} ${'sibling'.padEnd(29)} /jails/sibling\n`
      + ` ${'child'.padEnd(15)} ${''.padEnd(15)} ${'child'.padEnd(29)} /jails/child\n`);
    assert.equal((await ssh(host(), 'jls -j parent.child -n name parent path')).stdout, `name=parent.child parent=1 path=${PARENT}/jails/child\n`);
    assert.equal((await ssh(host(), 'jexec parent jls -j child -n name parent path')).stdout, 'name=child parent=0 path=/jails/child\n');
    assert.equal((await ssh(host(), 'jexec parent sysctl -n security.jail.jailed security.jail.children.max security.jail.children.cur')).stdout, '1\n2\n2\n');
    assert.equal((await ssh(host(), 'sysctl -n security.jail.jailed')).stdout, '0\n');
  });

  it('refuses mounts for a child when its parent may not mount (enforce_statfs 2, no allow.mount)', async () => {
    assert.deepEqual(await ssh(host(), 'jexec parent jail -c name=mounted path=/jails/child mount.devfs persist'), { stdout: '', status: 1,
      stderr: 'mount: /jails/child/dev: Operation not permitted\njail: /sbin/mount -t devfs devfs /jails/child/dev: failed\n' });
  });

  it('runs commands in a child from the host and from its parent; a jail sees neither itself nor its siblings', async () => {
    assert.equal((await ssh(host(), 'jexec parent.child hostname; jexec parent jexec child hostname')).stdout, 'child\nchild\n');
    assert.deepEqual(await ssh(host(), 'jexec parent.child jls'), { stdout: '   JID  IP Address      Hostname                      Path\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jexec parent.child jexec sibling hostname'), { stdout: '', stderr: 'jexec: jail "sibling" not found\n', status: 1 });
    assert.equal((await ssh(host(), 'jexec parent jls -d -n name')).stdout, 'name=sibling\nname=child\n');
  });

  it("runs a child's rc.d scripts with service, from the host, from its parent and inside it", async () => {
    const script = `${PARENT}/jails/child/usr/local/etc/rc.d/hello`;
    await ssh(host(), `mkdir -p ${PARENT}/jails/child/usr/local/etc/rc.d`);
    await writeRemoteFile(host(), script, '#!/bin/sh\necho "hello $1 from $(hostname)"\n');
    await ssh(host(), `chmod 755 ${script}`);
    const greeted = { stdout: 'hello start from child\n', stderr: '', status: 0 };
    assert.deepEqual(await ssh(host(), 'service -j parent.child hello start'), greeted);
    assert.deepEqual(await ssh(host(), 'jexec parent service -j child hello start'), greeted);
    assert.deepEqual(await ssh(host(), 'jexec parent.child service hello start'), greeted);
    assert.equal((await ssh(host(), 'jexec parent service -j child -l')).stdout, 'hello\n');
  });

  it("gives a child its parent's securelevel and no permission its parent lacks", async () => {
    assert.equal((await ssh(host(), 'jail -m name=parent securelevel=1 children.max=4 && jail -c name=parent.third path=/ persist')).status, 0);
    assert.equal((await ssh(host(), 'jls -j parent.third -n securelevel allow.set_hostname allow.raw_sockets')).stdout,
      'securelevel=1 allow.set_hostname allow.noraw_sockets\n');
    assert.deepEqual(await ssh(host(), 'jail -c name=parent.fourth path=/ allow.raw_sockets persist'),
      { stdout: '', stderr: 'jail: jail_set: Operation not permitted\n', status: 1 });
  });

  it('gives a VNET child its own stack, reachable from the host through an epair', async () => {
    assert.deepEqual(await ssh(host(), 'jexec parent jail -c name=v path=/jails/child vnet persist'), { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'ifconfig epair create && ifconfig epair0b vnet parent.v && jexec parent jexec v ifconfig -l && jexec parent ifconfig -l')).stdout,
      'epair0a\nlo0 epair0b\nem0 lo0 lo1 epair0a\n');
    const ping = await ssh(host(), 'jexec parent.v ifconfig epair0b 10.9.9.2/24 up && ifconfig epair0a 10.9.9.1/24 up && jexec parent.v ping -c 1 -W 5 10.9.9.1');
    assert.ok(ping.stdout.includes('1 packets received'), ping.stdout + ping.stderr);
  });

  it('removes the children with their parent, their interfaces back on the host', async () => {
    assert.deepEqual(await ssh(host(), 'jail -r parent'), { stdout: 'parent: removed\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jls -d'), { stdout: '   JID  IP Address      Hostname                      Path\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'ifconfig -l')).stdout, 'em0 lo0 lo1 epair0a epair0b\n');
  });
});

describe('nested jail.conf blocks (FreeBSD 15)', () => {
  const host = useSimulatedHost(() => scenario({ release: '15.0-RELEASE' }));

  it('creates web and web.db, children after their parent, and removes them children first', async () => {
    makeJailRoot(host(), '/usr/local/jails/containers/web', 'web');
    makeJailRoot(host(), '/usr/local/jails/containers/db', 'db');
    await writeRemoteFile(host(), '/etc/jail.conf', `web {
  path = "/usr/local/jails/containers/web";
  host.hostname = web;
  children.max = 1;
  persist;
  db {
    path = "/usr/local/jails/containers/db";
    host.hostname = db;
    persist;
  }
}
`);
    assert.deepEqual(await ssh(host(), 'jail -c'), { stdout: 'web: created\nweb.db: created\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jls -n name parent; jexec web.db hostname')).stdout, 'name=web parent=0\nname=web.db parent=1\ndb\n');
    assert.deepEqual(await ssh(host(), "jail -r '*'"), { stdout: 'web.db: removed\nweb: removed\n', stderr: '', status: 0 });
  });
});
