/**
 * Keeps a jail's document root in step with a workspace folder.
 *
 * A full sync compares the selected local files with the host's own digests (the host is the truth, no
 * record of past uploads is kept) and sends what differs in one tar archive over one exec, deleting in the
 * same command the files that are gone locally. Only paths the filter selects are ever deleted, so what the
 * jail's programs write beside them (caches, uploads in excluded folders) stays.
 *
 * On save (Watch), only the saved files travel. A receiver is started ahead of time (the update command,
 * waiting for its archive on standard input), so that a save costs the archive's one-way trip instead of
 * opening a channel and starting a command: the file is on the host about one link delay after the save.
 */
import type { OperationOptions } from '../ssh/operationGuard';
import type { RemoteCommand } from '../ssh/remoteCommand';
import { describeFile, LocalFile, listLocalFiles, unsyncableName } from './localTree';
import { commandLineBytes, listingCommand, SyncTarget, updateCommand } from './syncCommands';
import { pathSelector, PathSelector, SyncFilter } from './syncSelection';
import { ArchiveFile, emptyArchive, tarArchive } from './tarArchive';

/** What a sync needs of the host: the runner. */
export interface SyncShell {
  run<T>(command: RemoteCommand<T>, options?: OperationOptions): Promise<T>;
}

export interface SyncSource {
  /** The local folder served as the document root. */
  folder: string;
  filter: SyncFilter;
}

export interface SyncReport {
  uploaded: string[];
  deleted: string[];
  unchanged: number;
  /** Archive and command line bytes sent to the host. */
  bytesSent: number;
}

interface Primed {
  feed(archive: Buffer): Promise<void>;
}

export class WorkspaceSync {
  private readonly selector: PathSelector;
  private primed: Primed | undefined;
  private closed = false;
  private endPrimed: () => void = () => undefined;
  /** Digest of each file as last sent or found on the host, so that a save that changed nothing sends nothing. */
  private readonly known = new Map<string, string>();

  constructor(private readonly shell: SyncShell, readonly target: SyncTarget, readonly source: SyncSource) {
    this.selector = pathSelector(source.filter);
  }

  /** Whether a workspace-relative path is one this sync carries. */
  selects(path: string): boolean {
    return !unsyncableName(path) && this.selector.selects(path);
  }

  async syncAll(signal?: AbortSignal): Promise<SyncReport> {
    const [local, remote] = await Promise.all([
      listLocalFiles(this.source.folder, this.selector),
      this.shell.run(listingCommand(this.target), { signal }),
    ]);
    const changed = local.filter((file) => remote.get(file.path) !== file.sha256).map((file) => file.path);
    this.known.clear();
    for (const file of local) if (remote.get(file.path) === file.sha256) this.known.set(file.path, file.sha256);
    const present = new Set(local.map((file) => file.path));
    const gone = [...remote.keys()].filter((path) => !present.has(path) && this.selects(path)).sort();
    const report = await this.send(changed, gone, signal);
    return { ...report, unchanged: local.length - changed.length };
  }

  /** Sends these files as they are now; paths that no longer exist locally are deleted on the host. */
  async update(paths: readonly string[], signal?: AbortSignal): Promise<SyncReport> {
    return this.send(paths.filter((p) => this.selects(p)), [], signal, true);
  }

  private async send(paths: readonly string[], deleted: readonly string[], signal?: AbortSignal, skipKnown = false): Promise<SyncReport> {
    const files: ArchiveFile[] = [];
    const gone = [...deleted];
    let unchanged = 0;
    for (const path of paths) {
      const described = await describeFile(this.source.folder, path);
      if (!described) gone.push(path);
      else if (skipKnown && this.known.get(path) === described.file.sha256) unchanged++;
      else {
        files.push(archiveFile(described.file, described.data));
        this.known.set(path, described.file.sha256);
      }
    }
    for (const path of gone) this.known.delete(path);
    let bytesSent = 0;
    const work: Promise<void>[] = [];
    if (files.length > 0 && gone.length === 0 && this.primed) {
      const primed = this.primed;
      this.primed = undefined;
      const archive = tarArchive(files);
      bytesSent += archive.length;
      // A receiver lost with the link (or ended on the host) is replaced by an ordinary update, once.
      work.push(primed.feed(archive).catch(() => {
        const command = updateCommand(this.target, [], archive);
        bytesSent += archive.length + commandLineBytes(command);
        return this.shell.run(command, { signal, timeoutMs: Infinity });
      }));
    } else if (files.length > 0 || gone.length > 0) {
      const archive = files.length > 0 ? tarArchive(files) : undefined;
      const command = updateCommand(this.target, gone, archive);
      bytesSent += (archive?.length ?? 0) + commandLineBytes(command);
      work.push(this.shell.run(command, { signal, timeoutMs: Infinity }));
    }
    try {
      await Promise.all(work);
    } catch (error) {
      for (const file of files) this.known.delete(file.path);
      throw error;
    }
    return { uploaded: files.map((f) => f.path), deleted: gone, unchanged, bytesSent };
  }

  /**
   * Starts the next receiver, so that the next save only has to send its archive. It holds one command
   * channel while it waits; `close()` ends it with an empty archive.
   */
  prime(): void {
    if (this.primed || this.closed) return;
    let give: (archive: Buffer) => void = () => undefined;
    const input = new Promise<Buffer>((resolve) => { give = resolve; });
    const command = updateCommand(this.target, [], input);
    const finished = this.shell.run(command, { timeoutMs: Infinity });
    const primed: Primed = {
      feed: async (archive) => {
        give(archive);
        await finished;
      },
    };
    finished.catch(() => {
      if (this.primed === primed) this.primed = undefined;
    });
    this.primed = primed;
    this.endPrimed = () => give(emptyArchive);
  }

  /** Ends a waiting receiver (it extracts nothing and exits); no receiver is started after this. */
  close(): void {
    this.closed = true;
    if (this.primed) this.endPrimed();
    this.primed = undefined;
  }
}

function archiveFile(file: LocalFile, data: Buffer): ArchiveFile {
  return { path: file.path, data, mtime: file.mtime, executable: file.executable };
}
