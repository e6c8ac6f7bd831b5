/**
 * `jail -f FILE -e SEP` (newer jail(8)): the host's own parser evaluates a configuration (includes,
 * wildcards, variables) and prints one line per non-wildcard jail. With a space as the separator the lines
 * are exactly `jls -n -q` pairs, quoted the same way, so one pair parser reads both.
 */
import { parseJlsPairs } from './jlsOutput';

export interface ConfiguredJail {
  name: string;
  parameters: Record<string, string | boolean>;
}

export function jailConfigDumpArgv(file: string): string[] {
  return ['jail', '-f', file, '-e', ' '];
}

export function parseJailConfigDump(stdout: string): ConfiguredJail[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const pairs = parseJlsPairs(line);
      const parameters: Record<string, string | boolean> = {};
      for (const [key, value] of Object.entries(pairs)) {
        if (typeof value === 'string' || typeof value === 'boolean') parameters[key] = value;
      }
      const name = typeof parameters.name === 'string' ? parameters.name : '';
      return { name, parameters };
    })
    .filter((jail) => jail.name !== '');
}
