/**
 * Watch: upload on save. Saves arriving while an upload runs are gathered and sent together right after it;
 * a receiver is kept waiting on the host between saves (WorkspaceSync.prime). A deletion (of a file or a
 * whole folder) runs a full sync instead, which deletes on the host exactly the selected files that are
 * gone here.
 */
import type { SyncReport, WorkspaceSync } from './workspaceSync';

export type WatchEvent = { kind: 'synced'; report: SyncReport; ms: number } | { kind: 'failed'; message: string };

export class SyncWatcher {
  private readonly pending = new Set<string>();
  private fullSyncWanted = false;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly sync: WorkspaceSync, private readonly onEvent: (event: WatchEvent) => void) {
    sync.prime();
  }

  /** A workspace-relative path was saved or created. */
  changed(path: string): void {
    if (!this.sync.selects(path)) return;
    this.pending.add(path);
    this.kick();
  }

  deleted(): void {
    this.fullSyncWanted = true;
    this.kick();
  }

  /** Resolves when everything reported so far is on the host. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running || this.disposed) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 || this.fullSyncWanted) this.kick();
    });
  }

  private async drain(): Promise<void> {
    const started = Date.now();
    const paths = [...this.pending];
    const full = this.fullSyncWanted;
    this.pending.clear();
    this.fullSyncWanted = false;
    try {
      const report = full ? await this.sync.syncAll() : await this.sync.update(paths);
      this.onEvent({ kind: 'synced', report, ms: Date.now() - started });
    } catch (error) {
      this.onEvent({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.sync.prime();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.sync.close();
  }
}
