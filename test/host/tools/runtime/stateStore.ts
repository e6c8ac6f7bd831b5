/**
 * The simulated kernel's and tools' state: JSON documents under /.simulator/state, changed under one
 * lock directory so concurrent SSH sessions see consistent jails, datasets and mounts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_CONFIG_PATH, HostConfig, STATE_DIR } from '../../hostConfig';

let cachedConfig: HostConfig | undefined;

export function hostConfig(): HostConfig {
  cachedConfig ??= JSON.parse(readFileSync(HOST_CONFIG_PATH, 'utf8')) as HostConfig;
  return cachedConfig;
}

export function readState<T>(document: string, empty: () => T): T {
  const file = join(STATE_DIR, `${document}.json`);
  if (!existsSync(file)) return empty();
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeState<T>(document: string, value: T): void {
  const file = join(STATE_DIR, `${document}.json`);
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(value, null, 1));
  renameSync(temporary, file);
}

const LOCK = join(STATE_DIR, '.lock');

function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Runs `change` while holding the state lock (a directory, so that it is atomic on every file system). */
export function withStateLock<T>(change: () => T): T {
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) rmdirSync(LOCK); // a holder that died mid-change: take the lock over
      sleepSync(5);
    }
  }
  try {
    return change();
  } finally {
    rmdirSync(LOCK);
  }
}
