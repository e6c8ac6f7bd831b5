/**
 * The `jails` command line as users run it: bundled once per test file by esbuild, run with node in a home
 * of its own (no ~/.ssh, no agent), its stdout, stderr and exit status returned.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export interface CliResult {
  stdout: string;
  stderr: string;
  status: number;
}

export function buildJailsCli(): { run(args: string[]): Promise<CliResult>; remove(): void } {
  const cli = join(mkdtempSync(join(tmpdir(), 'jails-cli-')), 'jails.js');
  buildSync({ entryPoints: [join(__dirname, '../../../src/cli/jails.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', external: ['cpu-features', '*/sshcrypto.node'], logLevel: 'error' });
  return {
    run: (args) => new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], { env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'jails-home-')), SSH_AUTH_SOCK: '' } }, (error, stdout, stderr) =>
        resolve({ stdout, stderr, status: error ? Number(error.code) : 0 }),
      );
    }),
    remove: () => rmSync(join(cli, '..'), { recursive: true, force: true }),
  };
}
