/**
 * bsdtar never extracts through a symbolic link already on disk (libarchive's SECURE_SYMLINKS, on unless
 * -P is given): an entry with a link among its parent directories is refused with "ENTRY: Cannot extract
 * through symlink LINK" and the rest extracted, then tar exits 1; a link at the entry's own name is replaced.
 * `--unlink` makes it remove such intervening links instead. busybox tar follows links, so the archive is
 * extracted into a private directory first and moved into place entry by entry, with those checks.
 */
import { chownSync, copyFileSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, Stats, symlinkSync, unlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The first link among `relative`'s parent directories under `target`, as a path relative to it. */
function linkAmongParents(target: string, relative: string, unlink: boolean): string | undefined {
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (!lstatOrUndefined(join(target, prefix))?.isSymbolicLink()) continue;
    if (!unlink) return prefix;
    unlinkSync(join(target, prefix));
    mkdirSync(join(target, prefix), { mode: 0o755 });
  }
  return undefined;
}

function moveInto(staged: string, destination: string, info: Stats): void {
  if (info.isSymbolicLink()) {
    symlinkSync(readlinkSync(staged), destination);
    lchownSync(destination, info.uid, info.gid);
    return;
  }
  try {
    renameSync(staged, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(staged, destination);
    chownSync(destination, info.uid, info.gid);
    utimesSync(destination, info.atime, info.mtime);
  }
}

/**
 * Moves what was extracted under `staging` into `target`, refusing entries that would go through a link;
 * returns the lines bsdtar prints for them. `entries` are the archive's own names: a directory that is only
 * the parent of one is made when missing, but never replaces a link.
 */
export function placeExtracted(staging: string, target: string, entries: Set<string>, unlink: boolean): string[] {
  const refused: string[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(staging, relative)).sort()) {
      const entry = relative ? `${relative}/${name}` : name;
      const staged = join(staging, entry);
      const destination = join(target, entry);
      const info = lstatSync(staged);
      const link = linkAmongParents(target, entry, unlink);
      if (link !== undefined) {
        refused.push(`${entry}: Cannot extract through symlink ${link}`);
        continue;
      }
      const existing = lstatOrUndefined(destination);
      if (info.isDirectory() && !entries.has(entry)) {
        if (!existing) {
          mkdirSync(destination, { mode: 0o755 });
          chownSync(destination, info.uid, info.gid);
        }
        walk(entry);
        continue;
      }
      if (info.isDirectory()) {
        if (existing && !existing.isDirectory()) rmSync(destination, { force: true });
        if (!existing?.isDirectory()) {
          mkdirSync(destination, { mode: info.mode & 0o7777 });
          chownSync(destination, info.uid, info.gid);
        }
        walk(entry);
        continue;
      }
      if (existing?.isDirectory()) rmSync(destination, { recursive: true, force: true });
      else if (existing) unlinkSync(destination);
      moveInto(staged, destination, info);
    }
  };
  walk('');
  return refused;
}
