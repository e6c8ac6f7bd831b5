// Runs test/extension/*.test.ts inside a real VS Code extension host: code-server opened in headless
// Chromium with this folder loaded as a development extension (see shared/docs/testing-notes.md).
// Prints mocha's report and writes the counts to $JAILS_TEST_STATS for scripts/test-all.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { copyWorkspace, developmentUrl, launchChromium, makeTempDir, repoRoot, startCodeServer } from './lib/harness.mjs';

const outDir = path.join(repoRoot, 'out/test/extension');

function testSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? testSources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

export async function buildExtensionTests() {
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: testSources(path.join(repoRoot, 'test/extension')),
    outdir: outDir,
    outbase: path.join(repoRoot, 'test/extension'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/**
 * Opens code-server in Chromium with this folder as a development extension and `testsPath` as its tests
 * module, and waits for that module to write `resultFile` (whose path it finds in the environment).
 */
export async function runInExtensionHost({ testsPath, resultFile, env = {}, timeoutMs = 8 * 60000 }) {
  const workspace = copyWorkspace('test/fixtures/workspace');
  const server = await startCodeServer({ workspace, env });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(developmentUrl(server, { workspace, extensionPath: repoRoot, testsPath }));
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`${path.basename(testsPath)} did not finish within ${timeoutMs / 60000} minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await browser.close();
    server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Runs the suite once; returns { passed, failed, skipped } and the report's text. */
export async function runExtensionTests({ grep } = {}) {
  const scratch = makeTempDir('extension-tests');
  const statsFile = path.join(scratch, 'stats.json');
  const logFile = path.join(scratch, 'report.txt');
  writeFileSync(logFile, '');
  try {
    await runInExtensionHost({
      testsPath: path.join(outDir, 'index.js'),
      resultFile: statsFile,
      env: {
        JAILS_TEST_STATS: statsFile,
        JAILS_TEST_LOG: logFile,
        JAILS_MOCHA_REPORTER: path.join(repoRoot, 'scripts/mocha-reporter.cjs'),
        ...(grep ? { JAILS_TEST_GREP: grep } : {}),
      },
    });
    return { ...JSON.parse(readFileSync(statsFile, 'utf8')), report: readFileSync(logFile, 'utf8') };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildExtensionTests();
  const result = await runExtensionTests({ grep: process.env.JAILS_TEST_GREP });
  process.stdout.write(result.report);
  if (process.env.JAILS_TEST_STATS) {
    const { passed, failed, skipped } = result;
    writeFileSync(process.env.JAILS_TEST_STATS, JSON.stringify({ passed, failed, skipped }));
  }
  process.exitCode = result.failed > 0 || result.passed === 0 ? 1 : 0;
}
