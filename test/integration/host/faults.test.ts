/**
 * Fault injection for provisioning tests: a rule makes a chosen run of any simulated tool fail with the
 * output and status it gives, and the disk-full switch makes writes under the jails root fail with
 * ENOSPC in each tool's words; also service and sysrc run from inside a jail, as the reference's
 * one-shot install does.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const RELEASE = '/.simulator/fixtures/releases/14.3-RELEASE/base.txz';

describe('simulated host: injected faults', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({ jails: [{ name: 'web', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.50' }] }));
  afterEach(() => host().clearFaults());

  it('fails the matching runs only, with the given output and status', async () => {
    host().injectFault({ command: 'jail', when: '-c', argvIncludes: ['name=doomed'], stderr: 'jail: doomed: mount.devfs: /j/dev: No such file or directory\n', exitCode: 1 });
    assert.deepEqual(await ssh(host(), 'jail -c name=doomed path=/ persist'), { status: 1, stdout: '', stderr: 'jail: doomed: mount.devfs: /j/dev: No such file or directory\n' });
    assert.deepEqual(await ssh(host(), 'jail -c name=doomed path=/ persist'), { status: 1, stdout: '', stderr: 'jail: doomed: mount.devfs: /j/dev: No such file or directory\n' });
    assert.equal((await ssh(host(), 'jail -c name=spared path=/ persist && jail -r spared')).status, 0);
    host().clearFaults();
    assert.equal((await ssh(host(), 'jail -c name=doomed path=/ persist && jail -r doomed')).status, 0);
  });

  it('makes extraction and rc.conf edits under the jails root fail on a full disk', async () => {
    await ssh(host(), 'mkdir -p /usr/local/jails/templates/full');
    host().setDiskFull(true);
    const extracted = await ssh(host(), `tar -xf ${RELEASE} -C /usr/local/jails/templates/full`);
    assert.deepEqual(extracted, { status: 1, stdout: '', stderr: 'tar: ./COPYRIGHT: Write failed: No space left on device\ntar: Error exit delayed from previous errors.\n' });
    assert.deepEqual(await ssh(host(), 'sysrc -j web apache24_enable=YES'),
      { status: 1, stdout: '', stderr: 'sysrc: /usr/local/jails/containers/web/etc/rc.conf: No space left on device\n' });
    assert.equal((await ssh(host(), `mkdir -p /tmp/x && tar -xf ${RELEASE} -C /tmp/x && sysrc -f /tmp/x/etc/rc.conf a=b`)).status, 0);
    host().setDiskFull(false);
    assert.equal((await ssh(host(), `tar -xf ${RELEASE} -C /usr/local/jails/templates/full && ls /usr/local/jails/templates/full/COPYRIGHT`)).stdout, '/usr/local/jails/templates/full/COPYRIGHT\n');
  });

  it('runs service and sysrc inside a jail', async () => {
    await ssh(host(), 'pkg -j web install -y -q nginx');
    assert.equal((await ssh(host(), 'jexec web sysrc nginx_enable=YES')).stdout, 'nginx_enable:  -> YES\n');
    const started = await ssh(host(), 'jexec web service nginx start && jexec web service nginx status');
    assert.match(started.stdout, /^Performing sanity check on nginx configuration:\nStarting nginx\.\nnginx is running as pid \d+\.\n$/);
    assert.equal((await ssh(host(), 'service -j web -e')).stdout, '/usr/local/etc/rc.d/nginx\n');
  });
});
