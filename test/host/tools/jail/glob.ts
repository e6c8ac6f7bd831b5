/** glob(3) for jail.conf's .include: *, ? and [...] within path components, matches sorted. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function hasGlobCharacters(path: string): boolean {
  return /[*?[]/.test(path);
}

function componentPattern(component: string): RegExp {
  let source = '';
  for (let index = 0; index < component.length; index++) {
    const character = component[index];
    if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else if (character === '[') {
      const close = component.indexOf(']', index + 1);
      if (close < 0) { source += '\\['; continue; }
      const body = component.slice(index + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      index = close;
    } else source += character.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function expandGlob(pattern: string): string[] {
  let candidates = ['/'];
  for (const component of pattern.split('/').filter((part) => part !== '')) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!hasGlobCharacters(component)) {
        const path = join(base, component);
        if (existsSync(path)) next.push(path);
        continue;
      }
      if (!existsSync(base) || !statSync(base).isDirectory()) continue;
      const matcher = componentPattern(component);
      for (const entry of readdirSync(base).sort()) {
        if (entry.startsWith('.') && !component.startsWith('.')) continue;
        if (matcher.test(entry)) next.push(join(base, entry));
      }
    }
    candidates = next;
  }
  return candidates.sort();
}
