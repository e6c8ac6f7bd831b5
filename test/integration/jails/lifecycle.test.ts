/**
 * Start, stop and restart through the core against the simulated host, with FreeBSD's own words when a
 * jail is already in the wanted state, vanished meanwhile, or has a broken configuration.
 */
import { strict as assert } from 'node:assert';
import { LifecycleRefusal, lifecycleRemoteCommand } from '../../../src/core/freebsd/jailLifecycle';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { jailNamed, onHost, readInventory, useJailsHost } from './support';

/** Runs `body` with mail's jail.conf changed by a shell snippet, then puts the file back. */
async function withMailConfig<T>(runner: CommandRunner, change: string, body: () => Promise<T>): Promise<T> {
  await onHost(runner, `cp /etc/jail.conf.d/mail.conf /tmp/mail.conf.saved && ${change}`);
  try {
    return await body();
  } finally {
    await onHost(runner, 'cp /tmp/mail.conf.saved /etc/jail.conf.d/mail.conf');
  }
}

describe('jail lifecycle against the simulated host', function () {
  this.timeout(120_000);
  const env = useJailsHost();

  it('starts a stopped jail through its own jail.conf, then restarts and stops it', async () => {
    const { runner } = env();
    const build = await jailNamed(runner, 'build');
    assert.equal(build.state, 'stopped');
    const started = await runner.run(lifecycleRemoteCommand(build, 'start'));
    assert.deepEqual([started.ok, started.summary], [true, 'build started.']);
    assert.match(started.output, /build: created/);
    const running = await jailNamed(runner, 'build');
    assert.equal(running.state, 'running');
    assert.equal(running.running?.ip4[0], '127.213.0.12');

    const jidBefore = running.running?.jid;
    const restarted = await runner.run(lifecycleRemoteCommand(running, 'restart'));
    assert.equal(restarted.ok, true, restarted.output);
    const afterRestart = await jailNamed(runner, 'build');
    assert.equal(afterRestart.state, 'running');
    assert.notEqual(afterRestart.running?.jid, jidBefore, 'a restart makes a new jail with a new JID');

    const stopped = await runner.run(lifecycleRemoteCommand(afterRestart, 'stop'));
    assert.deepEqual([stopped.ok, stopped.summary], [true, 'build stopped.']);
    assert.equal((await jailNamed(runner, 'build')).state, 'stopped');
  });

  it('refuses before running anything when the jail is already in the wanted state', async () => {
    const { runner } = env();
    const mail = await jailNamed(runner, 'mail');
    assert.throws(() => lifecycleRemoteCommand(mail, 'stop'), (e: Error) => e instanceof LifecycleRefusal && e.message === 'mail is already stopped.');
    const www = await jailNamed(runner, 'www');
    assert.throws(() => lifecycleRemoteCommand(www, 'start'), /www is already running/);
  });

  it('says so when the jail stopped or started behind the tree\'s back', async () => {
    const { runner } = env();
    const db = await jailNamed(runner, 'db');
    await onHost(runner, 'jail -q -f /etc/jail.conf.d/db.conf -r db');
    const vanished = await runner.run(lifecycleRemoteCommand(db, 'stop'));
    assert.equal(vanished.ok, false);
    assert.equal(vanished.summary, 'db is not running any more: it stopped or vanished since the list was read.');
    const dbStopped = await jailNamed(runner, 'db');
    await onHost(runner, 'jail -q -f /etc/jail.conf.d/db.conf -c db');
    const raced = await runner.run(lifecycleRemoteCommand(dbStopped, 'start'));
    assert.equal(raced.summary, 'db is already running (it was started since the list was read).');
  });

  it('says so when a stopped jail was removed from its configuration meanwhile', async () => {
    const { runner } = env();
    const mail = await jailNamed(runner, 'mail');
    const outcome = await withMailConfig(runner, ': > /etc/jail.conf.d/mail.conf', () => runner.run(lifecycleRemoteCommand(mail, 'start')));
    assert.equal(outcome.summary, 'mail is no longer configured on the host (it vanished since the list was read).');
  });

  it("shows FreeBSD's error and the line of jail.conf it names when the configuration is broken", async () => {
    const { runner } = env();
    const mail = await jailNamed(runner, 'mail');
    const outcome = await withMailConfig(runner, "sed -i 's|exec.clean;|exec.clean = = yes;|' /etc/jail.conf.d/mail.conf",
      () => runner.run(lifecycleRemoteCommand(mail, 'start')));
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.errors[0], { message: '/etc/jail.conf.d/mail.conf line 9: =: syntax error', file: '/etc/jail.conf.d/mail.conf', line: 9 });
    assert.equal(outcome.summary, 'Could not start mail: /etc/jail.conf.d/mail.conf line 9: =: syntax error');
    assert.equal((await jailNamed(runner, 'mail')).state, 'stopped');
  });

  it('reports a failing exec.start in jail(8)\'s words and leaves the jail stopped', async () => {
    const { runner } = env();
    const mail = await jailNamed(runner, 'mail');
    const outcome = await withMailConfig(runner, "sed -i 's|exec.start = \"/bin/sh /etc/rc\";|exec.start = \"/bin/sh -c \\x27exit 3\\x27\";|' /etc/jail.conf.d/mail.conf",
      () => runner.run(lifecycleRemoteCommand(mail, 'start')));
    assert.equal(outcome.ok, false, outcome.output);
    assert.match(outcome.summary, /^Could not start mail: mail: .*failed$/);
    assert.equal((await jailNamed(runner, 'mail')).state, 'stopped');
  });

  it("starts and stops a Bastille jail through jail(8) with Bastille's own jail.conf when bastille is not installed", async () => {
    const { runner } = env();
    const { jails, capabilities } = await readInventory(runner);
    const bastion = jails.find((j) => j.name === 'bastion');
    assert.ok(bastion && bastion.manager === 'bastille');
    const installed = capabilities.managers.map((m) => m.name);
    const stopped = await runner.run(lifecycleRemoteCommand(bastion, 'stop', installed));
    assert.equal(stopped.ok, true, stopped.output);
    assert.equal((await jailNamed(runner, 'bastion')).state, 'stopped');
    const started = await runner.run(lifecycleRemoteCommand(await jailNamed(runner, 'bastion'), 'start', installed));
    assert.equal(started.ok, true, started.output);
    assert.equal((await jailNamed(runner, 'bastion')).state, 'running');
  });
});
