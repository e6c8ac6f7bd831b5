/**
 * Which workspace files a sync carries: the environment's `include` globs minus its `exclude` globs, in the
 * forms people write in .gitignore-like lists: `**` crosses folders, `*` and `?` stay within one name, a
 * pattern without a slash matches a name at any depth (`*.log`), and `dir/` or `dir/**` means everything in
 * it. Paths are relative and `/`-separated.
 */

export interface SyncFilter {
  include: string[];
  exclude: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function globBody(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += escapeRegExp(c);
  }
  return out;
}

/** The pattern as a test on a relative path; a match on a folder covers everything under it. */
export function globMatcher(pattern: string): (path: string) => boolean {
  let p = pattern.trim().replace(/^\.\//, '');
  if (p.endsWith('/')) p += '**';
  const anchored = p.replace(/\/\*\*$/, '').includes('/') || p.startsWith('/');
  p = p.replace(/^\//, '');
  const body = globBody(p);
  const regExp = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}(?:/.*)?$`);
  return (path) => regExp.test(path);
}

export interface PathSelector {
  selects(path: string): boolean;
  /** A folder whose every path is excluded: a walk need not enter it. */
  prunes(folder: string): boolean;
}

export function pathSelector(filter: SyncFilter): PathSelector {
  const include = filter.include.map(globMatcher);
  const exclude = filter.exclude.map(globMatcher);
  return {
    selects: (path) => include.some((m) => m(path)) && !exclude.some((m) => m(path)),
    prunes: (folder) => exclude.some((m) => m(`${folder}/`)),
  };
}
