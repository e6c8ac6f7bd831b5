/**
 * Configured jails on hosts whose jail(8) has no `-e` (older FreeBSD). The inventory script sends the
 * configuration files themselves, and the files their `.include` lines name, with each include pattern
 * expanded by the host's own shell glob; here they are parsed and evaluated by the jail.conf core as jail(8)
 * would, without another round trip. Each root file is read on its own, as `jail -f FILE` would read it.
 */
import { posix } from 'node:path';
import { hasVariables, IncludeStatement, Statement, walkStatements } from '../jailconf/ast';
import { analyzeConfig } from '../jailconf/analyze';
import { evaluate } from '../jailconf/evaluator';
import { hasGlobMagic } from '../jailconf/glob';
import { IncludeProblem, LoadedConfig, maxIncludeDepth, resolveIncludePath } from '../jailconf/includes';
import { parse, ParsedFile } from '../jailconf/parser';
import type { ConfiguredJail } from '../freebsd/jailConfigDump';
import { booleanPair } from '../freebsd/jlsOutput';

export interface ConfigRoot {
  /** A glob of configuration files, expanded on the host. */
  glob: string;
  /** The jail manager these files belong to, if any. */
  manager?: string;
}

export interface HostConfigTexts {
  roots: { file: string; manager?: string }[];
  /** Every file sent, roots and included ones, with its text (undefined when it could not be read). */
  files: Map<string, string | undefined>;
  /** Each include pattern as the host resolved it, with the files it matched. */
  globs: Map<string, string[]>;
}

/**
 * The shell fragment: roots, then a work list of files, each followed by the include patterns it holds and
 * their matches. Patterns are taken from `.include` lines loosely (the parser here decides what they mean);
 * a pattern the parser does not see is harmless, one it sees and the host did not expand reads as missing.
 */
export function configTextsScript(nonce: string, roots: ConfigRoot[]): string {
  const mark = `@@${nonce}`;
  return [
    `seen=' '; todo=''`,
    `want() { case "$seen" in *" $1 "*) return 1;; esac; seen="$seen$1 "; todo="$todo $1"; }`,
    ...roots.map(({ glob, manager }) => `for f in ${glob}; do [ -f "$f" ] && want "$f" && echo "${mark} root ${manager ?? '-'} $f"; done`),
    'while [ -n "$todo" ]; do',
    '  set -f; set -- $todo; set +f; f=$1; shift; todo="$*"',
    `  echo "${mark} file $f"`,
    `  if [ -r "$f" ]; then cat "$f" 2>/dev/null; printf '\\n${mark} status %s\\n' "$?"; else printf '\\n${mark} status 1\\n'; fi`,
    `  patterns=$(sed -n 's/.*\\.include[[:space:]]\\{1,\\}\\([^;]*\\);.*/\\1/p' "$f" 2>/dev/null | tr -d "\\"'")`,
    '  set -f; set -- $patterns; set +f',
    '  for p do',
    '    case $p in /*) ;; *) p="${f%/*}/$p";; esac',
    `    echo "${mark} glob $p"`,
    `    for m in $p; do [ -f "$m" ] && { echo "${mark} match $m"; want "$m" || true; }; done`,
    '  done',
    'done',
    'true',
  ].join('\n');
}

export function parseConfigTexts(output: string, nonce: string): HostConfigTexts {
  const mark = `@@${nonce} `;
  const texts: HostConfigTexts = { roots: [], files: new Map(), globs: new Map() };
  let file: { path: string; lines: string[] } | undefined;
  let glob: string[] | undefined;
  for (const line of output.split('\n')) {
    if (file && !line.startsWith(`${mark}status `)) {
      file.lines.push(line);
      continue;
    }
    if (!line.startsWith(mark)) continue;
    const [kind, ...rest] = line.slice(mark.length).split(' ');
    const value = rest.join(' ');
    if (kind === 'root') {
      const [manager, ...path] = rest;
      texts.roots.push({ file: path.join(' '), manager: manager === '-' ? undefined : manager });
    } else if (kind === 'file') {
      file = { path: value, lines: [] };
    } else if (kind === 'status' && file) {
      // The line before the marker is the newline the script added, so the text comes back exactly.
      texts.files.set(file.path, value === '0' ? file.lines.join('\n') : undefined);
      file = undefined;
    } else if (kind === 'glob') {
      glob = [];
      texts.globs.set(value, glob);
    } else if (kind === 'match') {
      glob?.push(value);
    }
  }
  return texts;
}

