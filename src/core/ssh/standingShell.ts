/**
 * A shell kept open on one exec channel (the runner's `/bin/sh -s`) that runs scripts sent to it one after
 * another. A script on a channel of its own costs three round trips (open the channel, request the command,
 * send the script and read the answer); here it costs one, which is what a warm refresh of a host should cost.
 * Each script runs in a child `/bin/sh -s` that reads it from a here-document, as it would read it from a
 * channel of its own; lines carrying a fresh nonce end its output on both streams and give its exit status.
 */
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import type { ExecResult } from './sshConnection';
import { SshError } from './sshError';

interface Running {
  nonce: string;
  stdout: Buffer[];
  stderr: Buffer[];
  sizes: { stdout: number; stderr: number };
  resolve(result: ExecResult): void;
  reject(error: SshError): void;
}

/** The bytes sent for one script; the nonce cannot occur in the script, so neither the here-document nor the markers can end early. */
export function standingScript(script: string, nonce: string): string {
  const body = script.endsWith('\n') ? script : `${script}\n`;
  return `/bin/sh -s <<'@@${nonce}'\n${body}@@${nonce}\nprintf '\\n@@${nonce} %s\\n' "$?"; printf '\\n@@${nonce}\\n' >&2\n`;
}

/** Where a stream's output ends, and the status its marker carries (stderr's has none); undefined until then. */
function markerAt(chunks: Buffer[], size: number, nonce: string, withStatus: boolean): { end: number; status?: number } | undefined {
  // The marker is short and comes last: only the tail is looked at, so a large output costs no rescans.
  const tail: Buffer[] = [];
  let tailSize = 0;
  for (let i = chunks.length - 1; i >= 0 && tailSize < 64; i--) {
    tail.unshift(chunks[i]);
    tailSize += chunks[i].length;
  }
  const match = new RegExp(withStatus ? `\\n@@${nonce} (\\d+)\\n$` : `\\n@@${nonce}\\n$`).exec(Buffer.concat(tail).toString('latin1'));
  return match ? { end: size - tailSize + match.index, status: withStatus ? Number(match[1]) : undefined } : undefined;
}

export class StandingShell {
  private running: Running | undefined;
  private ended = false;

  constructor(private readonly channel: ClientChannel, private readonly target: string, private readonly maxOutputBytes: number) {
    channel.on('data', (chunk: Buffer) => this.take('stdout', chunk));
    channel.stderr.on('data', (chunk: Buffer) => this.take('stderr', chunk));
    channel.on('close', () => this.end(`the shell running scripts on ${target} ended`));
    channel.on('error', (error: Error) => this.end(`the shell running scripts on ${target} failed: ${error.message}`));
  }

  /** Ready for a script: open, and not running one. */
  get idle(): boolean {
    return !this.ended && !this.running;
  }

  get alive(): boolean {
    return !this.ended;
  }

  run(script: string): Promise<ExecResult> {
    if (!this.idle) return Promise.reject(new SshError('channel-failed', this.target, `the shell running scripts on ${this.target} is not ready`));
    const nonce = randomBytes(9).toString('hex');
    return new Promise<ExecResult>((resolve, reject) => {
      this.running = { nonce, stdout: [], stderr: [], sizes: { stdout: 0, stderr: 0 }, resolve, reject };
      this.channel.write(standingScript(script, nonce));
    });
  }

  /** Ends the shell (and with it a script that is running): for a script that timed out or was cancelled. */
  close(reason = `the shell running scripts on ${this.target} was closed`): void {
    this.end(reason);
    if (!this.channel.destroyed) this.channel.signal('TERM');
    this.channel.close();
  }

  private take(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const running = this.running;
    if (!running) return;
    running[stream].push(chunk);
    running.sizes[stream] += chunk.length;
    if (running.sizes.stdout + running.sizes.stderr > this.maxOutputBytes) {
      this.close(`a script on ${this.target} wrote more than ${this.maxOutputBytes} bytes`);
      return;
    }
    const out = markerAt(running.stdout, running.sizes.stdout, running.nonce, true);
    const err = out && markerAt(running.stderr, running.sizes.stderr, running.nonce, false);
    if (!out || !err) return;
    this.running = undefined;
    running.resolve({
      stdout: Buffer.concat(running.stdout).subarray(0, out.end),
      stderr: Buffer.concat(running.stderr).subarray(0, err.end),
      exitCode: out.status ?? null,
    });
  }

  private end(message: string): void {
    if (this.ended) return;
    this.ended = true;
    const running = this.running;
    this.running = undefined;
    running?.reject(new SshError('channel-failed', this.target, message));
  }
}
