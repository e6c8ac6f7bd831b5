/**
 * Started jails are real enough: a shell entered with jexec sees the jail's hostname and only the jail's
 * processes; jexec's users, directories, clean environment and error messages follow jexec(8).
 */
import { strict as assert } from 'node:assert';
import { demoScenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';
import { httpGet } from './webSupport';

describe('jexec into running jails', () => {
  const host = useSimulatedHost(() => demoScenario());

  it("gives a shell that sees the jail's hostname and only its own processes", async () => {
    const result = await ssh(host(), "jexec www /bin/sh -c 'hostname; ps -o pid,args'");
    assert.equal(result.status, 0, result.stderr);
    const [hostname, header, ...processes] = result.stdout.trimEnd().split('\n');
    assert.equal(hostname, 'www');
    assert.match(header, /PID/);
    const pids = processes.map((line) => Number(line.trim().split(/\s+/)[0]));
    assert.ok(pids.every((pid) => pid < 100), `small PIDs of a PID namespace: ${result.stdout}`);
    assert.ok(!result.stdout.includes('sshd'), 'no host process is visible');
    const other = await ssh(host(), "jexec db /bin/sh -c 'hostname; ps -o args'");
    assert.ok(other.stdout.startsWith('db\n') && !other.stdout.includes('www'), other.stdout);
  });

  it('enters a thin Bastille jail whose /bin lives on a nullfs-mounted release', async () => {
    const result = await ssh(host(), "jexec bastion /bin/sh -c 'hostname; ls /.bastille/bin/busybox'");
    assert.deepEqual(result, { stdout: 'bastion\n/.bastille/bin/busybox\n', stderr: '', status: 0 });
  });

  it('passes the exit status and standard input through', async () => {
    assert.equal((await ssh(host(), "jexec www /bin/sh -c 'exit 7'")).status, 7);
    assert.equal((await ssh(host(), 'jexec www /bin/sh -s', { input: 'echo from stdin\n' })).stdout, 'from stdin\n');
    assert.equal((await ssh(host(), 'jexec 1 hostname')).stdout, 'www\n');
  });

  it('runs as a jail user (-U), in a directory (-d), with a clean environment (-l)', async () => {
    assert.equal((await ssh(host(), 'jexec -U www www id -u')).stdout, '80\n');
    assert.equal((await ssh(host(), 'jexec -d /tmp www pwd')).stdout, '/tmp\n');
    assert.equal((await ssh(host(), "FOO=bar jexec -l www /bin/sh -c 'echo $PATH ${FOO:-clean} $HOME; pwd'")).stdout, '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/root/bin clean /root\n/root\n');
  });

  it("answers uname with the host's FreeBSD kernel and the jail's hostname, and id with FreeBSD's groups", async () => {
    const kernel = (await ssh(host(), 'uname -v')).stdout;
    assert.equal((await ssh(host(), 'jexec www uname -a')).stdout, `FreeBSD www 14.3-RELEASE-p2 ${kernel.trimEnd()} amd64\n`);
    assert.equal((await ssh(host(), "jexec -l www /bin/sh -c 'uname -s; /usr/bin/uname -n; freebsd-version -k'")).stdout, 'FreeBSD\nwww\n14.3-RELEASE-p2\n');
    assert.equal((await ssh(host(), 'jexec www id')).stdout, 'uid=0(root) gid=0(wheel) groups=0(wheel),5(operator)\n');
  });

  it("serves the demo's page from www's Apache on port 80, installed from the package repository and enabled", async () => {
    const page = await httpGet(host(), '127.213.0.10', 80, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.server, 'Apache/2.4.65 (FreeBSD) (simulated)');
    assert.match(page.body, /<p>Served by Apache of the simulated FreeBSD host, in jail www\.<\/p>/);
    assert.equal((await ssh(host(), 'pkg -j www info -q apache24; sysrc -j www -n apache24_enable; service -j www apache24 status')).stdout.replace(/pid \d+/, 'pid N'),
      'apache24-2.4.65\nYES\napache24 is running as pid N.\n');
  });

  it("lists only FreeBSD's command names in /bin and /usr/bin, each where FreeBSD has it", async () => {
    const bin = (await ssh(host(), 'jexec www ls /bin')).stdout.trimEnd().split('\n');
    for (const name of ['cat', 'chflags', 'freebsd-version', 'hostname', 'ls', 'ps', 'sh']) assert.ok(bin.includes(name), name);
    for (const name of ['ash', 'bzcat', 'chvt', 'grep', 'ip', 'linux32', 'mdev', 'sysctl', 'uname']) assert.ok(!bin.includes(name), name);
    const usrBin = (await ssh(host(), 'jexec www ls /usr/bin')).stdout.trimEnd().split('\n');
    for (const name of ['awk', 'bzcat', 'grep', 'uname']) assert.ok(usrBin.includes(name), name);
    assert.ok(!usrBin.includes('dpkg') && !usrBin.includes('rpm'), usrBin.join(' '));
    assert.equal((await ssh(host(), "jexec -l www /bin/sh -c 'for c in awk sysctl chown; do command -v $c; done; echo a,b | awk -F, \"{ print \\$2 }\"'")).stdout,
      '/usr/bin/awk\n/sbin/sysctl\n/usr/sbin/chown\nb\n');
  });

  it('prints jexec(8)\'s messages', async () => {
    assert.deepEqual(await ssh(host(), 'jexec nosuch /bin/sh'), { stdout: '', stderr: 'jexec: jail "nosuch" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec build /bin/sh'), { stdout: '', stderr: 'jexec: jail "build" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec -u nobody2 www id'), { stdout: '', stderr: 'jexec: nobody2: no such user\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec -U nobody2 www id'), { stdout: '', stderr: 'jexec: nobody2: no such user\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec www /nonexistent'), { stdout: '', stderr: 'jexec: execvp(): /nonexistent: No such file or directory\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec www /etc/rc.conf'), { stdout: '', stderr: 'jexec: execvp(): /etc/rc.conf: Permission denied\n', status: 1 });
    const usage = await ssh(host(), 'jexec');
    assert.equal(usage.stderr, 'usage: jexec [-l] [-d working-directory] [-u username | -U username] jail\n             [command ...]\n');
    assert.equal(usage.status, 1);
  });
});
