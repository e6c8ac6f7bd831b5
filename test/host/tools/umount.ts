/** umount(8): unmount what mount(8) or jail(8) mounted, by mount point or device; -a -F FILE as Bastille uses it. */
import { readFileSync } from 'node:fs';
import { ToolExit } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { MountEntry, performUnmount, recordedMounts, writeRecordedMounts } from './host/mountTable';

const USAGE = 'usage: umount [-fNnv] special ... | node ... | fsid ...\n       umount -a | -A [-F fstab] [-fnv] [-h host] [-t type]';

function unmount(target: string, force: boolean): boolean {
  const trimmed = target.length > 1 ? target.replace(/\/+$/, '') : target;
  return withStateLock(() => {
    const mounts = recordedMounts();
    const index = [...mounts.keys()].reverse().find((at) => mounts[at].mountPoint === trimmed || mounts[at].device === trimmed);
    if (index === undefined) {
      process.stderr.write(`umount: ${target}: not a file system root directory\n`);
      return false;
    }
    const entry: MountEntry = mounts[index];
    const busy = mounts.some((other, at) => at > index && other.mountPoint.startsWith(`${entry.mountPoint}/`));
    if (busy && !force) {
      process.stderr.write(`umount: unmount of ${entry.mountPoint} failed: Device busy\n`);
      return false;
    }
    performUnmount(entry);
    mounts.splice(index, 1);
    writeRecordedMounts(mounts);
    return true;
  });
}

export function runUmount(argv: string[]): void {
  const parsed = parseOptions('umount', argv, 'aAF:fh:Nnt:v', USAGE);
  if (process.geteuid?.() !== 0) {
    process.stderr.write(`umount: unmount of ${parsed.operands[0] ?? ''} failed: Operation not permitted\n`);
    throw new ToolExit(1);
  }
  let targets = parsed.operands;
  if (hasFlag(parsed, 'a') || hasFlag(parsed, 'A')) {
    const fstab = lastValue(parsed, 'F') ?? '/etc/fstab';
    targets = readFileSync(fstab, 'utf8').split('\n').map((line) => line.trim().split(/\s+/)[1]).filter((point) => point && !point.startsWith('#')).reverse();
    const mounted = new Set(recordedMounts().map((entry) => entry.mountPoint.replace(/\/+$/, '')));
    targets = targets.filter((point) => mounted.has(point.replace(/\/+$/, '')));
  } else if (targets.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    throw new ToolExit(1);
  }
  const results = targets.map((target) => unmount(target, hasFlag(parsed, 'f')));
  if (results.includes(false)) throw new ToolExit(1);
}
