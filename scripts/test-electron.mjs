// `npm run test:electron`: the same extension suite as the code-server run, in desktop VS Code through
// @vscode/test-electron. It uses $VSCODE_EXECUTABLE when set, and otherwise lets test-electron download
// VS Code (which needs Microsoft's update servers; machines without internet use the code-server run).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyWorkspace, makeTempDir, repoRoot } from './lib/harness.mjs';
import { buildExtensionTests } from './test-extension.mjs';

await buildExtensionTests();
const scratch = makeTempDir('electron-tests');
const statsFile = path.join(scratch, 'stats.json');
const logFile = path.join(scratch, 'report.txt');
writeFileSync(logFile, '');
const workspace = copyWorkspace('test/fixtures/workspace');
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/extension/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      JAILS_TEST_STATS: statsFile,
      JAILS_TEST_LOG: logFile,
      JAILS_MOCHA_REPORTER: path.join(repoRoot, 'scripts/mocha-reporter.cjs'),
    },
  });
  process.stdout.write(readFileSync(logFile, 'utf8'));
  const { passed, failed } = JSON.parse(readFileSync(statsFile, 'utf8'));
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
} catch (error) {
  console.error(`desktop VS Code could not run the suite: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
