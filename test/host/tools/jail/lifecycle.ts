/**
 * Starting, stopping and updating one jail in jail.c's order (freebsd-reference.md §2.5):
 * create = exec.prepare, addresses, mounts, exec.prestart, jail_set, exec.created, vnet.interface, exec.start, command,
 * exec.poststart (undone in reverse on failure); remove = exec.prestop, exec.stop, SIGTERM and
 * stop.timeout, jail_remove, exec.poststop, unmounts, addresses, exec.release.
 */
import { existsSync, statSync } from 'node:fs';
import { findParam, KernelJail } from '../kernel/jailTable';
import { jailProcesses } from '../kernel/jailProcesses';
import { createKernelJail, KernelError, removeKernelJail, updateKernelJail } from '../kernel/jailKernel';
import { moveInterfacesIn, runCommands } from './commands';
import { addAddresses, mountAll, removeAddresses, unmountAll, unmountEntries } from './hostSteps';
import { JailRun, note, StepFailed, warn } from './jailContext';

export interface CreateOptions {
  /** -i: print the new jid. */
  printJid: boolean;
}

function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

function checkPath(run: JailRun): void {
  const path = run.spec.kernel.get('path');
  if (typeof path !== 'string') return;
  if (run.spec.label !== undefined && !path.startsWith('/')) {
    warn(run, `path ${path}: not an absolute pathname`);
    throw new StepFailed();
  }
  if (!existsSync(path)) {
    warn(run, `path ${path}: No such file or directory`);
    throw new StepFailed();
  }
  if (!statSync(path).isDirectory()) {
    warn(run, `path ${path}: Not a directory`);
    throw new StepFailed();
  }
}

function hasStartCommands(run: JailRun): boolean {
  return ['exec.start', 'command', 'exec.poststart'].some((name) => (run.spec.commands.get(name) ?? []).length > 0);
}

/** Returns false when the jail failed (its messages printed). */
export function createJail(run: JailRun, options: CreateOptions): boolean {
  let mounted: ReturnType<typeof mountAll> = [];
  let addressesAdded = false;
  let created: KernelJail | undefined;
  const path = String(run.spec.kernel.get('path') ?? '/');
  try {
    runCommands(run, 'exec.prepare', { inJail: false, path });
    addAddresses(run);
    addressesAdded = true;
    mounted = mountAll(run);
    runCommands(run, 'exec.prestart', { inJail: false, path });
    checkPath(run);
    const values = new Map(run.spec.kernel);
    const requestedPersist = values.get('persist') === true;
    if (!requestedPersist && hasStartCommands(run)) values.set('persist', true);
    try {
      created = createKernelJail(values);
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      warn(run, error.message);
      throw new StepFailed();
    }
    run.jid = created.jid;
    if (options.printJid) process.stdout.write(`${created.jid}\n`);
    if (run.verbose >= 0 && (run.spec.label !== undefined || run.verbose > 0)) note(run, 'created');
    runCommands(run, 'exec.created', { inJail: false, path });
    if (created.params.vnet === 'new') moveInterfacesIn(run, path);
    const inJail = { inJail: true, holderPid: created.holderPid, holderRoot: created.holderRoot, path };
    runCommands(run, 'exec.start', inJail);
    runCommands(run, 'command', inJail);
    runCommands(run, 'exec.poststart', { inJail: false, path });
    // A jail that is not persistent and has no process left goes away, as the kernel does on FreeBSD.
    if (!requestedPersist && !hasStartCommands(run)) removeKernelJail(created.jid);
    else if (!requestedPersist) updateKernelJail(created.jid, new Map([['persist', false]]));
    return true;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    if (created) {
      removeKernelJail(created.jid);
      if (run.verbose > 0 || (run.verbose === 0 && run.spec.label !== undefined)) note(run, 'removed');
    }
    unmountEntries(mounted);
    if (addressesAdded) removeAddresses(run);
    return false;
  }
}

function terminateProcesses(holderPid: number | undefined, timeoutSeconds: number): void {
  if (holderPid === undefined || timeoutSeconds === 0) return;
  const processes = jailProcesses(holderPid);
  for (const pid of processes) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline && jailProcesses(holderPid).length > 0) sleepSync(20);
}

/** Removes a running jail; `noteRemoved` follows jail.c's note_remove rule. Returns false on failure. */
export function removeJail(run: JailRun, jail: KernelJail, noteRemoved: boolean, withCommands: boolean): boolean {
  run.jid = jail.jid;
  const path = String(jail.params.path);
  try {
    if (withCommands) {
      runCommands(run, 'exec.prestop', { inJail: false, path });
      runCommands(run, 'exec.stop', { inJail: true, holderPid: jail.holderPid, holderRoot: jail.holderRoot, path });
      terminateProcesses(jail.holderPid, run.spec.numbers.get('stop.timeout') ?? 10);
    }
    try {
      removeKernelJail(jail.jid);
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      warn(run, error.message);
      return false;
    }
    if (run.verbose > 0 || (run.verbose === 0 && noteRemoved)) note(run, 'removed');
    if (withCommands) {
      runCommands(run, 'exec.poststop', { inJail: false, path });
      unmountAll(run);
      removeAddresses(run);
      runCommands(run, 'exec.release', { inJail: false, path });
    }
    return true;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    return false;
  }
}

/** jail -m: refuses create-only changes, then sets the writable parameters. */
export function updateJail(run: JailRun, jail: KernelJail): boolean {
  run.jid = jail.jid;
  for (const [name, value] of run.spec.kernel) {
    const definition = findParam(name);
    if (!definition || name === 'jid' || definition.access !== 'tunable') continue;
    if (JSON.stringify(jail.params[name]) !== JSON.stringify(value)) {
      warn(run, `${name} cannot be changed after creation`);
      return false;
    }
  }
  try {
    updateKernelJail(jail.jid, new Map([...run.spec.kernel].filter(([name]) => findParam(name)?.access === 'rw')));
  } catch (error) {
    if (!(error instanceof KernelError)) throw error;
    warn(run, error.message);
    return false;
  }
  if (run.verbose > 0 || (run.verbose === 0 && run.spec.label !== undefined)) note(run, 'updated');
  return true;
}

/** Whether changing to these parameters needs a restart (-mr): a create-only parameter differs. */
export function needsRestart(run: JailRun, jail: KernelJail): boolean {
  return [...run.spec.kernel].some(([name, value]) => name !== 'jid' && findParam(name)?.access === 'tunable'
    && JSON.stringify(jail.params[name]) !== JSON.stringify(value));
}
