/**
 * The processes behind a running jail. Creating a jail starts its holder: the first process of new PID,
 * UTS and mount namespaces (busybox-static's unshare), which sets the jail's hostname, mounts a proc of
 * its own at PATH/proc and then waits. Commands run "in" the jail by entering those namespaces and then
 * chrooting to the jail's path from inside them (two nsenter steps, so that the path is looked up in the
 * jail's mount namespace), optionally as another user and in another directory.
 */
import { spawn, spawnSync, SpawnSyncReturns, StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
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

/** The directory of the simulator's runtime; a jail root that has it gets the runtime bound there. */
const RUNTIME_DIR = '/.simulator';

/**
 * Starts the namespaces of a new jail (a network namespace too for a VNET jail) and returns the holder's
 * PID, as this process sees it, once hostname and /proc are set. A child jail's holder starts inside its
 * parent's namespaces, so that the parent sees its processes; `path` is then relative to the parent
 * holder's root. A jail root with an empty /.simulator gets the runtime bound there (in the jail's mount
 * namespace only), so that its FreeBSD tools run.
 */
export function startHolder(path: string, hostname: string, vnet = false, parentHolderPid?: number): number {
  const runtime = join(path, RUNTIME_DIR);
  const shell = join(path, 'bin/sh');
  const setup = [
    `hostname ${quote(hostname || 'localhost')}`,
    // The jail's root becomes a mount point, so that a jail created inside it can remount "/" private.
    ...(path === '/' ? [] : [`mount -o rbind ${quote(path)} ${quote(path)}`]),
    `if [ -d ${quote(join(path, 'proc'))} ]; then mount -t proc proc ${quote(join(path, 'proc'))}; fi`,
    ...(path === '/' ? [] : [
      `if [ -d ${quote(runtime)} ]; then mount -o bind ${RUNTIME_DIR} ${quote(runtime)}; fi`,
      // busybox-static's shell runs its own applets before PATH (its ifconfig, not the jail's /sbin/ifconfig): a root
      // whose /bin/sh is a file of its own gets the runtime's PATH-searching busybox bound over it.
      `if [ -d ${quote(runtime)} ] && [ -f ${quote(shell)} ] && [ ! -L ${quote(shell)} ]; then mount -o bind ${RUNTIME_DIR}/bin/busybox ${quote(shell)}; fi`,
    ]),
    'exec sleep 2147483647',
  ].join('; ');
  const enter = parentHolderPid === undefined ? [] : ['nsenter', '-t', String(parentHolderPid), '-p', '-m', '-n', '-r', '--', NAMESPACE_TOOL];
  // Inside a jail without devfs there is no /dev/null for "ignore" to open.
  const starter = spawn(NAMESPACE_TOOL, [...enter, 'unshare', '-p', '-u', '-m', ...(vnet ? ['-n'] : []), '-f', '--', NAMESPACE_TOOL, 'sh', '-c', setup], {
    detached: true, stdio: existsSync('/dev/null') ? 'ignore' : 'pipe',
  });
  starter.unref();
  [starter.stdin, starter.stdout, starter.stderr].forEach((stream) => stream?.destroy());
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const holder = descendantsOf(starter.pid ?? -1).find((pid) => commandLine(pid).startsWith('sleep'));
    if (holder !== undefined) return holder;
    sleepSync(5);
  }
  throw new Error('the jail namespaces did not start');
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** The namespace identities of a process ("pid:[4026532…]"), undefined when it has gone. */
export function namespaceOf(pid: number | 'self', kind: 'pid' | 'mnt' | 'net'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

/** The first process of a PID namespace, as this process sees it, found by scanning /proc. */
export function namespaceInit(pidNamespace: string): number | undefined {
  const own = namespaceOf('self', 'pid');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (namespaceOf(pid, 'pid') !== pidNamespace || pidNamespace === own) continue;
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('NSpid:'));
      if (line?.trim().split(/\s+/).pop() === '1') return pid;
    } catch {
      continue;
    }
  }
  return undefined;
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
/** Whether a process has exited and waits to be reaped (state Z); undefined-safe for a process already gone. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * The jail's live processes. Orphans are reparented to the holder, which never reaps them; on FreeBSD the
 * host's init reaps them at once, so a zombie is not a process the jail still has.
 */
export function jailProcesses(holderPid: number): number[] {
  return descendantsOf(holderPid).filter((pid) => !isZombie(pid));
}

/**
 * execvp's search inside the jail's tree: the program's path in the jail, undefined when missing. The
 * path found is what runs, so that busybox never picks its own applet instead of the jail's program.
 */
export function findProgramInJail(root: string, command: string, searchPath: string): string | undefined {
  const isProgram = (path: string) => {
    const resolved = resolveInRoot(root, path);
    return resolved !== undefined && statSync(resolved).isFile();
  };
  if (command.includes('/')) return isProgram(command) ? command : undefined;
  return searchPath.split(':').map((directory) => join(directory || '/', command)).find(isProgram);
}

/** What execve(2) of `program` inside the jail rooted at `root` would fail with: not executable, or a missing #! interpreter. */
export function execveRefusal(root: string, program: string): string | undefined {
  const file = resolveInRoot(root, program);
  if (file === undefined) return 'ENOENT';
  if ((statSync(file).mode & 0o111) === 0) return 'EACCES';
  const start = Buffer.alloc(256);
  const descriptor = openSync(file, 'r');
  const length = readSync(descriptor, start, 0, start.length, 0);
  closeSync(descriptor);
  const interpreter = /^#!\s*(\S+)/.exec(start.subarray(0, length).toString('latin1'))?.[1];
  if (interpreter === undefined) return undefined;
  // The simulator's own runtime is mounted into every running jail, over an empty directory of its tree.
  if (interpreter.startsWith('/.simulator/')) return existsSync(interpreter) ? undefined : 'ENOENT';
  return resolveInRoot(root, interpreter) === undefined ? 'ENOENT' : undefined;
}

export interface JailExecOptions {
  holderPid: number;
  path: string;
  /** The holder's own root (the root of the jail that created it), as the caller sees it; "/" by default. */
  holderRoot?: string;
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
  // A holder started inside another jail has that jail's root: paths are given to it relative to that root.
  const holderRoot = options.holderRoot ?? '/';
  const inHolder = (path: string) => (holderRoot === '/' || !path.startsWith(holderRoot) ? path : path.slice(holderRoot.length) || '/');
  const inner = ['nsenter', `-r${inHolder(options.path)}`, `-w${inHolder(workdir)}`];
  if (options.gid !== undefined) inner.push('-G', String(options.gid));
  if (options.uid !== undefined) inner.push('-S', String(options.uid));
  // Entering a mount namespace resets the root to the namespace's own "/"; -r keeps the holder's (the tree).
  return ['nsenter', '-t', String(options.holderPid), '-p', '-u', '-m', '-n', '-r', '--', NAMESPACE_TOOL, ...inner, '--', ...options.argv];
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
