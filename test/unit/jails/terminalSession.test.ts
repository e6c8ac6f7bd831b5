import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { describeTerminalEnd, TerminalEnd, TerminalSession } from '../../../src/core/jails/terminalSession';

/** A channel whose far side the test plays. */
class FakeChannel extends EventEmitter {
  written: string[] = [];
  windows: number[][] = [];
  closed = false;
  readonly stderr = new EventEmitter();
  write(data: string | Buffer): boolean {
    this.written.push(String(data));
    return true;
  }
  setWindow(rows: number, cols: number, height: number, width: number): void {
    this.windows.push([rows, cols, height, width]);
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

function session(): { channel: FakeChannel; terminal: TerminalSession; text: () => string; ends: TerminalEnd[] } {
  const channel = new FakeChannel();
  const terminal = new TerminalSession(channel);
  let text = '';
  const ends: TerminalEnd[] = [];
  terminal.onData((chunk) => { text += chunk; });
  terminal.onEnd((end) => ends.push(end));
  return { channel, terminal, text: () => text, ends };
}

describe('terminal sessions over a pty channel', () => {
  it('decodes UTF-8 split across chunks, from standard output and standard error', () => {
    const { channel, text } = session();
    const bytes = Buffer.from('日本 😀');
    for (const byte of bytes) channel.emit('data', Buffer.from([byte]));
    channel.stderr.emit('data', Buffer.from(' ü'));
    assert.equal(text(), '日本 😀 ü');
  });

  it('passes keys and window sizes to the channel, ignoring empty sizes', () => {
    const { channel, terminal } = session();
    terminal.input('ls\r');
    terminal.resize(132, 40);
    terminal.resize(0, 0);
    assert.deepEqual(channel.written, ['ls\r']);
    assert.deepEqual(channel.windows, [[40, 132, 0, 0]]);
  });

  it('tells an exit status, a signal, a lost link and a close from this side apart, once each', () => {
    const exited = session();
    exited.channel.emit('exit', 3);
    exited.channel.emit('close');
    exited.channel.emit('close');
    assert.deepEqual(exited.ends, [{ kind: 'exited', code: 3 }]);

    const killed = session();
    killed.channel.emit('exit', null, 'KILL');
    killed.channel.emit('close');
    assert.deepEqual(killed.ends, [{ kind: 'killed', signal: 'SIGKILL' }]);

    const lost = session();
    lost.channel.emit('error', new Error('read ECONNRESET'));
    lost.channel.emit('close');
    assert.deepEqual(lost.ends, [{ kind: 'lost', error: 'read ECONNRESET' }]);

    const closed = session();
    closed.terminal.close();
    assert.equal(closed.channel.closed, true);
    assert.deepEqual(closed.ends, [{ kind: 'closed' }]);
    closed.terminal.input('ignored');
    assert.deepEqual(closed.channel.written, []);
  });

  it('tells a late listener how the session ended', () => {
    const { channel, terminal } = session();
    channel.emit('exit', 0);
    channel.emit('close');
    const late: TerminalEnd[] = [];
    terminal.onEnd((end) => late.push(end));
    assert.deepEqual(late, [{ kind: 'exited', code: 0 }]);
    assert.deepEqual(terminal.end, { kind: 'exited', code: 0 });
  });

  it('says what happened in one line', () => {
    assert.equal(describeTerminalEnd({ kind: 'exited', code: 0 }), 'The shell exited.');
    assert.equal(describeTerminalEnd({ kind: 'exited', code: 0 }, false, 'command'), 'The command finished.');
    assert.equal(describeTerminalEnd({ kind: 'exited', code: 2 }, false, 'command'), 'The process exited with status 2.');
    assert.equal(describeTerminalEnd({ kind: 'killed', signal: 'SIGTERM' }), 'The process was killed by SIGTERM.');
    assert.equal(describeTerminalEnd({ kind: 'lost' }), 'The connection to the host was lost.');
    assert.equal(describeTerminalEnd({ kind: 'killed', signal: 'SIGKILL' }, true), 'The jail stopped; this terminal is closed.');
    assert.equal(describeTerminalEnd({ kind: 'closed' }, true), 'Terminal closed.');
  });
});
