// `npm test`: every layer in turn (static checks, unit, grammar, integration, extension, UI), each reporting
// its own counts, then one closing line `N passed, N failed` for all of them. Exits non-zero on any failure.
// A layer that crashes before reporting counts as one failure; skipped tests count as failures (they hide
// a result). JAILS_LAYERS=unit,grammar runs only the named layers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot } from './lib/harness.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules/.bin', name);

function hasFiles(dir, suffix) {
  const full = path.join(repoRoot, dir);
  if (!existsSync(full)) return false;
  return readdirSync(full, { recursive: true }).some((f) => String(f).endsWith(suffix));
}

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return { status: result.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

function checkLayer(command, args) {
  return () => {
    const { status } = run(command, args);
    return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 };
  };
}

/** A layer whose runner writes { passed, failed, skipped } to $JAILS_TEST_STATS (scripts/mocha-reporter.cjs). */
function countedLayer(command, args) {
  return (scratch) => {
    const stats = path.join(scratch, 'stats.json');
    const { status } = run(command, args, { JAILS_TEST_STATS: stats });
    if (!existsSync(stats)) return { passed: 0, failed: 1, skipped: 0, note: `exited with status ${status} before reporting` };
    const counts = JSON.parse(readFileSync(stats, 'utf8'));
    if (status !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  };
}

function grammarLayer(scratch) {
  const reports = path.join(scratch, 'xunit');
  const { status } = run(bin('vscode-tmgrammar-test'), ['-g', 'syntaxes/jailconf.tmLanguage.json', '--xunit-report', reports, 'test/grammar/**/*.test.jailconf']);
  let passed = 0;
  let failed = 0;
  for (const file of existsSync(reports) ? readdirSync(reports) : []) {
    const xml = readFileSync(path.join(reports, file), 'utf8');
    for (const suite of xml.matchAll(/<testsuite\b[^>]*>/g)) {
      const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite[0])?.[1] ?? 0);
      const bad = attr('failures') + attr('errors');
      failed += bad;
      passed += attr('tests') - bad;
    }
  }
  if (status !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped: 0 };
}

const mocha = (config, spec) => countedLayer(bin('mocha'), [...(config ? ['--config', config] : []), ...(spec ?? [])]);

// Parallel mocha hands the files to its workers in the order given. The end-to-end directories (a cold
// create per test) go first, so that none of their long files starts last and runs alone while the other
// workers idle: alphabetically, throwaway/faults.test.ts (205 s) started at 327 s of a 533 s run.
const integrationFirst = ['throwaway', 'env', 'matrix', 'cli', 'jails'];

function integrationFiles() {
  const rank = (file) => {
    const index = integrationFirst.indexOf(file.split(path.sep)[0]);
    return index < 0 ? integrationFirst.length : index;
  };
  return readdirSync(path.join(repoRoot, 'test/integration'), { recursive: true }).map(String)
    .filter((file) => file.endsWith('.test.ts')).sort()
    .sort((a, b) => rank(a) - rank(b))
    .map((file) => path.join('test/integration', file));
}

const integrationArgs = () => ['--require', 'tsx/cjs', '--timeout', '120000', '--parallel', '--jobs', '3', '--reporter', 'scripts/mocha-reporter.cjs', ...integrationFiles()];
const uiArgs = ['--require', 'tsx/cjs', '--timeout', '300000', '--reporter', 'scripts/mocha-reporter.cjs', '--recursive', '--extension', 'ts', 'test/ui'];

const layers = [
  { name: 'typecheck', run: checkLayer(bin('tsc'), ['-p', '.', '--noEmit']) },
  { name: 'lint', run: checkLayer(bin('eslint'), ['src', 'test', 'bench', 'scripts']) },
  { name: 'unit', run: mocha('test/unit/.mocharc.json', ['test/unit/**/*.test.ts']) },
  { name: 'grammar', run: grammarLayer, when: () => hasFiles('test/grammar', '.test.jailconf') },
  { name: 'integration', run: (scratch) => countedLayer(bin('mocha'), integrationArgs())(scratch), when: () => hasFiles('test/integration', '.test.ts') },
  { name: 'extension', run: countedLayer(process.execPath, ['scripts/test-extension.mjs']) },
  { name: 'ui', run: countedLayer(bin('mocha'), uiArgs) },
];

const wanted = process.env.JAILS_LAYERS?.split(',').map((s) => s.trim());
const totals = { passed: 0, failed: 0 };
const summary = [];
for (const layer of layers) {
  if (wanted && !wanted.includes(layer.name)) continue;
  if (layer.when && !layer.when()) continue;
  console.log(`\n=== ${layer.name} ===`);
  const scratch = makeTempDir(`layer-${layer.name}`);
  const started = Date.now();
  let counts;
  try {
    counts = layer.run(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const failed = counts.failed + counts.skipped;
  totals.passed += counts.passed;
  totals.failed += failed;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  summary.push(`${layer.name.padEnd(12)} ${String(counts.passed).padStart(5)} passed ${String(failed).padStart(4)} failed  ${seconds.padStart(4)} s${counts.note ? `  (${counts.note})` : ''}`);
}
console.log(`\n${summary.join('\n')}\n`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
