/**
 * Files on a host over the host's SFTP session, for the editor's remote file system. Saving is atomic: the
 * new text goes to a temporary file beside the target (same file system, same mode and owner), is checked
 * when the caller asks, the previous version is kept as `FILE~`, and the temporary file is renamed over the
 * target with OpenSSH's posix-rename, so a reader never sees half a file. A file changed on the host since
 * the writer read it is a conflict, not overwritten: told by its stat, or, where a whole-second stat cannot
 * tell (fileVersion.ts), by its content.
 */
import { randomBytes } from 'node:crypto';
import type { FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import { contentHash, FileVersion, fileVersion, needsContentCheck, sameStat } from './fileVersion';

export type RemoteFileType = 'file' | 'directory' | 'symlink' | 'other';

export interface RemoteStat {
  type: RemoteFileType;
  /** Milliseconds (SFTP carries whole seconds). */
  mtime: number;
  size: number;
  mode: number;
}

export type RemoteFileErrorKind = 'not-found' | 'exists' | 'permission' | 'not-a-directory' | 'is-a-directory' | 'conflict' | 'refused' | 'other';

export class RemoteFileError extends Error {
  constructor(readonly kind: RemoteFileErrorKind, message: string) {
    super(message);
    this.name = 'RemoteFileError';
  }
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7). */
const noSuchFile = 2;
const permissionDenied = 3;

function fail(path: string, error: unknown): RemoteFileError {
  if (error instanceof RemoteFileError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === noSuchFile) return new RemoteFileError('not-found', `${path}: no such file or directory`);
  if (code === permissionDenied) return new RemoteFileError('permission', `${path}: permission denied`);
  return new RemoteFileError('other', `${path}: ${message}`);
}

function call<T>(path: string, start: (done: (error: Error | undefined | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(fail(path, error)) : resolve(value))));
}