function includesOf(statements: readonly Statement[]): IncludeStatement[] {
  const found: IncludeStatement[] = [];
  walkStatements(statements, (s) => {
    if (s.kind === 'include') found.push(s);
  });
  return found;
}

/** The configuration rooted at `root` as the include loader would have read it, from what the host sent. */
function loadedFromHost(root: string, texts: HostConfigTexts): LoadedConfig {
  const files = new Map<string, ParsedFile>();
  const includes = new Map<IncludeStatement, string[]>();
  const problems: IncludeProblem[] = [];
  const visit = (path: string, depth: number) => {
    const file = files.get(path) as ParsedFile;
    for (const statement of includesOf(file.statements)) {
      const targets: string[] = [];
      for (const word of statement.paths) {
        if (hasVariables(word)) continue;
        if (depth + 1 > maxIncludeDepth) {
          problems.push({ code: 'include-depth', file: path, word, message: 'maximum include depth exceeded' });
          continue;
        }
        const resolved = resolveIncludePath(path, word.pieces.map((p) => p.value).join(''));
        const matches = hasGlobMagic(resolved) ? texts.globs.get(resolved) ?? texts.globs.get(posix.normalize(resolved)) ?? [] : [resolved];
        for (const match of matches) {
          const text = texts.files.get(match);
          if (text === undefined) {
            problems.push({ code: 'include-not-found', file: path, word, message: `${match}: No such file or directory` });
            continue;
          }
          targets.push(match);
          if (!files.has(match)) {
            files.set(match, parse(text));
            visit(match, depth + 1);
          }
        }
      }
      includes.set(statement, targets);
    }
  };
  files.set(root, parse(texts.files.get(root) ?? ''));
  visit(root, 0);
  return { root, files, includes, problems };
}

/** What makes jail(8) refuse a whole file, before it lists any jail. */
const fileLevelCodes = new Set(['unterminated-string', 'unterminated-comment', 'unterminated-variable', 'syntax-error', 'missing-semicolon',
  'unexpected-eof', 'include-variable', 'include-not-found', 'include-unreadable', 'include-depth']);

export interface RootJails {
  jails: ConfiguredJail[];
  /** jail(8)'s complaints: a file it refuses, or jails it cannot evaluate (the others are still listed). */
  errors: string[];
}

/** The non-wildcard jails of one root file with their effective parameters, as `jail -f ROOT -e` lists them. */
export function configuredFromTexts(root: string, texts: HostConfigTexts): RootJails {
  if (texts.files.get(root) === undefined) return { jails: [], errors: [`${root}: cannot be read`] };
  const analysis = analyzeConfig(loadedFromHost(root, texts));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  const fatal = errors.find((d) => fileLevelCodes.has(d.code));
  if (fatal) return { jails: [], errors: [`${fatal.file} line ${fatal.range.start.line + 1}: ${fatal.message}`] };
  const jails: ConfiguredJail[] = [];
  const failed = analysis.jails.some((jail) => jail.failed) ? evaluate(analysis.configJails).problems : [];
  for (const jail of analysis.jails) {
    if (jail.failed) continue;
    const parameters: Record<string, string | boolean> = {};
    for (const param of jail.params) {
      if (param.values.length > 0) parameters[param.name] = param.values.map((v) => v.text).join(',');
      else {
        const [name, value] = booleanPair(param.name);
        parameters[name] = value;
      }
    }
    jails.push({ name: jail.name, parameters });
  }
  return { jails, errors: failed.map((problem) => `${problem.jail}: ${problem.text}`) };
}
