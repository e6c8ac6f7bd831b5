/**
 * Show Logs, Copy Address and Copy SSH Command through the core against the simulated host: which logs
 * exist, following one, and an ssh command line that really opens the jail's shell when pasted.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { jailAddresses, primaryAddress } from '../../../src/core/jails/jailAddress';
import { existingLogs, followLogArgv, logCandidates } from '../../../src/core/jails/jailLogs';
import { sshCommandLine } from '../../../src/core/jails/sshCommandLine';
import { TerminalSession } from '../../../src/core/jails/terminalSession';
import { jailNamed, onHost, useJailsHost } from './support';

describe('logs, addresses and ssh command lines of jails', function () {
  this.timeout(60_000);
  const env = useJailsHost();

  it("finds the jail's console log and the web server logs inside its root", async () => {
    const { runner } = env();
    const www = await jailNamed(runner, 'www');
    await onHost(runner, 'mkdir -p /usr/local/jails/containers/www/var/log && echo "GET / 200" > /usr/local/jails/containers/www/var/log/httpd-access.log');
    const logs = await runner.run(existingLogs(logCandidates(www)));
    assert.deepEqual(logs, [
      { path: '/var/log/jail_console_www.log', label: 'Console log' },
      { path: '/usr/local/jails/containers/www/var/log/httpd-access.log', label: 'Apache access log' },
      // The demo's www runs Apache from start-up, which opened its error log.
      { path: '/usr/local/jails/containers/www/var/log/httpd-error.log', label: 'Apache error log' },
    ]);
    const bastion = await jailNamed(runner, 'bastion');
    assert.equal(logCandidates(bastion)[0]?.path, '/var/log/bastille/bastion_console.log');
  });

  it('follows a log as lines are appended', async () => {
    const { runner } = env();
    await onHost(runner, 'printf "first\\n" > /tmp/follow.log');
    const session = new TerminalSession(await runner.openTerminal(followLogArgv('/tmp/follow.log'), { rows: 24, cols: 80, privileged: true }));
    let screen = '';
    session.onData((text) => { screen += text; });
    while (!screen.includes('first')) await new Promise((resolve) => setTimeout(resolve, 20));
    await onHost(runner, 'printf "second\\n" >> /tmp/follow.log');
    while (!screen.includes('second')) await new Promise((resolve) => setTimeout(resolve, 20));
    session.close();
  });

  it('gives running and stopped jails their plain addresses', async () => {
    const { runner } = env();
    assert.deepEqual(jailAddresses(await jailNamed(runner, 'www')), ['127.213.0.10']);
    assert.equal(primaryAddress(await jailNamed(runner, 'build')), '127.213.0.12');
  });

  it('copies an ssh command line that opens a login shell in the jail', async () => {
    const { host, home } = env();
    const line = sshCommandLine({ destination: { kind: 'address', user: 'root', host: host.host, port: host.port },
      identityFile: host.privateKeyPath, knownHostsFile: host.knownHostsFile, privilege: 'root' }, 'www');
    assert.equal(line, `ssh -t -i ${host.privateKeyPath} -o UserKnownHostsFile=${host.knownHostsFile} -p ${host.port} root@127.0.0.1 jexec -l www`);
    const pasted = spawnSync('/bin/sh', ['-c', `${line.replace(/^ssh -t/, 'ssh -F /dev/null -o BatchMode=yes')} hostname`], { encoding: 'utf8', env: { HOME: home.home, PATH: process.env.PATH } });
    assert.deepEqual([pasted.stdout, pasted.status], ['www\n', 0], pasted.stderr);
  });
});
