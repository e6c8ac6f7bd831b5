/**
 * chflags(1): file flags (schg, uchg, …) are recorded in the simulator's state, since Linux has none;
 * names, the "no" forms, "0" and the messages follow FreeBSD.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ToolExit, usage } from './runtime/exit';
import { hasFlag, parseOptions } from './runtime/getopt';
import { readState, withStateLock, writeState } from './runtime/stateStore';

const FLAGS = ['arch', 'archived', 'nodump', 'opaque', 'sappnd', 'sappend', 'schg', 'schange', 'simmutable', 'snapshot', 'sunlnk', 'sunlink',
  'uappnd', 'uappend', 'uarch', 'uarchive', 'uchg', 'uchange', 'uimmutable', 'uhidden', 'hidden', 'uoffline', 'offline', 'urdonly', 'rdonly', 'readonly',
  'ureparse', 'reparse', 'usparse', 'sparse', 'usystem', 'system', 'uunlnk', 'uunlink'];

const USAGE = 'usage: chflags [-fhvx] [-R [-H | -L | -P]] flags file ...';

function walk(path: string, recursive: boolean): string[] {
  if (!recursive || !statSync(path).isDirectory()) return [path];
  return [path, ...readdirSync(path).flatMap((entry) => walk(join(path, entry), true))];
}

export function runChflags(argv: string[]): void {
  const parsed = parseOptions('chflags', argv, 'fHhLPRvx', USAGE);
  const [flagWords, ...files] = parsed.operands;
  if (flagWords === undefined || files.length === 0) usage(USAGE);
  const changes = flagWords.split(',').map((word) => {
    if (word === '0') return { clearAll: true, flag: '', set: false };
    const positive = word.startsWith('no') && word !== 'nodump' ? word.slice(2) : word;
    if (!FLAGS.includes(positive) && word !== 'dump') fail('chflags', `invalid flag: ${word}`);
    return { clearAll: false, flag: word === 'dump' ? 'nodump' : positive, set: !word.startsWith('no') || word === 'nodump' };
  });
  if (process.geteuid?.() !== 0 && changes.some((change) => change.flag.startsWith('s'))) {
    process.stderr.write(`chflags: ${files[0]}: Operation not permitted\n`);
    throw new ToolExit(1);
  }
  let status = 0;
  withStateLock(() => {
    const flags = readState<Record<string, string[]>>('file-flags', () => ({}));
    for (const file of files) {
      if (!existsSync(file)) {
        process.stderr.write(`chflags: ${file}: No such file or directory\n`);
        status = 1;
        continue;
      }
      for (const path of walk(file, hasFlag(parsed, 'R')).map((entry) => resolve(entry))) {
        let current = new Set(flags[path] ?? []);
        for (const change of changes) {
          if (change.clearAll) current = new Set();
          else if (change.set) current.add(change.flag);
          else current.delete(change.flag);
        }
        if (current.size === 0) delete flags[path];
        else flags[path] = [...current];
      }
    }
    writeState('file-flags', flags);
  });
  if (status !== 0) throw new ToolExit(status);
}
