/**
 * The two host commands of a sync, as command descriptions for the runner. Both work from the host side on
 * the jail's tree (so a stopped jail can be filled too), as root, and first check that the document root,
 * with symbolic links resolved, is still inside the jail's root: a process in the jail must not be able
 * to point the extension's writes elsewhere on the host.
 *
 *  - listing: `sha256 -r` of every file under the document root, the host's truth to compare against;
 *  - update: removes the deleted files, then extracts a tar archive read on standard input.
 *
 * Scripts are one line (`;`-joined) so that they travel on the command line and standard input stays free
 * for the archive; paths are positional parameters, quoted by the runner.
 */
import { freebsdPath } from '../freebsd/sectionedScript';
import type { RemoteCommand, StandardInput } from '../ssh/remoteCommand';

export interface SyncTarget {
  /** The jail's root on the host. */
  jailRoot: string;
  /** The document root on the host (inside jailRoot). */
  directory: string;
}

export class SyncError extends Error {}

/** $1 jail root, $2 document root: leaves the shell in the real document root, or exits 3. */
const enterDocumentRoot = [
  `PATH=${freebsdPath}; export PATH`,
  'r=$(realpath "$1") || exit 3',
  'd=$(realpath "$2") || { echo "the document root $2 does not exist" >&2; exit 3; }',
  'case "$d/" in "$r"/*) ;; *) echo "$2 leads outside the jail ($d); nothing was written" >&2; exit 3 ;; esac',
  'cd "$d"',
];

function failure(what: string, stderr: string, exitCode: number): SyncError {
  const message = stderr.trim().split('\n').filter(Boolean).slice(-5).join('\n');
  return new SyncError(message ? `${what}: ${message}` : `${what} failed (exit status ${exitCode})`);
}

export type RemoteDigests = Map<string, string>;

export function parseDigests(stdout: string): RemoteDigests {
  const digests: RemoteDigests = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^([0-9a-f]{64}) \.\/(.+)$/.exec(line);
    if (m) digests.set(m[2], m[1]);
  }
  return digests;
}

export function listingCommand(target: SyncTarget): RemoteCommand<RemoteDigests> {
  const script = [...enterDocumentRoot, 'find . -type f -exec sha256 -r {} +'].join('; ');
  return {
    argv: ['/bin/sh', '-c', script, 'jails-sync', target.jailRoot, target.directory],
    privileged: true,
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) throw failure(`Reading ${target.directory} on the host`, stderr, exitCode);
      return parseDigests(stdout);
    },
  };
}

export interface UpdateResult {
  commandBytes: number;
}

/**
 * Deletes `deleted`, then extracts the archive on standard input when there is one. `archive` may be a
 * promise: the command then starts at once and waits for its input (a primed receiver).
 */
export function updateCommand(target: SyncTarget, deleted: readonly string[], archive: StandardInput | undefined): RemoteCommand<void> {
  const script = [
    ...enterDocumentRoot,
    'x=$3; shift 3',
    // A deleted file's directory may have become a link (made by the jail's processes): never deleted through.
    'for f; do case "$f" in */*) p=$(realpath "${f%/*}" 2>/dev/null) || continue; case "$p/" in "$d"/*) ;; *) echo "$f leads outside the jail ($p); not deleted" >&2; continue ;; esac ;; esac; rm -f -- "$f"; case "$f" in */*) rmdir -p "${f%/*}" 2>/dev/null || true ;; esac; done',
    'if [ "$x" = x ]; then tar -xf -; fi',
  ].join('; ');
  return {
    argv: ['/bin/sh', '-c', script, 'jails-sync', target.jailRoot, target.directory, archive === undefined ? '-' : 'x', ...deleted],
    privileged: true,
    stdin: archive,
    parse(_stdout, stderr, exitCode) {
      if (exitCode !== 0) throw failure(`Updating ${target.directory} on the host`, stderr, exitCode);
    },
  };
}

/** Bytes of the command line itself, for the figures a sync reports. */
export function commandLineBytes(command: RemoteCommand<unknown>): number {
  return command.argv.reduce((sum, word) => sum + Buffer.byteLength(word) + 3, 0);
}
