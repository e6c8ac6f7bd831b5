// Loaded by VS Code as a tests module (see bench/run.mjs): times this extension's activation in a fresh
// extension host, from the first require of its bundle to the end of activate(), and writes the figure to
// $JAILS_BENCH_RESULT.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('jaildev.freebsd-jails');
  const result = process.env.JAILS_BENCH_RESULT;
  if (!result) throw new Error('JAILS_BENCH_RESULT is not set');
  if (!extension) {
    writeFileSync(result, JSON.stringify({ error: 'the extension is not loaded' }));
    return;
  }
  if (extension.isActive) {
    writeFileSync(result, JSON.stringify({ error: 'the extension was already active: something activates it eagerly' }));
    return;
  }
  const started = performance.now();
  await extension.activate();
  writeFileSync(result, JSON.stringify({ ms: performance.now() - started }));
}
