import { strict as assert } from 'node:assert';
import { CommandChannel, CommandRunner } from '../../../src/core/ssh/commandRunner';
import { ExecOptions, ExecResult } from '../../../src/core/ssh/sshConnection';

/** A channel that records what it is asked to run and answers with a fixed result. */
function fakeChannel(result: Partial<ExecResult>) {
  const calls: { commandLine: string; options?: ExecOptions }[] = [];
  const channel: CommandChannel = {
    exec: async (commandLine, options) => {
      calls.push({ commandLine, options });
      return { stdout: Buffer.from(''), stderr: Buffer.from(''), exitCode: 0, ...result };
    },
    openPty: async () => { throw new Error('not used'); },
  };
  return { channel, calls };
}

describe('CommandRunner', () => {
  it('sends the planned invocation with a short label, and parses what comes back', async () => {
    const { channel, calls } = fakeChannel({ stdout: Buffer.from('héllo\n'), stderr: Buffer.from('warn'), exitCode: 3 });
    const runner = new CommandRunner(channel, 'sudo');
    const parsed = await runner.run({ argv: ['jail', '-r', 'www'], privileged: true, parse: (out, err, code) => ({ out, err, code }) }, { timeoutMs: 5 });
    assert.deepEqual(parsed, { out: 'héllo\n', err: 'warn', code: 3 });
    assert.equal(calls[0].commandLine, "'/bin/sh' '-c' ''\\''sudo'\\'' '\\''-n'\\'' '\\''jail'\\'' '\\''-r'\\'' '\\''www'\\'''");
    assert.equal(calls[0].options?.label, 'jail -r www');
    assert.equal(calls[0].options?.timeoutMs, 5);
  });

  it('reports death by a signal as 128 + its number, as a shell does', async () => {
    const { channel } = fakeChannel({ exitCode: null, signal: 'SIGKILL' });
    assert.equal((await new CommandRunner(channel).runScript('sleep 1\n')).exitCode, 137);
    const { channel: bare } = fakeChannel({ exitCode: null, signal: 'TERM' });
    assert.equal((await new CommandRunner(bare).runScript('sleep 1\n')).exitCode, 143);
  });

  it('keeps its privilege mode per instance', () => {
    const runner = new CommandRunner(fakeChannel({}).channel);
    assert.equal(runner.privilege, 'none');
    assert.equal(runner.withPrivilege('doas').privilege, 'doas');
    assert.equal(runner.privilege, 'none');
  });

  it('refuses a terminal command that holds a newline', async () => {
    assert.throws(() => new CommandRunner(fakeChannel({}).channel).openTerminal(['sh', '-c', 'a\nb'], { rows: 1, cols: 1 }), /newline/);
  });
});
