/**
 * sysrc(8): query, set (name=value, name+=value), remove (-x) and list (-a) rc.conf variables, in
 * /etc/rc.conf or another file (-f), on the host or in a jail (-j), with sysrc's messages.
 */
import { join } from 'node:path';
import { fail, ToolExit } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { findJail, notFoundMessage, readJailTable } from './kernel/jailTable';
import { resolveInRoot } from './runtime/rootedPath';
import { assign, lookup, readAssignments } from './host/rcConf';
import { assertWritable, NoSpaceError } from './runtime/faults';

/** Changes the file, as sysrc's temporary copy and rename would, unless its file system is full. */
function write(file: string, name: string, value: string | undefined): void {
  try {
    assertWritable(file);
  } catch (error) {
    if (!(error instanceof NoSpaceError)) throw error;
    fail('sysrc', `${file}: No space left on device`);
  }
  assign(file, name, value);
}

const USAGE = 'Usage: sysrc [OPTIONS] {name[[+|-]=value] ... | -a | -A | -l | -L [name ...]}\nTry `sysrc --help\' for more information.';

export function runSysrc(argv: string[]): void {
  const parsed = parseOptions('sysrc', argv, 'aAcdDef:Fhij:lLnNqR:vxX', USAGE);
  let root = '/';
  const jailKey = lastValue(parsed, 'j');
  if (jailKey !== undefined) {
    const jail = findJail(readJailTable().jails, jailKey);
    if (!jail) fail('sysrc', notFoundMessage(jailKey));
    root = String(jail.params.path);
  }
  const inRoot = (path: string) => resolveInRoot(root, path) ?? join(root, path);
  const explicitFile = lastValue(parsed, 'f');
  const file = inRoot(explicitFile ?? '/etc/rc.conf');
  const searchFiles = explicitFile ? [file] : [inRoot('/etc/defaults/rc.conf'), file];
  const valueOnly = hasFlag(parsed, 'n');
  const withEquals = hasFlag(parsed, 'e');
  const show = (name: string, value: string) => (valueOnly ? value : withEquals ? `${name}="${value}"` : `${name}: ${value}`);
  if (hasFlag(parsed, 'a')) {
    const names = [...new Set(readAssignments(file).map((assignment) => assignment.name))].sort();
    process.stdout.write(names.map((name) => `${show(name, lookup([file], name) ?? '')}\n`).join(''));
    return;
  }
  if (parsed.operands.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    throw new ToolExit(1);
  }
  let status = 0;
  for (const operand of parsed.operands) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(\+=|-=|=)?(.*)$/s.exec(operand);
    if (!match) { process.stderr.write(`sysrc: ${operand}: bad variable name\n`); status = 1; continue; }
    const [, name, operator, value] = match;
    const current = lookup(searchFiles, name);
    if (hasFlag(parsed, 'x')) {
      if (process.geteuid?.() !== 0) fail('sysrc', `${file}: Permission denied`);
      write(file, name, undefined);
      continue;
    }
    if (operator === undefined) {
      if (current === undefined) {
        if (!hasFlag(parsed, 'i')) process.stderr.write(`sysrc: unknown variable '${name}'\n`);
        status = 1;
        continue;
      }
      process.stdout.write(`${show(name, current)}\n`);
      continue;
    }
    if (process.geteuid?.() !== 0) fail('sysrc', `${file}: Permission denied`);
    const old = lookup([file], name) ?? current ?? '';
    const words = old.split(/\s+/).filter(Boolean);
    const next = operator === '=' ? value
      : operator === '+=' ? [...words, ...value.split(/\s+/).filter((word) => word && !words.includes(word))].join(' ')
        : words.filter((word) => !value.split(/\s+/).includes(word)).join(' ');
    write(file, name, next);
    if (!hasFlag(parsed, 'q')) process.stdout.write(`${name}: ${old} -> ${next}\n`);
  }
  if (status !== 0) throw new ToolExit(status);
}