function typeOf(stats: Stats): RemoteFileType {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

function toStat(stats: Stats): RemoteStat {
  return { type: typeOf(stats), mtime: stats.mtime * 1000, size: stats.size, mode: stats.mode & 0o7777 };
}

export interface WriteOptions {
  create: boolean;
  overwrite: boolean;
  /**
   * What the writer last read; a different file on the host is a conflict rather than overwritten. With
   * only a stat, a change within the same second and of the same size goes unseen; a FileVersion (from
   * readVersioned) closes that gap.
   */
  expected?: { mtime: number; size: number } | FileVersion;
  /** Looks at the candidate before it replaces the target; throwing refuses the save. */
  check?: (candidatePath: string) => Promise<void>;
}

export function backupPathOf(path: string): string {
  return `${path}~`;
}

export class RemoteFiles {
  constructor(private readonly sftp: () => Promise<SFTPWrapper>) {}

  async stat(path: string): Promise<RemoteStat> {
    const sftp = await this.sftp();
    return toStat(await call<Stats>(path, (done) => sftp.stat(path, done)));
  }

  private async statIfPresent(path: string): Promise<(RemoteStat & { uid: number; gid: number }) | undefined> {
    const sftp = await this.sftp();
    try {
      const stats = await call<Stats>(path, (done) => sftp.stat(path, done));
      return { ...toStat(stats), uid: stats.uid, gid: stats.gid };
    } catch (error) {
      if (error instanceof RemoteFileError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  /** Entries with their types; a symbolic link is reported as what it points to, when that exists. */
  async readDirectory(path: string): Promise<[string, RemoteFileType][]> {
    const sftp = await this.sftp();
    const entries = await call<FileEntryWithStats[]>(path, (done) => sftp.readdir(path, done));
    const base = path.endsWith('/') ? path : `${path}/`;
    return Promise.all(entries.filter((e) => e.filename !== '.' && e.filename !== '..').map(async (entry): Promise<[string, RemoteFileType]> => {
      const type = typeOf(entry.attrs);
      if (type !== 'symlink') return [entry.filename, type];
      const target = await this.statIfPresent(`${base}${entry.filename}`).catch(() => undefined);
      return [entry.filename, target?.type ?? 'symlink'];
    }));
  }

  async readFile(path: string): Promise<Buffer> {
    return (await this.readVersioned(path)).content;
  }

  /**
   * The content with the version it is, for a later writeFile's `expected`. The stat is taken before the
   * content, so a change between the two can only make the version look older than it is (a needless
   * question at save time), never newer.
   */
  async readVersioned(path: string): Promise<{ content: Buffer; version: FileVersion }> {
    const sftp = await this.sftp();
    const stat = await this.stat(path);
    if (stat.type === 'directory') throw new RemoteFileError('is-a-directory', `${path} is a directory`);
    const content = await call<Buffer>(path, (done) => sftp.readFile(path, done));
    return { content, version: fileVersion(stat, content, Date.now()) };
  }

  private async changedSince(sftp: SFTPWrapper, path: string, current: RemoteStat, expected: NonNullable<WriteOptions['expected']>): Promise<boolean> {
    if (!sameStat(expected, current)) return true;
    if (!('sha256' in expected) || !needsContentCheck(expected)) return false;
    const content = await call<Buffer>(path, (done) => sftp.readFile(path, done));
    return contentHash(content) !== expected.sha256;
  }

  async createDirectory(path: string): Promise<void> {
    const sftp = await this.sftp();
    if (await this.statIfPresent(path)) throw new RemoteFileError('exists', `${path} exists already`);
    await call<void>(path, (done) => sftp.mkdir(path, (error) => done(error, undefined)));
  }

  /** Removes one file or one empty directory; never a tree. */
  async delete(path: string): Promise<void> {
    const sftp = await this.sftp();
    const stat = await this.stat(path);
    if (stat.type === 'directory') await call<void>(path, (done) => sftp.rmdir(path, (error) => done(error, undefined)));
    else await call<void>(path, (done) => sftp.unlink(path, (error) => done(error, undefined)));
  }

  async rename(from: string, to: string, overwrite: boolean): Promise<void> {
    const sftp = await this.sftp();
    if (!overwrite && (await this.statIfPresent(to))) throw new RemoteFileError('exists', `${to} exists already`);
    await call<void>(from, (done) => sftp.ext_openssh_rename(from, to, (error) => done(error, undefined)));
  }

  /** Writes atomically as described at the top; returns the new file's stat. */
  async writeFile(requestedPath: string, data: Uint8Array, options: WriteOptions): Promise<RemoteStat> {
    const sftp = await this.sftp();
    let existing = await this.statIfPresent(requestedPath);
    // A symbolic link (say /etc/jail.conf pointing elsewhere) stays a link: the file it points to is replaced.
    const path = existing ? await call<string>(requestedPath, (done) => sftp.realpath(requestedPath, done)) : requestedPath;
    if (existing && path !== requestedPath) existing = await this.statIfPresent(path);
    if (!existing && !options.create) throw new RemoteFileError('not-found', `${requestedPath}: no such file`);
    if (existing && !options.overwrite) throw new RemoteFileError('exists', `${requestedPath} exists already`);
    if (existing?.type === 'directory') throw new RemoteFileError('is-a-directory', `${requestedPath} is a directory`);
    if (existing && options.expected && (await this.changedSince(sftp, path, existing, options.expected))) {
      throw new RemoteFileError('conflict', `${requestedPath} changed on the host since it was opened`);
    }
    const slash = path.lastIndexOf('/');
    const candidate = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.jails-${randomBytes(4).toString('hex')}`;
    await call<void>(candidate, (done) => sftp.writeFile(candidate, Buffer.from(data), { mode: existing?.mode ?? 0o644 }, (error) => done(error, undefined)));
    try {
      if (existing) {
        await call<void>(candidate, (done) => sftp.chmod(candidate, existing.mode, (error) => done(error, undefined)));
        // Only root may give a file away; anyone else keeps their own ownership, as an editor on the host would.
        await call<void>(candidate, (done) => sftp.chown(candidate, existing.uid, existing.gid, (error) => done(error, undefined))).catch(() => undefined);
      }
      await options.check?.(candidate);
      if (existing) await this.keepBackup(sftp, path);
      await call<void>(path, (done) => sftp.ext_openssh_rename(candidate, path, (error) => done(error, undefined)));
    } catch (error) {
      await call<void>(candidate, (done) => sftp.unlink(candidate, (e) => done(e, undefined))).catch(() => undefined);
      throw error;
    }
    return this.stat(path);
  }

  /** FILE~ becomes a second name of the current file (a hard link), so keeping it copies nothing. */
  private async keepBackup(sftp: SFTPWrapper, path: string): Promise<void> {
    const backup = backupPathOf(path);
    await call<void>(backup, (done) => sftp.unlink(backup, (error) => done(error, undefined))).catch((error: RemoteFileError) => {
      if (error.kind !== 'not-found') throw error;
    });
    try {
      await call<void>(backup, (done) => sftp.ext_openssh_hardlink(path, backup, (error) => done(error, undefined)));
    } catch {
      const previous = await call<Buffer>(path, (done) => sftp.readFile(path, done));
      await call<void>(backup, (done) => sftp.writeFile(backup, previous, (error) => done(error, undefined)));
    }
  }
}
