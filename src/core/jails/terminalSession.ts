/**
 * A terminal over an SSH channel with a pseudo-terminal, without any editor in sight: text in both
 * directions decoded as UTF-8 across chunk boundaries, window size changes, and one end event telling how
 * the far side ended (exit status, signal, or a link that dropped before any status came).
 */
import { StringDecoder } from 'node:string_decoder';

/** The part of ssh2's ClientChannel a terminal uses (tests may give a local stand-in). */
export interface PtyChannel {
  write(data: string | Buffer): boolean;
  setWindow(rows: number, cols: number, height: number, width: number): void;
  /** Closes the channel; sshd then hangs up the session's processes. */
  close(): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal?: string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  stderr?: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
}

export type TerminalEnd =
  | { kind: 'exited'; code: number }
  | { kind: 'killed'; signal: string }
  /** The channel closed with no exit status: the link dropped, or the host ended the session. */
  | { kind: 'lost'; error?: string }
  /** Closed from this side. */
  | { kind: 'closed' };

export class TerminalSession {
  private readonly dataListeners = new Set<(text: string) => void>();
  private readonly endListeners = new Set<(end: TerminalEnd) => void>();
  private exit: TerminalEnd | undefined;
  private ended: TerminalEnd | undefined;
  private closedHere = false;
  private channelError: string | undefined;

  constructor(private readonly channel: PtyChannel) {
    const stdout = new StringDecoder('utf8');
    const stderr = new StringDecoder('utf8');
    channel.on('data', (chunk) => this.emit(stdout.write(chunk)));
    channel.stderr?.on('data', (chunk) => this.emit(stderr.write(chunk)));
    channel.on('exit', (code, signal) => {
      this.exit = signal ? { kind: 'killed', signal: signal.replace(/^(?!SIG)/, 'SIG') } : { kind: 'exited', code: code ?? 0 };
    });
    channel.on('error', (error) => {
      this.channelError = error.message;
    });
    channel.on('close', () => {
      this.emit(stdout.end() + stderr.end());
      this.finish(this.closedHere ? { kind: 'closed' } : this.exit ?? { kind: 'lost', error: this.channelError });
    });
  }

  get end(): TerminalEnd | undefined {
    return this.ended;
  }

  onData(listener: (text: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** Called once; immediately when the session has ended already. */
  onEnd(listener: (end: TerminalEnd) => void): () => void {
    if (this.ended) {
      listener(this.ended);
      return () => undefined;
    }
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  input(text: string): void {
    if (!this.ended) this.channel.write(text);
  }

  resize(columns: number, rows: number): void {
    if (!this.ended && columns > 0 && rows > 0) this.channel.setWindow(rows, columns, 0, 0);
  }

  close(): void {
    if (this.ended) return;
    this.closedHere = true;
    this.channel.close();
  }

  private emit(text: string): void {
    if (text === '') return;
    for (const listener of this.dataListeners) listener(text);
  }

  private finish(end: TerminalEnd): void {
    if (this.ended) return;
    this.ended = end;
    for (const listener of this.endListeners) listener(end);
    this.endListeners.clear();
  }
}

/** What a terminal runs: a login shell, or one command line whose output stays to be read. */
export type TerminalRuns = 'shell' | 'command';

/** The line a terminal prints when its session ends; `jailGone` when the jail stopped under it. */
export function describeTerminalEnd(end: TerminalEnd, jailGone = false, runs: TerminalRuns = 'shell'): string {
  if (jailGone && end.kind !== 'closed') return 'The jail stopped; this terminal is closed.';
  switch (end.kind) {
    case 'exited':
      if (end.code !== 0) return `The process exited with status ${end.code}.`;
      return runs === 'command' ? 'The command finished.' : 'The shell exited.';
    case 'killed':
      return `The process was killed by ${end.signal}.`;
    case 'lost':
      return `The connection to the host was lost${end.error ? ` (${end.error})` : ''}.`;
    case 'closed':
      return 'Terminal closed.';
  }
}
