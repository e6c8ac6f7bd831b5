/**
 * How the stand-in daemons detach, as httpd, nginx and php-fpm do: the command checks its configuration,
 * starts a detached copy of itself (through the same launcher, so it stays in the jail) and returns once that
 * copy listens and has written its pid file, or fails with what the copy said. The copy reloads on the
 * reload signal and removes its pid file when it ends.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { ToolExit } from '../runtime/exit';

const CHILD_MARK = 'SIMULATED_DAEMON_CHILD';
const READY = 'ready\n';

export function isDaemonChild(): boolean {
  return process.env[CHILD_MARK] === '1';
}

/** In the command: starts the detached copy and waits for it to be ready. */
export async function detach(launcher: string, argv: string[]): Promise<void> {
  const child = spawn('/bin/sh', [launcher, ...argv], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [CHILD_MARK]: '1' } });
  let said = '';
  const ready = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes(READY)) resolve(true); });
    child.stderr.on('data', (chunk: Buffer) => { said += chunk.toString(); });
    child.on('exit', () => resolve(false));
  });
  process.stderr.write(said);
  if (!ready) throw new ToolExit(1);
  child.stdout.destroy();
  child.stderr.destroy();
  child.unref();
}

export interface RunningDaemon {
  pidFile: string;
  title: string;
  reloadSignals: NodeJS.Signals[];
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** In the detached copy, once listening: pid file, readiness, signals. */
export function becomeDaemon(daemon: RunningDaemon): void {
  process.title = daemon.title;
  writeFileSync(daemon.pidFile, `${process.pid}\n`);
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.stdout.write(READY);
  const end = async () => {
    await daemon.stop();
    rmSync(daemon.pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  for (const signal of daemon.reloadSignals) process.on(signal, () => { daemon.reload().catch(() => undefined); });
}
