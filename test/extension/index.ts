// The tests module VS Code loads through `extensionTestsPath`: it runs every compiled *.test.js beside it in
// this extension host and reports through files named in the environment, because nothing here closes the
// window or reads the extension host's console for us (code-server) .
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

export async function run(): Promise<void> {
  const logFile = process.env.JAILS_TEST_LOG;
  const statsFile = process.env.JAILS_TEST_STATS;
  if (logFile) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => fs.appendFileSync(logFile, format(...args) + '\n');
  }
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60000,
    reporter: process.env.JAILS_MOCHA_REPORTER ?? 'spec',
    grep: process.env.JAILS_TEST_GREP,
  });
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);
  try {
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (error) {
    if (logFile) fs.appendFileSync(logFile, `test run crashed: ${String(error)}\n`);
    if (statsFile && !fs.existsSync(statsFile)) fs.writeFileSync(statsFile, JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
  }
}
