/**
 * chflags(1) and rm(1) on the simulated host: files with system or user immutable flags cannot be removed
 * until the flags are cleared ("rm: X: Operation not permitted", rm.c's messages), and the kernel's
 * rules for changing flags: root only, in a jail only with allow.chflags, and never for schg files while
 * the securelevel (a jail's securelevel parameter) is above 0.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { makeJailRoot, ssh, useSimulatedHost } from './harness';

const SECURED = '/usr/local/jails/containers/secured';
const PLAIN = '/usr/local/jails/containers/plain';

describe('chflags and rm', () => {
  const host = useSimulatedHost(() => scenario({ doasUser: 'deploy' }));

  it('keeps schg files until the flag is cleared, as the extension\'s destroy steps expect', async () => {
    assert.equal((await ssh(host(), 'mkdir -p /tmp/t/d && touch /tmp/t/f /tmp/t/d/g && chflags -R schg /tmp/t')).status, 0);
    assert.deepEqual(await ssh(host(), 'rm /tmp/t/f'), { stdout: '', stderr: 'rm: /tmp/t/f: Operation not permitted\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'rm -rf /tmp/t'), { stdout: '', status: 1,
      stderr: 'rm: /tmp/t/d/g: Operation not permitted\nrm: /tmp/t/d: Operation not permitted\nrm: /tmp/t/f: Operation not permitted\nrm: /tmp/t: Operation not permitted\n' });
    assert.deepEqual(await ssh(host(), 'chflags noschg /tmp/t/d /tmp/t/d/g && rm -v /tmp/t/d/g'), { stdout: '/tmp/t/d/g\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'chflags -R noschg /tmp/t && rm -rf /tmp/t && ls /tmp/t'), { stdout: '', stderr: 'ls: /tmp/t: No such file or directory\n', status: 1 });
  });

  it('reports a directory whose entries stayed, and lets rm -f clear user flags only', async () => {
    assert.equal((await ssh(host(), 'mkdir -p /tmp/u && touch /tmp/u/a /tmp/u/b && chflags uchg /tmp/u/a && chflags sappnd /tmp/u/b')).status, 0);
    assert.deepEqual(await ssh(host(), 'rm /tmp/u/a'), { stdout: '', stderr: 'rm: /tmp/u/a: Operation not permitted\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'rm -rf /tmp/u'), { stdout: '', stderr: 'rm: /tmp/u/b: Operation not permitted\nrm: /tmp/u: Directory not empty\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'chflags 0 /tmp/u/b && rm -r /tmp/u'), { stdout: '', stderr: '', status: 0 });
  });

  it("prints rm.c's messages", async () => {
    assert.deepEqual(await ssh(host(), 'rm /nonexistent'), { stdout: '', stderr: 'rm: /nonexistent: No such file or directory\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'rm -f /nonexistent'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'rm /tmp'), { stdout: '', stderr: 'rm: /tmp: is a directory\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'rm -rf /'), { stdout: '', stderr: 'rm: "/" may not be removed\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'rm'), { stdout: '', stderr: 'usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [--] file\n', status: 64 });
  });

  it('refuses system flags to an unprivileged user', async () => {
    assert.deepEqual(await ssh(host(), 'touch /tmp/mine && chflags schg /tmp/mine', { user: 'deploy' }),
      { stdout: '', stderr: 'chflags: /tmp/mine: Operation not permitted\n', status: 1 });
  });

  it('follows securelevel and allow.chflags inside jails', async () => {
    makeJailRoot(host(), SECURED, 'secured');
    makeJailRoot(host(), PLAIN, 'plain');
    assert.equal((await ssh(host(), `jail -c name=secured path=${SECURED} securelevel=2 allow.chflags persist && jail -c name=plain path=${PLAIN} persist`)).status, 0);
    assert.equal((await ssh(host(), `chflags schg ${SECURED}/etc/rc.conf && jexec secured sysctl -n kern.securelevel && sysctl -n kern.securelevel`)).stdout, '2\n-1\n');
    assert.deepEqual(await ssh(host(), 'jexec secured chflags noschg /etc/rc.conf'), { stdout: '', stderr: 'chflags: /etc/rc.conf: Operation not permitted\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec secured rm /etc/rc.conf'), { stdout: '', stderr: 'rm: /etc/rc.conf: Operation not permitted\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec plain chflags schg /etc/hosts'), { stdout: '', stderr: 'chflags: /etc/hosts: Operation not permitted\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jexec plain chflags uchg /etc/hosts && jexec plain rm -f /etc/hosts'), { stdout: '', stderr: '', status: 0 });
    // The host's securelevel is -1: its root clears the flag the jail could not.
    assert.deepEqual(await ssh(host(), `chflags noschg ${SECURED}/etc/rc.conf && jexec secured rm /etc/rc.conf`), { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jail -r secured plain')).status, 0);
  });
});
