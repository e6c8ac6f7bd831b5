/**
 * The disk-full switch as a full file system under the jails root: busybox's cp and mkdir (on the host,
 * inside a jail, through a symbolic link), zfs create/clone/receive, fetch and SFTP writes each fail in the
 * words of their FreeBSD counterpart, and work again once the switch is off.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Client, SFTPWrapper } from 'ssh2';
import { scenario, SimulatedHost } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const NO_SPACE = 'No space left on device';

function connect(host: SimulatedHost): Promise<{ client: Client; sftp: SFTPWrapper }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => client.sftp((error, sftp) => (error ? reject(error) : resolve({ client, sftp }))));
    client.connect({ host: host.host, port: host.port, username: host.user, privateKey: readFileSync(host.privateKeyPath) });
  });
}

/** The SFTP status of an operation: 'OK', or the code and message the server answered. */
function outcome(operation: (done: (error?: Error | null) => void) => void): Promise<string> {
  return new Promise((resolve) => operation((error) => resolve(error ? `${(error as Error & { code?: number }).code} ${error.message}` : 'OK')));
}

describe('simulated host: a full disk', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({ jails: [{ name: 'web', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.51' }] }));
  afterEach(() => host().setDiskFull(false));

  it('makes cp and mkdir fail with ENOSPC where a write lands on it, and only there', async () => {
    await ssh(host(), 'mkdir -p /usr/local/jails/media/old && ln -s /usr/local/jails /tmp/jails');
    host().setDiskFull(true);
    const expect = async (command: string, stderr: string) => assert.deepEqual(await ssh(host(), command), { status: stderr ? 1 : 0, stdout: '', stderr });
    await expect('mkdir /usr/local/jails/media/new', `mkdir: /usr/local/jails/media/new: ${NO_SPACE}\n`);
    await expect('mkdir -p /usr/local/jails/media/a/b/c', `mkdir: /usr/local/jails/media/a: ${NO_SPACE}\n`);
    await expect('mkdir -p /usr/local/jails/media/old /tmp/made && test -d /tmp/made', '');
    await expect('mkdir /tmp/jails/media/linked', `mkdir: /tmp/jails/media/linked: ${NO_SPACE}\n`);
    await expect('cp /etc/rc.conf /usr/local/jails/media/rc.conf', `cp: /usr/local/jails/media/rc.conf: ${NO_SPACE}\n`);
    await expect('cp /etc/rc.conf /etc/hosts /usr/local/jails/media/old/', `cp: /usr/local/jails/media/old/rc.conf: ${NO_SPACE}\ncp: /usr/local/jails/media/old/hosts: ${NO_SPACE}\n`);
    await expect('cp -a /etc /usr/local/jails/media/etc', `cp: /usr/local/jails/media/etc: ${NO_SPACE}\n`);
    await expect('cd /usr/local/jails/media && cp /etc/hosts copy', `cp: copy: ${NO_SPACE}\n`);
    await expect('cp /etc/rc.conf /tmp/rc.conf && cmp /etc/rc.conf /tmp/rc.conf', '');
    await expect('jexec web mkdir /srv', `mkdir: /srv: ${NO_SPACE}\n`);
    await expect('jexec web cp /etc/hosts /etc/hosts.copy', `cp: /etc/hosts.copy: ${NO_SPACE}\n`);
    assert.equal((await ssh(host(), 'ls /usr/local/jails/media /usr/local/jails/media/old; ls /usr/local/jails/containers/web/etc/hosts.copy')).stdout, '/usr/local/jails/media:\nold\n\n/usr/local/jails/media/old:\n');
    host().setDiskFull(false);
    await expect('mkdir -p /usr/local/jails/media/a/b/c && cp /etc/rc.conf /usr/local/jails/media/a/b/c/ && jexec web mkdir /srv', '');
  });

  it('makes zfs create, clone and receive run out of space', async () => {
    assert.equal((await ssh(host(), 'zfs create -o mountpoint=/usr/local/jails/zt zroot/zt && zfs snapshot zroot/zt@s')).status, 0);
    host().setDiskFull(true);
    assert.deepEqual(await ssh(host(), 'zfs create zroot/zt/new'), { status: 1, stdout: '', stderr: "cannot create 'zroot/zt/new': out of space\n" });
    assert.deepEqual(await ssh(host(), 'zfs clone zroot/zt@s zroot/zt/clone'), { status: 1, stdout: '', stderr: "cannot create 'zroot/zt/clone': out of space\n" });
    assert.deepEqual(await ssh(host(), 'zfs send zroot/zt@s | zfs receive zroot/zt/copy'),
      { status: 1, stdout: '', stderr: 'cannot receive new filesystem stream: out of space\n' });
    assert.equal((await ssh(host(), 'zfs create zroot/elsewhere')).status, 0);
    assert.equal((await ssh(host(), 'zfs list -H -o name -r zroot/zt')).stdout, 'zroot/zt\n');
    host().setDiskFull(false);
    assert.equal((await ssh(host(), 'zfs clone zroot/zt@s zroot/zt/clone && zfs list -H -o name zroot/zt/clone')).stdout, 'zroot/zt/clone\n');
  });

  it('makes fetch fail to write the file it downloads', async () => {
    const url = 'https://download.freebsd.org/ftp/releases/amd64/amd64/14.3-RELEASE/MANIFEST';
    await ssh(host(), 'mkdir -p /usr/local/jails/media/download');
    host().setDiskFull(true);
    assert.deepEqual(await ssh(host(), `fetch -q -o /usr/local/jails/media/download/MANIFEST ${url}`),
      { status: 1, stdout: '', stderr: `fetch: /usr/local/jails/media/download/MANIFEST: ${NO_SPACE}\n` });
    assert.equal((await ssh(host(), `cd /tmp && fetch -q ${url} && test -s MANIFEST`)).status, 0);
    host().setDiskFull(false);
    assert.equal((await ssh(host(), `fetch -q -o /usr/local/jails/media/download/MANIFEST ${url}`)).status, 0);
  });

  it('answers SFTP writes as sftp-server answers ENOSPC (SSH_FX_FAILURE), reads still working', async () => {
    await ssh(host(), 'mkdir -p /usr/local/jails/media/sftp && echo before > /usr/local/jails/media/sftp/kept');
    const { client, sftp } = await connect(host());
    try {
      host().setDiskFull(true);
      assert.equal(await outcome((done) => sftp.writeFile('/usr/local/jails/media/sftp/new', 'data', done)), '4 Failure');
      assert.equal(await outcome((done) => sftp.writeFile('/usr/local/jails/media/sftp/kept', 'after', done)), '4 Failure');
      assert.equal(await outcome((done) => sftp.mkdir('/usr/local/jails/media/sftp/dir', done)), '4 Failure');
      assert.equal(await outcome((done) => sftp.writeFile('/tmp/elsewhere', 'data', done)), 'OK');
      const kept = await new Promise<string>((resolve, reject) => sftp.readFile('/usr/local/jails/media/sftp/kept', (error, data) => (error ? reject(error) : resolve(data.toString()))));
      assert.equal(kept, '');
      assert.equal((await ssh(host(), 'ls /usr/local/jails/media/sftp')).stdout, 'kept\n');
      host().setDiskFull(false);
      assert.equal(await outcome((done) => sftp.writeFile('/usr/local/jails/media/sftp/new', 'data', done)), 'OK');
      assert.equal((await ssh(host(), 'cat /usr/local/jails/media/sftp/new')).stdout, 'data');
    } finally {
      client.end();
    }
  });
});
