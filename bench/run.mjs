// `npm run bench`: prints the project's performance figures (never asserted in tests). Each figure that
// varies is the median of several runs measured in this one run; the machine is shared and noisy.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { makeTempDir, repoRoot } from '../scripts/lib/harness.mjs';
import { packageExtension } from '../scripts/package.mjs';
import { runInExtensionHost } from '../scripts/test-extension.mjs';

const runs = Number(process.env.JAILS_BENCH_RUNS ?? 5);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function activation() {
  const probe = path.join(repoRoot, 'out/bench/activationProbe.js');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'bench/activationProbe.ts')],
    outfile: probe,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const scratch = makeTempDir('bench');
    const resultFile = path.join(scratch, 'activation.json');
    try {
      await runInExtensionHost({ testsPath: probe, resultFile, env: { JAILS_BENCH_RESULT: resultFile }, timeoutMs: 120000 });
      const result = JSON.parse(readFileSync(resultFile, 'utf8'));
      if (result.error) throw new Error(result.error);
      times.push(result.ms);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return `activation in the extension host (code-server): median ${median(times).toFixed(1)} ms over ${runs} fresh hosts (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`;
}

/** Benchmarks written in TypeScript by each feature print their own lines. */
function typescriptBenches() {
  const only = process.env.JAILS_BENCH_ONLY;
  const files = readdirSync(path.join(repoRoot, 'bench'))
    .filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only)))
    .sort()
    .map((f) => `bench/${f}`);
  return files.flatMap((file) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/runTs.ts'), file], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (result.status !== 0) return [`${file}: failed with status ${result.status}`];
    return result.stdout.trim().split('\n');
  });
}

const { bytes: vsixBytes } = packageExtension({ quiet: true });
console.log('FreeBSD Jails benchmark');
console.log(`bundle dist/extension.js: ${kib(statSync(path.join(repoRoot, 'dist/extension.js')).size)}`);
console.log(`.vsix: ${kib(vsixBytes)} (budget 1024 KiB)`);
console.log(await activation());
for (const line of typescriptBenches()) console.log(line);
