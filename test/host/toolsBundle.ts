/**
 * Compiles the simulated tools (tools/main.ts and everything it imports) into the one CommonJS file every
 * tool stub loads; compiled once per process.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';

let bundled: string | undefined;

export function toolsBundleSource(): string {
  bundled ??= buildSync({
    entryPoints: [join(__dirname, 'tools', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'error',
  }).outputFiles[0].text;
  return bundled;
}
