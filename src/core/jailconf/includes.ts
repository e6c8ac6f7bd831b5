// Loads a jail.conf and every file it includes, as config.c's include_config() does: a relative path is
// relative to the directory of the including file, a glob pattern may match nothing, a plain path must
// exist, variables are refused, and includes nest at most 32 deep. The files come from an injected
// ConfigFileSystem, so the same code reads the local disk or a remote host.
import { posix } from 'node:path';
import { hasVariables, IncludeStatement, Word } from './ast';
import { ConfigFileSystem, expandGlob, hasGlobMagic } from './glob';
import { parse, ParsedFile } from './parser';

export const maxIncludeDepth = 32;

export type IncludeProblemCode = 'include-not-found' | 'include-unreadable' | 'include-depth';

export interface IncludeProblem {
  readonly code: IncludeProblemCode;
  readonly file: string;
  readonly word: Word;
  readonly message: string;
}

export interface LoadedConfig {
  readonly root: string;
  readonly files: ReadonlyMap<string, ParsedFile>;
  /** The files each `.include` statement brings in, in the order jail(8) reads them. */
  readonly includes: ReadonlyMap<IncludeStatement, readonly string[]>;
  readonly problems: readonly IncludeProblem[];
}

/** A loaded configuration of one file whose includes are not followed. */
export function singleFile(path: string, file: ParsedFile): LoadedConfig {
  return { root: path, files: new Map([[path, file]]), includes: new Map(), problems: [] };
}

/** Resolves an include path as include_config() does: relative to the including file's directory. */
export function resolveIncludePath(includingFile: string, path: string): string {
  if (path.startsWith('/') || !includingFile.includes('/')) return path;
  return includingFile.slice(0, includingFile.lastIndexOf('/') + 1) + path;
}

function errorText(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return error instanceof Error ? error.message : String(error);
}

export async function loadConfig(rootPath: string, rootText: string, fs: ConfigFileSystem, overrides: ReadonlyMap<string, string> = new Map()): Promise<LoadedConfig> {
  const files = new Map<string, ParsedFile>([[rootPath, parse(rootText)]]);
  const includes = new Map<IncludeStatement, string[]>();
  const problems: IncludeProblem[] = [];
  const reported = new Set<Word>();

  const load = async (path: string, word: Word, from: string): Promise<boolean> => {
    if (files.has(path)) return true;
    try {
      const text = overrides.get(path) ?? (await fs.readFile(path));
      files.set(path, parse(text));
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code === 'ENOENT' ? 'include-not-found' : 'include-unreadable';
      problems.push({ code, file: from, word, message: `${path}: ${errorText(error)}` });
      return false;
    }
  };

  const visit = async (path: string, depth: number): Promise<void> => {
    const file = files.get(path);
    if (!file) return;
    for (const statement of file.includes) {
      const targets: string[] = [];
      for (const word of statement.paths) {
        // jail(8) refuses such a path without reading it; fileChecks reports it from the text alone.
        if (hasVariables(word)) continue;
        if (depth + 1 > maxIncludeDepth) {
          if (!reported.has(word)) problems.push({ code: 'include-depth', file: path, word, message: 'maximum include depth exceeded' });
          reported.add(word);
          continue;
        }
        const literal = word.pieces.map((p) => p.value).join('');
        const resolved = resolveIncludePath(path, literal);
        const matches = hasGlobMagic(resolved) ? await expandGlob(fs, posix.normalize(resolved)) : [resolved];
        for (const match of matches) {
          if (!(await load(match, word, path))) continue;
          targets.push(match);
          await visit(match, depth + 1);
        }
      }
      includes.set(statement, targets);
    }
  };

  await visit(rootPath, 0);
  return { root: rootPath, files, includes, problems };
}
