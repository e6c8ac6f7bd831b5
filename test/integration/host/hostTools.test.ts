/**
 * The host tools a jail manager drives: mount/umount (nullfs, devfs, mount -p), ifconfig aliases on lo1,
 * sysrc, service jail, pkg with -j from the fixture repository, fetch of a release's base.txz (and a jail
 * made from it), chflags, kldstat; privilege through doas and sudo.
 */
import { strict as assert } from 'node:assert';
import { demoScenario, scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const RELEASE_URL = 'https://download.freebsd.org/ftp/releases/amd64/amd64/14.3-RELEASE';

describe('host tools of a jail manager', () => {
  const host = useSimulatedHost(() => demoScenario());

  it('lists jail mounts in fstab form and mounts/unmounts nullfs', async () => {
    const table = (await ssh(host(), 'mount -p')).stdout;
    assert.ok(table.split('\n').includes('devfs\t\t\t/usr/local/jails/containers/www/dev devfs\trw,multilabel \t0 0'), table);
    assert.ok(table.includes('/usr/local/bastille/releases/14.3-RELEASE /usr/local/bastille/jails/bastion/root/.bastille nullfs\tro\t\t0 0'), table);
    const mounted = await ssh(host(), 'mkdir -p /tmp/src /tmp/dst && touch /tmp/src/file && mount -t nullfs -o ro /tmp/src /tmp/dst && ls /tmp/dst && mount -p | tail -1 && umount /tmp/dst && ls /tmp/dst');
    assert.deepEqual(mounted, { stdout: 'file\n/tmp/src\t\t/tmp/dst\t\tnullfs\tro\t\t0 0\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'umount /tmp/dst'), { stdout: '', stderr: 'umount: /tmp/dst: not a file system root directory\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'mount -t nullfs /nonexistent /tmp/dst'), { stdout: '', stderr: 'mount_nullfs: /nonexistent: No such file or directory\n', status: 1 });
  });

  it('shows jail addresses as lo1 aliases and adds and removes them', async () => {
    const lo1 = (await ssh(host(), 'ifconfig lo1')).stdout;
    assert.ok(lo1.startsWith('lo1: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n'), lo1);
    assert.ok(lo1.includes('\tinet 127.213.0.10 netmask 0xffffffff\n'), lo1);
    assert.equal((await ssh(host(), 'ifconfig lo1 inet 127.213.0.200/32 alias && ifconfig lo1 | grep -c 127.213.0.200 && ifconfig lo1 inet 127.213.0.200 -alias && ifconfig lo1 | grep -c 127.213.0.200')).stdout, '1\n0\n');
    assert.deepEqual(await ssh(host(), 'ifconfig nosuch0'), { stdout: '', stderr: 'ifconfig: interface nosuch0 does not exist\n', status: 1 });
    assert.equal((await ssh(host(), 'ifconfig -l')).stdout, 'em0 lo0 lo1\n');
  });

  it('reads and writes rc.conf with sysrc, on the host and in a jail', async () => {
    assert.equal((await ssh(host(), 'sysrc jail_enable; sysrc -n jail_parallel_start')).stdout, 'jail_enable: YES\nNO\n');
    assert.equal((await ssh(host(), 'sysrc jail_list+="extra"; sysrc jail_list-="extra"')).stdout,
      'jail_list: www db build mail -> www db build mail extra\njail_list: www db build mail extra -> www db build mail\n');
    assert.deepEqual(await ssh(host(), 'sysrc nosuch_enable'), { stdout: '', stderr: "sysrc: unknown variable 'nosuch_enable'\n", status: 1 });
    assert.equal((await ssh(host(), 'sysrc -j www hostname')).stdout, 'hostname: www\n');
  });

  it('starts and stops jails through service jail', async () => {
    assert.equal((await ssh(host(), 'service jail start build')).stdout, 'Starting jails: build.\n');
    assert.match((await ssh(host(), 'cat /var/run/jail_build.id')).stdout, /^\d+\n$/);
    assert.equal((await ssh(host(), 'service jail stop build')).stdout, 'Stopping jails: build.\n');
    assert.equal((await ssh(host(), 'service jail start www')).stdout, 'Starting jails: cannot start jail "www": jail: "www" already exists.\n');
  });

  it('installs packages into a jail with pkg -j and runs their service', async () => {
    const installed = await ssh(host(), 'pkg -j db install -y nginx');
    assert.equal(installed.status, 0, installed.stderr);
    assert.ok(installed.stdout.startsWith('Bootstrapping pkg from pkg+https://pkg.FreeBSD.org/FreeBSD:14:amd64/quarterly, please wait...\n'), installed.stdout);
    assert.ok(installed.stdout.includes('New packages to be INSTALLED:\n\tpcre2: 10.45 [FreeBSD]\n\tnginx: 1.28.0_4,3 [FreeBSD]\n'), installed.stdout);
    assert.equal((await ssh(host(), 'pkg -j db info -e nginx; echo $?; pkg info -e nginx; echo $?')).stdout, '0\n1\n');
    assert.deepEqual(await ssh(host(), 'pkg -j db install -y nosuchpkg'), { stdout: 'Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\n',
      stderr: "pkg: No packages available to install matching 'nosuchpkg' have been found in the repositories\n", status: 1 });
    assert.match((await ssh(host(), "pkg search -x '^php8[0-9]+$'")).stdout, /^php82-8\.2\.\d+\s+PHP Scripting Language\nphp83-/);
    const refused = await ssh(host(), 'service -j db nginx start');
    assert.deepEqual(refused, { stdout: '', stderr: "Cannot 'start' nginx. Set nginx_enable to YES in /etc/rc.conf or use 'onestart' instead of 'start'.\n", status: 1 });
    assert.equal((await ssh(host(), 'sysrc -j db nginx_enable=YES >/dev/null; service -j db nginx start; service -j db nginx status')).stdout.replace(/\d+/, 'N'),
      'Performing sanity check on nginx configuration:\nStarting nginx.\nnginx is running as pid N.\n');
  });

  it('never extracts through a symbolic link on disk, as bsdtar: the entry is refused, the rest extracted, exit 1', async () => {
    const made = await ssh(host(), ['mkdir -p /tmp/pack/site/docs /tmp/dest/site /var/elsewhere', 'echo page > /tmp/pack/site/index.html', 'echo doc > /tmp/pack/site/docs/a.txt',
      'cd /tmp/pack && tar -cf /tmp/files.tar site/index.html site/docs/a.txt && tar -cf /tmp/tree.tar site', 'ln -s /var/elsewhere /tmp/dest/site/docs'].join(' && '));
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(await ssh(host(), 'tar -xf - -C /tmp/dest < /tmp/files.tar'), { stdout: '',
      stderr: 'site/docs/a.txt: Cannot extract through symlink site/docs\ntar: Error exit delayed from previous errors.\n', status: 1 });
    assert.equal((await ssh(host(), 'cat /tmp/dest/site/index.html; ls -A /var/elsewhere; test -L /tmp/dest/site/docs && echo still a link')).stdout, 'page\nstill a link\n');
    // A directory entry of the archive's own replaces a link at its name; --unlink removes the links in the way.
    assert.deepEqual(await ssh(host(), 'cd /tmp/dest && tar xf /tmp/tree.tar && test ! -L site/docs && cat site/docs/a.txt && ls -A /var/elsewhere'), { stdout: 'doc\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'rm -r /tmp/dest/site/docs && ln -s /var/elsewhere /tmp/dest/site/docs && tar -xf /tmp/files.tar -C /tmp/dest --unlink && test ! -L /tmp/dest/site/docs && cat /tmp/dest/site/docs/a.txt && ls -A /var/elsewhere'),
      { stdout: 'doc\n', stderr: '', status: 0 });
  });

  it('fetches a release base.txz whose checksum matches its MANIFEST, and makes a jail from it', async () => {
    const result = await ssh(host(), `mkdir -p /usr/local/jails/media /usr/local/jails/containers/fresh && cd /usr/local/jails/media && fetch ${RELEASE_URL}/MANIFEST && fetch ${RELEASE_URL}/base.txz`
      + ' && sha256 -q base.txz && cut -f2 MANIFEST && tar -xf base.txz -C /usr/local/jails/containers/fresh --unlink'
      + ' && jail -c name=fresh path=/usr/local/jails/containers/fresh host.hostname=fresh persist && freebsd-version -j fresh && jexec fresh hostname');
    const [digest, manifestDigest, ...rest] = result.stdout.trimEnd().split('\n');
    assert.equal(digest, manifestDigest);
    assert.deepEqual(rest, ['14.3-RELEASE', 'fresh']);
    assert.deepEqual(await ssh(host(), 'fetch https://example.org/file.tgz'), { stdout: '', stderr: 'fetch: https://example.org/file.tgz: No address record\n', status: 1 });
  });

  it('records chflags and reports kernel modules', async () => {
    assert.deepEqual(await ssh(host(), 'touch /tmp/f && chflags schg /tmp/f && chflags noschg /tmp/f'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'chflags bogus /tmp/f'), { stdout: '', stderr: 'chflags: invalid flag: bogus\n', status: 1 });
    assert.equal((await ssh(host(), 'kldstat -q -m zfs; echo $?; kldstat -q -m vmm; echo $?')).stdout, '0\n1\n');
  });

  it('lets the doas-only user act as root through doas, and has no sudo for it', async () => {
    assert.equal((await ssh(host(), 'id -un', { user: 'deploy' })).stdout, 'deploy\n');
    assert.equal((await ssh(host(), 'doas -n id -u', { user: 'deploy' })).stdout, '0\n');
    assert.equal((await ssh(host(), 'doas -n jail -c name=viadoas path=/ persist && jls -j viadoas name && doas -n jail -r viadoas', { user: 'deploy' })).stdout,
      'viadoas\nviadoas: removed\n');
    assert.equal((await ssh(host(), 'sudo -n true', { user: 'deploy' })).status, 127);
  });
});

describe('sudo on a host without a doas-only user', () => {
  const host = useSimulatedHost(() => scenario());

  it('runs root commands non-interactively for root', async () => {
    assert.equal((await ssh(host(), 'sudo -n id -u')).stdout, '0\n');
  });
});
