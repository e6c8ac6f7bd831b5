/**
 * What the editor read of a remote file, to tell at save time whether the host's file is still that one.
 * SFTP v3 carries modification times in whole seconds, so a change made on the host within the same second
 * as the version read, leaving the size as it was, leaves the stat as it was too. Such a version is
 * ambiguous, and only its content can tell: the version keeps a hash of what was read.
 */
import { createHash } from 'node:crypto';

export interface FileVersion {
  /** Milliseconds, a whole second (SFTP's). */
  mtime: number;
  size: number;
  sha256: string;
  /** When the content was read, by this machine's clock (milliseconds). */
  readAt: number;
}

/**
 * A change the stat cannot show is one made in the same second as the modification time read. Reading a
 * second or more after that second would rule it out; twice that allows for clocks that do not quite agree.
 */
export const ambiguousWithinMs = 2000;

export function contentHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function fileVersion(stat: { mtime: number; size: number }, content: Uint8Array, readAt: number): FileVersion {
  return { mtime: stat.mtime, size: stat.size, sha256: contentHash(content), readAt };
}

export function sameStat(version: { mtime: number; size: number }, stat: { mtime: number; size: number }): boolean {
  return version.mtime === stat.mtime && version.size === stat.size;
}

/** True when an unchanged stat does not prove an unchanged file (a modification time in the future included). */
export function needsContentCheck(version: FileVersion): boolean {
  return version.mtime > version.readAt - ambiguousWithinMs;
}
