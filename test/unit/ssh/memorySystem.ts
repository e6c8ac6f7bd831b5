/** An in-memory LocalSystem for unit tests: files by absolute path, directories implied by them. */
import { LocalSystem } from '../../../src/core/ssh/localSystem';

export interface MemorySystem extends LocalSystem {
  files: Map<string, string>;
}

export function memorySystem(files: Record<string, string>, environment: Record<string, string> = {}): MemorySystem {
  const map = new Map(Object.entries(files));
  return {
    files: map,
    homeDirectory: '/home/alice',
    userName: 'alice',
    environment,
    readTextFile: async (path) => map.get(path),
    listDirectory: async (path) => {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const names = [...map.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]);
      return [...new Set(names)];
    },
    appendTextFile: async (path, text) => {
      map.set(path, (map.get(path) ?? '') + text);
    },
  };
}
