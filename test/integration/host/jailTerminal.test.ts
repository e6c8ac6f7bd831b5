/**
 * A terminal inside a jail, as the extension opens one over an SSH pty: sshd greets with the host's
 * message of the day and shells start without a banner, the jail's devfs shows the terminal's /dev/pts/N
 * (tty(1) names it), and /usr/bin/login -f USER starts USER's login shell with a
 * login environment, staying as its parent as FreeBSD's login does.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const LOGIN_PATH = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/root/bin';

describe('simulated host: a terminal in a jail', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({ jails: [{ name: 'web', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.52' }] }));

  it('names the terminal inside the jail, as on the host', async () => {
    const onHost = await ssh(host(), 'tty', { terminal: true });
    assert.match(onHost.stdout, /^\/dev\/pts\/\d+\r\n$/);
    const inJail = await ssh(host(), 'jexec -l web tty', { terminal: true });
    assert.match(inJail.stdout, /^\/dev\/pts\/\d+\r\n$/);
    assert.deepEqual(await ssh(host(), 'jexec -l web tty'), { status: 1, stdout: 'not a tty\n', stderr: '' });
  });

  it('greets an interactive login with the host\'s message of the day, and its shells with no banner', async () => {
    const session = await ssh(host(), '', { terminal: true, input: 'jexec -l web /bin/sh\nexit\nexit\n' });
    assert.ok(session.stdout.includes(`FreeBSD ${host().scenario.release} (simulated)`), session.stdout);
    assert.doesNotMatch(session.stdout, /Debian|BusyBox|built-in/);
  });

  it('shows root\'s prompt from the .profile and .shrc FreeBSD installs, user@host:directory #', async () => {
    const session = await ssh(host(), 'jexec -l web /usr/bin/login -f root', { terminal: true, input: 'cd /etc\nexit\n' });
    // busybox's shell asks where the cursor is after a prompt (ESC [6n); FreeBSD's sh does not, so it is left out.
    assert.match(session.stdout.split('\u001b[6n').join(''), /root@web:~ # cd \/etc\r\nroot@web:\/etc # /);
  });

  it('logs in with login -f: the user\'s login shell, home and environment', async () => {
    const script = 'echo "$HOME|$SHELL|$USER|$LOGNAME|$PATH|$0|${FOO:-unset}"; pwd; ps | grep -c "login \\[pam\\] (login)"\n';
    assert.deepEqual(await ssh(host(), 'FOO=bar jexec web /usr/bin/login -f root', { input: script }),
      { status: 0, stdout: `/root|/bin/sh|root|root|${LOGIN_PATH}|-sh|unset\n/root\n1\n`, stderr: '' });
    const kept = await ssh(host(), 'FOO=bar jexec web login -p -f root', { input: 'echo "${FOO:-unset}|$USER"\n' });
    assert.equal(kept.stdout, 'bar|root\n');
    assert.equal((await ssh(host(), 'jexec web login -f root', { input: 'exit 3\n' })).status, 3);
  });

  it('does not log in without -f, nor another user for a user', async () => {
    assert.deepEqual(await ssh(host(), 'jexec web login root'), { status: 1, stdout: 'Password:\nLogin incorrect\n', stderr: '' });
    assert.deepEqual(await ssh(host(), 'jexec -U www web login -f root'), { status: 1, stdout: 'Password:\nLogin incorrect\n', stderr: '' });
    assert.deepEqual(await ssh(host(), 'jexec web login -x'), { status: 1, stdout: '', stderr: 'login: illegal option -- x\nusage: login [-fp] [-h hostname] [username]\n' });
  });
});
