/**
 * freebsd-version(1): installed kernel (-k), running kernel (-r), userland (-u, the default) and a jail's
 * userland (-j), which it reads from the jail's own /bin/freebsd-version as FreeBSD's script does.
 */
import { readFileSync } from 'node:fs';
import { fail, usage } from './runtime/exit';
import { parseOptions } from './runtime/getopt';
import { hostConfig } from './runtime/stateStore';
import { findJail, notFoundMessage, readJailTable } from './kernel/jailTable';
import { pathInRoot } from './runtime/rootedPath';

const USAGE = 'usage: freebsd-version [-kru] [-j jail]';

function jailUserland(key: string): string {
  const jail = findJail(readJailTable().jails, key);
  if (!jail) fail('jexec', notFoundMessage(key));
  try {
    const script = readFileSync(pathInRoot(String(jail.params.path), '/bin/freebsd-version'), 'utf8');
    const match = /^USERLAND_VERSION="([^"]*)"/m.exec(script);
    if (match) return match[1];
  } catch {
    // falls through to the shell's message below
  }
  fail('jexec', 'execvp(): freebsd-version: No such file or directory');
}

export function runFreebsdVersion(argv: string[]): void {
  const parsed = parseOptions('freebsd-version', argv, 'kruj:', USAGE);
  if (parsed.operands.length > 0) usage(USAGE);
  const release = hostConfig().release;
  const lines: string[] = [];
  const flags = parsed.options.map((option) => option.flag);
  if (flags.includes('k')) lines.push(release);
  if (flags.includes('r')) lines.push(release);
  if (flags.includes('u') || flags.length === 0) lines.push(release);
  for (const option of parsed.options) if (option.flag === 'j') lines.push(jailUserland(option.value ?? ''));
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}
