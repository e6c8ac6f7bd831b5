/**
 * chflags(1): file flags (schg, uchg, …) are recorded in the simulator's state (host/fileFlags.ts), since
 * Linux has none; names, synonyms, the "no" forms, "0", -R's physical walk (symbolic links skipped unless
 * -h) and the messages follow FreeBSD, and so do the kernel's refusals (ufs_setattr): system flags only
 * by root outside a jail or in a jail with allow.chflags, and no change at all to a file with schg,
 * sappnd or sunlnk set while the securelevel is above 0.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ToolExit, usage } from './runtime/exit';
import { hasFlag, parseOptions } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { prisonOf, readKernelTable } from './kernel/jailTable';
import { hostPathOf, readFlags, securelevelOf, writeFlags } from './host/fileFlags';

/** Every name chflags accepts, with the flag it stands for. */
const SYNONYMS: Record<string, string> = {
  arch: 'arch', archived: 'arch', nodump: 'nodump', opaque: 'opaque', sappnd: 'sappnd', sappend: 'sappnd',
  schg: 'schg', schange: 'schg', simmutable: 'schg', snapshot: 'snapshot', sunlnk: 'sunlnk', sunlink: 'sunlnk',
  uappnd: 'uappnd', uappend: 'uappnd', uarch: 'uarch', uarchive: 'uarch', uchg: 'uchg', uchange: 'uchg',
  uimmutable: 'uchg', uhidden: 'uhidden', hidden: 'uhidden', uoffline: 'uoffline', offline: 'uoffline',
  urdonly: 'urdonly', rdonly: 'urdonly', readonly: 'urdonly', ureparse: 'ureparse', reparse: 'ureparse',
  usparse: 'usparse', sparse: 'usparse', usystem: 'usystem', system: 'usystem', uunlnk: 'uunlnk', uunlink: 'uunlnk',
};
const SYSTEM_FLAGS = ['arch', 'sappnd', 'schg', 'snapshot', 'sunlnk'];
const SECURED_FLAGS = ['sappnd', 'schg', 'sunlnk'];

const USAGE = 'usage: chflags [-fhvx] [-R [-H | -L | -P]] flags file ...';

interface Change { clearAll: boolean; flag: string; set: boolean }

function parseChanges(words: string): Change[] {
  return words.split(',').map((word) => {
    if (word === '0') return { clearAll: true, flag: '', set: false };
    if (word === 'dump') return { clearAll: false, flag: 'nodump', set: false };
    if (SYNONYMS[word]) return { clearAll: false, flag: SYNONYMS[word], set: true };
    if (word.startsWith('no') && SYNONYMS[word.slice(2)]) return { clearAll: false, flag: SYNONYMS[word.slice(2)], set: false };
    process.stderr.write(`chflags: invalid flag: ${word}\n`);
    throw new ToolExit(1);
  });
}

/** fts's physical walk: directories are descended, symbolic links are not followed (nor changed without -h). */
function walk(path: string, recursive: boolean, changeLinks: boolean): string[] {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return changeLinks ? [path] : [];
  if (!recursive || !stats.isDirectory()) return [path];
  return [path, ...readdirSync(path).flatMap((entry) => walk(join(path, entry), true, changeLinks))];
}

export function runChflags(argv: string[]): void {
  const parsed = parseOptions('chflags', argv, 'fHhLPRvx', USAGE);
  const [flagWords, ...files] = parsed.operands;
  if (flagWords === undefined || files.length === 0) usage(USAGE);
  const changes = parseChanges(flagWords);
  const jails = readKernelTable().jails;
  const prison = prisonOf(jails);
  const privileged = process.geteuid?.() === 0 && (prison === undefined || prison.params['allow.chflags'] === true);
  const securelevel = securelevelOf(prison, jails);
  const recursive = hasFlag(parsed, 'R');
  let status = 0;
  // -f: neither a message nor a failing status for a file whose flags could not be changed.
  const refuse = (path: string, reason: string) => {
    if (hasFlag(parsed, 'f')) return;
    process.stderr.write(`chflags: ${path}: ${reason}\n`);
    status = 1;
  };
  const apply = () => {
    const flags = readFlags();
    for (const file of files) {
      let paths: string[];
      try {
        // The operand itself is followed when it is a symbolic link, as without -R.
        paths = walk(file, recursive, hasFlag(parsed, 'h') || !recursive);
      } catch {
        refuse(file, 'No such file or directory');
        continue;
      }
      for (const path of paths) {
        const host = hostPathOf(path, prison);
        const current = flags[host] ?? [];
        let next = new Set(current);
        for (const change of changes) {
          if (change.clearAll) next = new Set();
          else if (change.set) next.add(change.flag);
          else next.delete(change.flag);
        }
        const systemChanged = SYSTEM_FLAGS.some((flag) => current.includes(flag) !== next.has(flag));
        const secured = current.some((flag) => SECURED_FLAGS.includes(flag));
        if (privileged ? secured && securelevel > 0 : secured || systemChanged) {
          refuse(path, 'Operation not permitted');
          continue;
        }
        if (next.size === 0) delete flags[host];
        else flags[host] = [...next];
        if (hasFlag(parsed, 'v')) process.stdout.write(`${path}\n`);
      }
    }
    if (process.geteuid?.() === 0) writeFlags(flags);
  };
  // The state belongs to root: a user's changes are checked (and refused) without being kept.
  if (process.geteuid?.() === 0) withStateLock(apply);
  else apply();
  if (status !== 0) throw new ToolExit(status);
}
