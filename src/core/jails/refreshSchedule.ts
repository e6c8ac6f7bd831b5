/**
 * When the tree reads its hosts again: a slow poll that runs only while the view is visible, and requests
 * (after our own actions) coalesced by a short debounce. The Refresh button calls the refresh directly.
 */

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RefreshSchedule {
  private visible = false;
  private intervalMs = 0;
  private pollHandle: unknown;
  private debounceHandle: unknown;
  private disposed = false;

  constructor(
    private readonly refresh: () => void,
    private readonly debounceMs = 300,
    private readonly timers: Timers = nodeTimers,
  ) {}

  /** 0 turns polling off. */
  setInterval(ms: number): void {
    this.intervalMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.schedulePoll();
  }

  setVisible(visible: boolean): void {
    const becameVisible = visible && !this.visible;
    this.visible = visible;
    // What changed while nobody looked is shown as soon as somebody looks again.
    if (becameVisible && this.intervalMs > 0) this.request();
    this.schedulePoll();
  }

  /** A refresh soon; several requests within the debounce make one. */
  request(): void {
    if (this.disposed || this.debounceHandle !== undefined) return;
    this.debounceHandle = this.timers.setTimeout(() => {
      this.debounceHandle = undefined;
      this.refresh();
    }, this.debounceMs);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel('pollHandle');
    this.cancel('debounceHandle');
  }

  private schedulePoll(): void {
    this.cancel('pollHandle');
    if (this.disposed || !this.visible || this.intervalMs === 0) return;
    this.pollHandle = this.timers.setTimeout(() => {
      this.pollHandle = undefined;
      this.request();
      this.schedulePoll();
    }, this.intervalMs);
  }

  private cancel(which: 'pollHandle' | 'debounceHandle'): void {
    if (this[which] === undefined) return;
    this.timers.clearTimeout(this[which]);
    this[which] = undefined;
  }
}
