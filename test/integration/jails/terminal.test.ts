/**
 * Terminals in jails over an SSH pty: a login shell in the jail, UTF-8 both ways, resize, exit statuses,
 * and an end when the jail stops or the link drops.
 */
import { strict as assert } from 'node:assert';
import { jailCommandArgv, jailShellArgv, terminalRefusal } from '../../../src/core/jails/jailShell';
import { describeTerminalEnd, TerminalEnd, TerminalSession } from '../../../src/core/jails/terminalSession';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { jailNamed, onHost, useJailsHost } from './support';

async function openSession(runner: CommandRunner, argv: string[] | undefined): Promise<{ session: TerminalSession; screen: () => string; ended: Promise<TerminalEnd> }> {
  const channel = await runner.openTerminal(argv, { rows: 24, cols: 80, privileged: argv !== undefined });
  const session = new TerminalSession(channel);
  let text = '';
  session.onData((chunk) => { text += chunk; });
  return { session, screen: () => text, ended: new Promise((resolve) => session.onEnd(resolve)) };
}

/** Resolves when the terminal has shown `pattern`; the test's own timeout bounds the wait. */
async function shown(screen: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const match = pattern.exec(screen());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('terminals in jails', function () {
  this.timeout(60_000);
  const env = useJailsHost();

  it("opens a login shell in the jail that answers with the jail's hostname, and reports its exit status", async () => {
    const { session, screen, ended } = await openSession(env().runner, jailShellArgv('www'));
    session.input('hostname; echo "[$(id -un)@$(pwd)]"\r');
    await shown(screen, /\nwww\r?\n/);
    await shown(screen, /\[root@\/root\]/);
    session.input('exit 3\r');
    assert.deepEqual(await ended, { kind: 'exited', code: 3 });
    assert.equal(describeTerminalEnd({ kind: 'exited', code: 3 }), 'The process exited with status 3.');
  });

  it('carries UTF-8 both ways', async () => {
    const { session, screen } = await openSession(env().runner, jailShellArgv('www'));
    session.input("echo 'ünïcødé 日本 😀 done'\r");
    await shown(screen, /ünïcødé 日本 😀 done\r?\n/);
    session.close();
  });

  it('resizes the pseudo-terminal', async () => {
    const { session, screen } = await openSession(env().runner, undefined);
    session.resize(132, 40);
    session.input('stty size\r');
    await shown(screen, /\n40 132\r?\n/);
    session.close();
  });

  it('runs one command in the jail and ends with its status', async () => {
    const { screen, ended } = await openSession(env().runner, jailCommandArgv('db', 'hostname; exit 5'));
    assert.deepEqual(await ended, { kind: 'exited', code: 5 });
    assert.match(screen(), /^db\r?\n/);
  });

  it('ends when the jail stops under it', async () => {
    const { runner } = env();
    const { session, screen, ended } = await openSession(runner, jailShellArgv('db'));
    session.input('echo ready\r');
    await shown(screen, /\nready\r?\n/);
    await onHost(runner, 'jail -q -f /etc/jail.conf.d/db.conf -r db');
    const end = await ended;
    assert.notEqual(end.kind, 'closed');
    assert.equal(describeTerminalEnd(end, (await jailNamed(runner, 'db')).state !== 'running'), 'The jail stopped; this terminal is closed.');
    await onHost(runner, 'jail -q -f /etc/jail.conf.d/db.conf -c db');
  });

  it('ends as lost when the link drops', async () => {
    const { connection, runner } = env();
    const { ended } = await openSession(runner, jailShellArgv('www'));
    connection.reconnect();
    const end = await ended;
    assert.equal(end.kind, 'lost');
    assert.match(describeTerminalEnd(end), /^The connection to the host was lost/);
  });

  it('refuses stopped and dying jails with a clear message, and shows jexec\'s words for a vanished one', async () => {
    const { runner } = env();
    assert.match(String(terminalRefusal(await jailNamed(runner, 'build'))), /build is stopped\. Start it first/);
    assert.match(String(terminalRefusal({ name: 'old', state: 'dying' })), /old is dying/);
    const { screen, ended } = await openSession(runner, jailShellArgv('nosuch'));
    assert.deepEqual(await ended, { kind: 'exited', code: 1 });
    assert.match(screen(), /jexec: jail "nosuch" not found/);
  });
});
