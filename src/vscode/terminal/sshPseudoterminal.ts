/**
 * A VS Code terminal drawn by the extension over an SSH channel with a pty (core TerminalSession): keys go to
 * the channel, output comes back, the window size follows the panel. When the far side ends, the reason is
 * shown; a shell's clean exit closes the terminal, anything else (a command's output above all) waits for a
 * key so that it can be read.
 */
import * as vscode from 'vscode';
import { describeTerminalEnd, PtyChannel, TerminalEnd, TerminalRuns, TerminalSession } from '../../core/jails/terminalSession';

export interface PtyOpener {
  (dimensions: { columns: number; rows: number }): Promise<PtyChannel>;
}

/** Whether the jail is gone once the session ended, to say so rather than "the process was killed". */
export type JailGoneCheck = (end: TerminalEnd) => Promise<boolean>;

/** Output kept for the extension tests and for a terminal reopened later (bounded). */
const transcriptLimit = 256 * 1024;

export class SshPseudoterminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private session: TerminalSession | undefined;
  private ended: TerminalEnd | undefined;
  private exitCode: number | undefined;
  private pendingInput = '';
  private text = '';

  constructor(
    private readonly openChannel: PtyOpener,
    private readonly jailGone: JailGoneCheck = async () => false,
    private readonly runs: TerminalRuns = 'shell',
    /** A dim first line saying what the terminal shows, for output that may be empty for a while (a quiet log). */
    private readonly banner?: string,
  ) {}

  get transcript(): string {
    return this.text;
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    const size = { columns: dimensions?.columns ?? 80, rows: dimensions?.rows ?? 24 };
    if (this.banner) this.write(`\x1b[2m[${this.banner}]\x1b[0m\r\n`);
    this.openChannel(size).then((channel) => {
      const session = new TerminalSession(channel);
      this.session = session;
      session.onData((text) => this.write(text));
      session.onEnd((end) => void this.finish(end));
      if (this.pendingInput) session.input(this.pendingInput);
      this.pendingInput = '';
    }, (error: unknown) => {
      this.write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
      this.waitForKey(1);
    });
  }

  handleInput(data: string): void {
    if (this.ended || this.exitCode !== undefined) {
      this.closed.fire(this.exitCode);
      return;
    }
    if (this.session) this.session.input(data);
    else this.pendingInput += data;
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.session?.resize(dimensions.columns, dimensions.rows);
  }

  close(): void {
    this.session?.close();
    this.written.dispose();
    this.closed.dispose();
  }

  private write(text: string): void {
    this.text = (this.text + text).slice(-transcriptLimit);
    this.written.fire(text);
  }

  private async finish(end: TerminalEnd): Promise<void> {
    this.ended = end;
    if (end.kind === 'closed') return;
    if (end.kind === 'exited' && end.code === 0 && this.runs === 'shell') {
      this.closed.fire(0);
      return;
    }
    const gone = await this.jailGone(end).catch(() => false);
    this.write(`\r\n\x1b[2m[${describeTerminalEnd(end, gone, this.runs)} Press any key to close.]\x1b[0m\r\n`);
    this.waitForKey(end.kind === 'exited' ? end.code : 1);
  }

  private waitForKey(code: number): void {
    this.exitCode = code;
  }
}
