/**
 * Looks a path up the way a process chrooted at `root` would: absolute symlinks restart at `root`, so
 * a thin jail's "bin -> /.bastille/bin" resolves inside the jail, not in the host's tree.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

const MAX_SYMLINKS = 32;

/**
 * The host-side path `path` inside `root` names. Components that do not exist (yet) are kept as they are,
 * so the answer is also where a write lands, following symbolic links on the way as the kernel would.
 */
export function pathInRoot(root: string, path: string): string {
  return walk(root, path, true) as string;
}

/** The host-side path of `path` inside `root`, or undefined when it does not exist. */
export function resolveInRoot(root: string, path: string): string | undefined {
  return walk(root, path, false);
}

function walk(root: string, path: string, keepMissing: boolean): string | undefined {
  let pending = path.split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const component = pending.shift() as string;
    if (component === '.') continue;
    if (component === '..') { resolved.pop(); continue; }
    const candidate = join(root, ...resolved, component);
    let stats;
    try {
      stats = lstatSync(candidate);
    } catch {
      return keepMissing ? join(root, ...resolved, component, ...pending) : undefined;
    }
    if (!stats.isSymbolicLink()) { resolved.push(component); continue; }
    if (++links > MAX_SYMLINKS) return keepMissing ? join(root, ...resolved, component, ...pending) : undefined;
    const target = readlinkSync(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    pending = [...target.split('/').filter(Boolean), ...pending];
  }
  return join(root, ...resolved);
}
