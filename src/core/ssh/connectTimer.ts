/**
 * ConnectTimeout for one hop: it runs from the first TCP packet to a logged-in session, but not while a
 * person is being asked something (a host key, a passphrase, a password), which may take minutes.
 */
import { SshPrompts } from './prompts';

export class ConnectTimer {
  private remainingMs: number;
  private startedAt = 0;
  private handle: NodeJS.Timeout | undefined;
  private pauses = 0;
  private stopped = false;

  constructor(readonly timeoutMs: number, private readonly onExpiry: () => void) {
    this.remainingMs = timeoutMs;
    this.start();
  }

  private start(): void {
    this.startedAt = Date.now();
    this.handle = setTimeout(() => {
      this.stopped = true;
      this.onExpiry();
    }, this.remainingMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.handle);
  }

  /** Runs `wait` with the clock stopped. */
  async paused<T>(wait: () => Promise<T>): Promise<T> {
    if (this.pauses++ === 0 && !this.stopped) {
      clearTimeout(this.handle);
      this.remainingMs -= Date.now() - this.startedAt;
    }
    try {
      return await wait();
    } finally {
      if (--this.pauses === 0 && !this.stopped) this.start();
    }
  }

  /** The same prompts, each answered with the clock stopped. */
  pausing(prompts: SshPrompts): SshPrompts {
    const { passphrase, password, keyboardInteractive } = prompts;
    return {
      confirmUnknownHostKey: (fingerprint, details) => this.paused(() => prompts.confirmUnknownHostKey(fingerprint, details)),
      passphrase: passphrase && ((file, attempt) => this.paused(() => passphrase.call(prompts, file, attempt))),
      password: password && ((target, user, attempt) => this.paused(() => password.call(prompts, target, user, attempt))),
      keyboardInteractive: keyboardInteractive && ((target, request) => this.paused(() => keyboardInteractive.call(prompts, target, request))),
    };
  }
}
