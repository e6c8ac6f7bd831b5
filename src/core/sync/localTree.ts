/**
 * The workspace side of a sync: the selected files under the served folder, each with its size, its
 * modification time and a SHA-256 of its content, the same digest FreeBSD's `sha256 -r` prints on the host.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PathSelector } from './syncSelection';

export interface LocalFile {
  path: string;
  size: number;
  /** Seconds. */
  mtime: number;
  sha256: string;
  executable: boolean;
}

/** Names a remote shell line cannot carry, or that would climb out of the document root. */
export function unsyncableName(path: string): boolean {
  return /[\n\r\0]/.test(path) || path.split('/').some((part) => part === '..' || part === '');
}

export function toSyncPath(folder: string, absolute: string): string {
  return relative(folder, absolute).split(sep).join('/');
}

export async function describeFile(folder: string, path: string): Promise<{ file: LocalFile; data: Buffer } | undefined> {
  const absolute = join(folder, ...path.split('/'));
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return undefined;
    const data = await readFile(absolute);
    const sha256 = createHash('sha256').update(data).digest('hex');
    return { file: { path, size: data.length, mtime: Math.floor(info.mtimeMs / 1000), sha256, executable: (info.mode & 0o111) !== 0 }, data };
  } catch {
    return undefined;
  }
}

/** Every selected regular file (symbolic links are followed for files, not for folders). */
export async function listLocalFiles(folder: string, selector: PathSelector): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  const walk = async (relativeFolder: string): Promise<void> => {
    const entries = await readdir(relativeFolder ? join(folder, relativeFolder) : folder, { withFileTypes: true });
    for (const entry of entries) {
      const path = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      if (unsyncableName(path)) continue;
      if (entry.isDirectory()) {
        if (!selector.prunes(path)) await walk(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && selector.selects(path)) {
        const described = await describeFile(folder, path);
        if (described) files.push(described.file);
      }
    }
  };
  await walk('');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
