/**
 * The limits every operation on a connection runs under: a timeout, an AbortSignal, and the loss of the
 * link. Whichever comes first rejects the operation with a clear SshError and runs the clean-ups it
 * registered (closing its channel), so that nothing waits forever and nothing is left open.
 */
import { cancelled, SshError, timedOut } from './sshError';

export interface OperationOptions {
  signal?: AbortSignal;
  /** Milliseconds; the connection's default when absent, none when Infinity. */
  timeoutMs?: number;
}

export class OperationGuard {
  private readonly stopped: Promise<never>;
  private stop: (error: SshError) => void = () => undefined;
  private failure: SshError | undefined;
  private readonly cleanups: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(readonly what: string, readonly target: string, timeoutMs: number, private readonly signal?: AbortSignal) {
    this.stopped = new Promise<never>((_resolve, reject) => {
      this.stop = (error) => {
        if (this.failure) return;
        this.failure = error;
        reject(error);
        for (const cleanup of this.cleanups.splice(0)) cleanup();
      };
    });
    this.stopped.catch(() => undefined);
    if (Number.isFinite(timeoutMs)) this.timer = setTimeout(() => this.stop(timedOut(target, what, timeoutMs)), timeoutMs);
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = () => this.stop(cancelled(this.target, this.what));

  /** Settles with `work`, unless the operation is stopped first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.stopped]);
  }

  /** Fails the operation when `lost` settles first (the link went down while it ran). */
  failOn(lost: Promise<SshError>): void {
    void lost.then((error) => this.stop(error));
  }

  /** Runs `cleanup` if the operation is stopped (at once, if it already is). */
  onStop(cleanup: () => void): void {
    if (this.failure) cleanup();
    else this.cleanups.push(cleanup);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.cleanups.length = 0;
  }
}
