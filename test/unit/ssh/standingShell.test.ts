import { strict as assert } from 'node:assert';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { ClientChannel } from 'ssh2';
import { StandingShell } from '../../../src/core/ssh/standingShell';

/** This machine's `sh -s` dressed as an ssh2 channel: what the standing shell writes is its standard input. */
function localShell(): { channel: ClientChannel; child: ChildProcessWithoutNullStreams } {
  const child = spawn('/bin/sh', ['-s']);
  const channel = Object.assign(new EventEmitter(), {
    stderr: child.stderr,
    destroyed: false,
    write: (data: string) => child.stdin.write(data),
    signal: () => child.kill('SIGTERM'),
    close: () => child.stdin.end(),
  });
  child.stdout.on('data', (chunk: Buffer) => channel.emit('data', chunk));
  child.on('close', () => channel.emit('close'));
  return { channel: channel as unknown as ClientChannel, child };
}

describe('StandingShell', () => {
  it('runs scripts one after another in one shell, each with its exact output and status', async () => {
    const { channel, child } = localShell();
    const shell = new StandingShell(channel, 'local', 1024 * 1024);
    try {
      const run = async (script: string) => {
        const r = await shell.run(script);
        return [r.stdout.toString(), r.stderr.toString(), r.exitCode];
      };
      assert.deepEqual(await run('printf "no newline"'), ['no newline', '', 0]);
      assert.deepEqual(await run('echo out; echo err >&2; exit 7\n'), ['out\n', 'err\n', 7]);
      assert.deepEqual(await run("cd /; x=1; echo \"@@not-a-marker 0\"\necho '\n'"), ['@@not-a-marker 0\n\n\n', '', 0]);
      // What one script changed (directory, variables) is gone for the next, as on a channel of its own.
      assert.deepEqual(await run('pwd; echo "[$x]"'), [`${process.cwd()}\n[]\n`, '', 0]);
      assert.equal(shell.idle, true);
    } finally {
      shell.close();
      child.kill();
    }
  });

  it('is busy while a script runs, and fails it when the shell ends', async () => {
    const { channel, child } = localShell();
    const shell = new StandingShell(channel, 'local', 1024 * 1024);
    const running = shell.run('sleep 5');
    assert.equal(shell.idle, false);
    await assert.rejects(shell.run('true'), /is not ready/);
    child.kill('SIGKILL');
    await assert.rejects(running, /the shell running scripts on local ended/);
    assert.equal(shell.alive, false);
  });

  it('ends a script that writes more than it may', async () => {
    const { channel, child } = localShell();
    const shell = new StandingShell(channel, 'local', 1000);
    try {
      await assert.rejects(shell.run('yes | head -c 5000'), /a script on local wrote more than 1000 bytes/);
    } finally {
      child.kill();
    }
  });
});
