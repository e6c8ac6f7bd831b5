// glob(3) as jail(8) calls it for `.include` (GLOB_NOCHECK, no braces, no tilde): `*`, `?` and `[…]` match
// within one path component, a leading dot must be matched explicitly, backslash escapes, and the matches
// are sorted. It runs on any ConfigFileSystem, so remote hosts glob over SFTP the same way.
import { posix } from 'node:path';

export interface DirectoryEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/** The file access includes need; a local disk, or a remote host over SFTP. Errors carry `code` (ENOENT…). */
export interface ConfigFileSystem {
  readFile(path: string): Promise<string>;
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
}

/** glob(3)'s GLOB_MAGCHAR: the pattern holds an unescaped `*`, `?` or `[`. */
export function hasGlobMagic(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

function componentRegExp(component: string): RegExp {
  let out = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === '\\' && i + 1 < component.length) out += escape(component[++i]);
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = component.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = component.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`, 's');
}

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => `\\${m}`);

const matchesComponent = (name: string, component: string): boolean =>
  (!name.startsWith('.') || component.startsWith('.')) && componentRegExp(component).test(name);

/** The absolute paths matching an absolute pattern, sorted as glob(3) sorts them. */
export async function expandGlob(fs: ConfigFileSystem, pattern: string): Promise<string[]> {
  const components = pattern.split('/').filter((c) => c.length > 0);
  let found = [pattern.startsWith('/') ? '/' : '.'];
  for (let index = 0; index < components.length; index++) {
    const component = components[index];
    const last = index === components.length - 1;
    const next: string[] = [];
    for (const dir of found) {
      let entries: readonly DirectoryEntry[];
      try {
        entries = await fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!last && !entry.isDirectory) continue;
        const hit = hasGlobMagic(component) ? matchesComponent(entry.name, component) : entry.name === component.replace(/\\(.)/g, '$1');
        if (hit) next.push(posix.join(dir, entry.name));
      }
    }
    found = next;
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
