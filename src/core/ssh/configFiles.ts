/**
 * Reads ssh_config files the way OpenSSH does for one host, and hands the `ssh-config` package a single
 * document to compute over. The package parses and computes (first value wins, Host/Match matching) but does
 * not follow `Include`, so this file does exactly that part: it splices each included file in place.
 *
 * OpenSSH semantics kept (readconf.c):
 *  - relative Include paths are under ~/.ssh for the user's file and /etc/ssh for the system file; `~` and
 *    globs are expanded, matches are read in sorted order, a pattern matching nothing is no error;
 *  - an Include inside a Host block that does not match this host contributes nothing; inside a matching
 *    one, the included file's leading settings belong to that block and its own Host/Match blocks apply on
 *    their own terms, after which the enclosing block goes on;
 *  - nesting deeper than 16 is an error ("Too many recursive configuration includes").
 * Not kept: an Include inside a `Match` block is spliced as if the Match held, because whether it holds is
 * only known while computing (#5).
 */
import { Directive, glob as hostPatternMatches, Line, LineType, parse, Section, SSHConfig } from 'ssh-config';
import { SshConfigError } from './configError';
import { LocalSystem } from './localSystem';
import { expandTilde } from './pathTokens';

const maximumIncludeDepth = 16;

export interface ConfigSource {
  /** The user's file (~/.ssh/config) and the system file (/etc/ssh/ssh_config), read in that order. */
  userConfigPath: string;
  systemConfigPath: string;
}

export function defaultConfigSource(system: LocalSystem): ConfigSource {
  return { userConfigPath: `${system.homeDirectory}/.ssh/config`, systemConfigPath: '/etc/ssh/ssh_config' };
}

function values(directive: Directive): string[] {
  return typeof directive.value === 'string' ? [directive.value] : directive.value.map((v) => v.val);
}

function isSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line;
}

function isInclude(line: Line): line is Directive {
  return line.type === LineType.DIRECTIVE && line.param.toLowerCase() === 'include';
}

function emptyCopy(section: Section): Section {
  return { ...section, config: parse('') };
}

/** A glob component (`*`, `?`, `[…]`) as a RegExp; like glob(3), `*` and `?` do not match a leading dot. */
function componentPattern(component: string): RegExp {
  let source = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && component.indexOf(']', i + 2) > i) {
      const end = component.indexOf(']', i + 2);
      const body = component.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^(?!\\.)${source}$`);
}

const hasGlob = (component: string) => /[*?[]/.test(component);

/** Expands a path with glob components against the local file system, sorted as glob(3) sorts. */
async function expandGlob(path: string, system: LocalSystem): Promise<string[]> {
  const components = path.split('/');
  let candidates = [components[0] === '' ? '' : components[0]];
  for (const component of components.slice(1)) {
    if (component === '') continue;
    const next: string[] = [];
    for (const base of candidates) {
      if (!hasGlob(component)) {
        next.push(`${base}/${component}`);
        continue;
      }
      const pattern = componentPattern(component);
      const names = (await system.listDirectory(base === '' ? '/' : base)).filter((name) => pattern.test(name)).sort();
      next.push(...names.map((name) => `${base}/${name}`));
    }
    candidates = next;
  }
  return candidates;
}

class IncludeReader {
  /** `host` undefined: follow every Include, as when listing the aliases the files define. */
  constructor(private readonly system: LocalSystem, private readonly host: string | undefined) {}

  /** The lines of one file with every Include replaced by what it includes; [] for a missing file. */
  async readFile(path: string, includeBase: string, depth: number): Promise<Line[]> {
    if (depth > maximumIncludeDepth) throw new SshConfigError(`Too many recursive configuration includes (at ${path})`);
    const text = await this.system.readTextFile(path);
    if (text === undefined) return [];
    let parsed: SSHConfig;
    try {
      parsed = parse(text);
    } catch (error) {
      throw new SshConfigError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const out: Line[] = [];
    for (const line of parsed) {
      if (isInclude(line)) out.push(...(await this.included(line, includeBase, depth)));
      else if (isSection(line)) out.push(...(await this.section(line, includeBase, depth)));
      else out.push(line);
    }
    return out;
  }

  private async included(directive: Directive, includeBase: string, depth: number): Promise<Line[]> {
    const lines: Line[] = [];
    for (const pattern of values(directive)) {
      const expanded = expandTilde(pattern, this.system.homeDirectory);
      const absolute = expanded.startsWith('/') ? expanded : `${includeBase}/${expanded}`;
      for (const file of await expandGlob(absolute, this.system)) lines.push(...(await this.readFile(file, includeBase, depth + 1)));
    }
    return lines;
  }

  /** A Host/Match block whose Includes are spliced in: it may come out as several blocks. */
  private async section(section: Section, includeBase: string, depth: number): Promise<Line[]> {
    const isHost = section.param.toLowerCase() === 'host';
    const active = !isHost || this.host === undefined || hostPatternMatches(values(section), this.host);
    let current = emptyCopy(section);
    const out: Line[] = [current];
    for (const line of section.config) {
      if (!isInclude(line)) {
        current.config.push(line);
        continue;
      }
      if (!active) continue;
      const included = await this.included(line, includeBase, depth);
      const firstSection = included.findIndex(isSection);
      const leading = firstSection < 0 ? included : included.slice(0, firstSection);
      current.config.push(...leading);
      if (firstSection >= 0) {
        // The enclosing block goes on after the included file's own blocks: reopen it.
        current = emptyCopy(section);
        out.push(...included.slice(firstSection), current);
      }
    }
    return out;
  }
}

/**
 * The user's and the system's configuration as one document for `host` (the name as typed, lower-cased),
 * Includes followed. User settings come first, so they win, as in OpenSSH.
 */
export async function readSshConfig(system: LocalSystem, host: string, source: ConfigSource = defaultConfigSource(system)): Promise<SSHConfig> {
  const reader = new IncludeReader(system, host);
  const user = await reader.readFile(source.userConfigPath, `${system.homeDirectory}/.ssh`, 0);
  const global = await reader.readFile(source.systemConfigPath, '/etc/ssh', 0);
  const document = parse('');
  document.push(...user, ...global);
  return document;
}

/**
 * The host aliases the user's configuration defines, Includes followed: every Host pattern that names one
 * host (no `*`, `?` or `!`), in file order, each once. "Add FreeBSD Host…" offers these.
 */
export async function listHostAliases(system: LocalSystem, source: ConfigSource = defaultConfigSource(system)): Promise<string[]> {
  const lines = await new IncludeReader(system, undefined).readFile(source.userConfigPath, `${system.homeDirectory}/.ssh`, 0);
  const aliases = lines.filter(isSection).filter((section) => section.param.toLowerCase() === 'host')
    .flatMap(values).filter((pattern) => !/[*?!]/.test(pattern));
  return [...new Set(aliases)];
}
