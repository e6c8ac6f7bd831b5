/**
 * File flags (chflags(1)) kept in the simulator's state, since Linux has none: by path as the host sees it,
 * so that a tool inside a jail and one on the host agree. The kernel's rules that use them: immutable and
 * append-only files (and entries of immutable directories) cannot be unlinked or renamed; system flags
 * cannot be cleared at securelevel > 0, nor set or cleared in a jail without allow.chflags.
 */
import { join, resolve } from 'node:path';
import { readState, writeState } from '../runtime/stateStore';
import { KernelJail } from '../kernel/jailTable';

export type FlagTable = Record<string, string[]>;

const DOCUMENT = 'file-flags';

/** Flags that forbid unlinking the file itself. */
const NO_UNLINK = ['schg', 'uchg', 'sappnd', 'uappnd', 'sunlnk', 'uunlnk'];
/** Flags of a directory that forbid removing its entries. */
const NO_ENTRY_REMOVAL = ['schg', 'uchg', 'sappnd', 'uappnd'];

export function readFlags(): FlagTable {
  return readState<FlagTable>(DOCUMENT, () => ({}));
}

export function writeFlags(flags: FlagTable): void {
  writeState(DOCUMENT, flags);
}

/** The host's name of a path a process inside `prison` (or on the host) gives. */
export function hostPathOf(path: string, prison: KernelJail | undefined): string {
  const absolute = resolve(path);
  const root = String(prison?.params.path ?? '/');
  return root === '/' ? absolute : join(root, absolute);
}

/** Whether unlink(2) of `path` is refused (EPERM) because of its flags or its directory's. */
export function unlinkForbidden(flags: FlagTable, hostPath: string): boolean {
  const parent = hostPath.replace(/\/[^/]+\/?$/, '') || '/';
  return (flags[hostPath] ?? []).some((flag) => NO_UNLINK.includes(flag)) || (flags[parent] ?? []).some((flag) => NO_ENTRY_REMOVAL.includes(flag));
}

/** Forgets the flags of a removed path (and, for a directory, of everything under it). */
export function forgetFlags(flags: FlagTable, hostPath: string): void {
  for (const path of Object.keys(flags)) if (path === hostPath || path.startsWith(`${hostPath}/`)) delete flags[path];
}

/** The securelevel in force for a process in `prison`: the host's (-1) raised by each enclosing jail's. */
export function securelevelOf(prison: KernelJail | undefined, jails: KernelJail[]): number {
  let level = -1;
  for (let current = prison; current; current = jails.find((jail) => jail.jid === current?.params.parent)) {
    level = Math.max(level, Number(current.params.securelevel));
  }
  return level;
}
