/**
 * The processes behind a running jail. Creating a jail starts its holder: the first process of new PID,
 * UTS and mount namespaces (busybox-static's unshare), which sets the jail's hostname, mounts a proc of
 * its own at PATH/proc and then waits. Commands run "in" the jail by entering those namespaces and then
 * chrooting to the jail's path from inside them (two nsenter steps, so that the path is looked up in the
 * jail's mount namespace), optionally as another user and in another directory.
 */
import { spawn, spawnSync, SpawnSyncReturns, StdioOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInRoot } from '../runtime/rootedPath';

export const NAMESPACE_TOOL = '/.simulator/bin/busybox-static';
/** Devices a mount.devfs gives a jail, bound from the host's /dev. */
export const JAIL_DEVICES = ['null', 'zero', 'random', 'urandom', 'tty', 'ptmx'];

function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Starts the namespaces of a new jail and returns the holder's PID once hostname and /proc are set. */
export function startHolder(path: string, hostname: string): number {
  const setup = [
    `hostname ${quote(hostname || 'localhost')}`,
    `if [ -d ${quote(join(path, 'proc'))} ]; then mount -t proc proc ${quote(join(path, 'proc'))}; fi`,
    'exec sleep 2147483647',
  ].join('; ');
  const unshare = spawn(NAMESPACE_TOOL, ['unshare', '-p', '-u', '-m', '-f', '--', NAMESPACE_TOOL, 'sh', '-c', setup], {
    detached: true, stdio: 'ignore',
  });
  unshare.unref();
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const holder = childrenOf(unshare.pid ?? -1)[0];
    if (holder !== undefined && commandLine(holder).startsWith('sleep')) return holder;
    sleepSync(5);
  }
  throw new Error('the jail namespaces did not start');
}

/** Ends every process of the jail: the holder is its PID namespace's init. */
export function stopHolder(holderPid: number): void {
  try {
    process.kill(holderPid, 'SIGKILL');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (existsSync(`/proc/${holderPid}`) && Date.now() < deadline) sleepSync(5);
}

/** Processes of the jail other than its holder, as PIDs of the simulator's namespace. */
export function jailProcesses(holderPid: number): number[] {
  const found: number[] = [];
  const visit = (pid: number) => childrenOf(pid).forEach((child) => { found.push(child); visit(child); });
  visit(holderPid);
  return found;
}

export interface JailExecOptions {
  holderPid: number;
  path: string;
  argv: string[];
  /** Directory inside the jail. */
  workdir?: string;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
}

function jailExecArgs(options: JailExecOptions): string[] {
  const workdir = resolveInRoot(options.path, options.workdir ?? '/') ?? join(options.path, options.workdir ?? '/');
  const inner = ['nsenter', `-r${options.path}`, `-w${workdir}`];
  if (options.gid !== undefined) inner.push('-G', String(options.gid));
  if (options.uid !== undefined) inner.push('-S', String(options.uid));
  // Entering a mount namespace resets the root to the namespace's own "/"; -r keeps the holder's (the tree).
  return ['nsenter', '-t', String(options.holderPid), '-p', '-u', '-m', '-r', '--', NAMESPACE_TOOL, ...inner, '--', ...options.argv];
}

export function execInJailSync(options: JailExecOptions): SpawnSyncReturns<Buffer> {
  return spawnSync(NAMESPACE_TOOL, jailExecArgs(options), { env: options.env ?? process.env, stdio: options.stdio ?? 'inherit' });
}

export function execInJail(options: JailExecOptions): Promise<number> {
  const child = spawn(NAMESPACE_TOOL, jailExecArgs(options), { env: options.env ?? process.env, stdio: options.stdio ?? 'inherit' });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
}
