/**
 * Reading jail.conf for jail(8): parse (with the grammar of the host's FreeBSD version), list the
 * configured jails, build each one's spec, and print them for -e.
 */
import { readFileSync } from 'node:fs';
import { hostConfig } from '../runtime/stateStore';
import { ConfSyntaxError } from './confLexer';
import { Block, ConfParse } from './confParser';
import { configuredJailNames, JailConfigError, ResolvedParam, resolveJail } from './confResolver';
import { buildJailSpec, isKnownBoolean, JailSpec } from './jailSpec';
import { noName } from '../jlsOutput';

export class ConfigLoadError extends Error {}

export function loadConfig(file: string): Block[] {
  const major = Number(hostConfig().release.split('.')[0]);
  const parse = new ConfParse({ nestedBlocks: major >= 15, readStdin: () => readFileSync(0, 'utf8') });
  try {
    parse.parseFile(file);
  } catch (error) {
    if (error instanceof ConfSyntaxError) throw new ConfigLoadError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigLoadError(`${file}: No such file or directory`);
    throw error;
  }
  return parse.blocks;
}

export { configuredJailNames };

/** The spec of a configured jail; config errors are printed as jail(8) prints them, then undefined. */
export function configuredSpec(blocks: Block[], name: string): JailSpec | undefined {
  try {
    return buildJailSpec(resolveJail(blocks, name, isKnownBoolean), name);
  } catch (error) {
    if (!(error instanceof JailConfigError)) throw error;
    process.stderr.write(`jail: ${error.message}\n`);
    return undefined;
  }
}

/** The jails a configured jail names in "depend"; errors are left for the jail's own turn to report. */
export function dependenciesOf(blocks: Block[], name: string): string[] {
  // A child jail (a.b) depends on its parent when the parent is configured too (config.c dep_setup).
  const dot = name.lastIndexOf('.');
  const parent = dot > 0 && configuredJailNames(blocks).includes(name.slice(0, dot)) ? [name.slice(0, dot)] : [];
  try {
    return [...parent, ...(resolveJail(blocks, name, isKnownBoolean).find((param) => param.name === 'depend')?.values ?? [])];
  } catch (error) {
    if (error instanceof JailConfigError) return parent;
    throw error;
  }
}

/** quoted_print of jail.c: quotes around empty values and values with blanks or quotes, with escapes. */
export function quotedValue(value: string): string {
  const quote = value === '' ? '"' : value.includes("'") ? '"' : value.includes('"') ? "'" : /[ \t]/.test(value) ? '"' : '';
  const escaped = [...value].map((character) => (character === '\\' || character === quote ? `\\${character}` : character)).join('');
  return `${quote}${escaped}${quote}`;
}

function shownParam(param: ResolvedParam): string {
  if (param.values === undefined) return param.negated ? noName(param.name) : param.name;
  if (param.values.length === 0) return param.name;
  return `${param.name}=${param.values.map(quotedValue).join(',')}`;
}

/** jail -e SEP: one line per configured non-wildcard jail, jid left out. */
export function showJails(blocks: Block[], separator: string): void {
  for (const name of configuredJailNames(blocks)) {
    let params: ResolvedParam[];
    try {
      params = resolveJail(blocks, name, isKnownBoolean);
    } catch (error) {
      if (!(error instanceof JailConfigError)) throw error;
      process.stderr.write(`jail: ${error.message}\n`);
      continue;
    }
    process.stdout.write(`${params.filter((param) => param.name !== 'jid').map(shownParam).join(separator)}\n`);
  }
}
