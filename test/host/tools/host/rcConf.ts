/** rc.conf(5) files: shell assignments read the way sysrc(8) and rc.subr see them (last one wins). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface Assignment { name: string; value: string; line: number }

export function readAssignments(file: string): Assignment[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').flatMap((text, line) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|([^\s#]*))/.exec(text);
    return match ? [{ name: match[1], value: match[3] ?? match[4] ?? match[5] ?? '', line }] : [];
  });
}

export function lookup(files: string[], name: string): string | undefined {
  let found: string | undefined;
  for (const file of files) {
    const assignment = readAssignments(file).filter((candidate) => candidate.name === name).pop();
    if (assignment) found = assignment.value;
  }
  return found;
}

/** Sets (or with `undefined`, removes) a variable, replacing its last assignment in place. */
export function assign(file: string, name: string, value: string | undefined): void {
  const lines = existsSync(file) && readFileSync(file, 'utf8') !== '' ? readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') : [];
  const own = readAssignments(file).filter((candidate) => candidate.name === name);
  if (value === undefined) {
    const removed = new Set(own.map((assignment) => assignment.line));
    writeFileSync(file, lines.filter((_, index) => !removed.has(index)).map((line) => `${line}\n`).join(''));
    return;
  }
  const last = own.pop();
  const text = `${name}="${value}"`;
  if (last) lines[last.line] = text;
  else lines.push(text);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export function isYes(value: string | undefined): boolean {
  return /^(yes|true|on|1)$/i.test(value ?? '');
}
