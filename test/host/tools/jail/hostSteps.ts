/**
 * The host-side steps around a jail's creation and removal: address aliases (ifconfig IF inet A alias),
 * mount / mount.fstab lines, and mount.devfs / mount.fdescfs / mount.procfs (freebsd-reference.md §2.5),
 * done in command.c's order and undone in reverse.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addAlias, dottedNetmask, InterfaceError, removeAlias } from '../host/interfaces';
import { MountEntry, performMount, performUnmount, recordedMounts, writeRecordedMounts } from '../host/mountTable';
import { withStateLock } from '../runtime/stateStore';
import { prisonOf, readKernelTable } from '../kernel/jailTable';
import { JailRun, note, StepFailed, warn } from './jailContext';

function aliasCommand(interfaceName: string, family: 'inet' | 'inet6', address: string, mask: string, down: boolean): string {
  const maskWords = family === 'inet' ? `netmask ${dottedNetmask(mask)}` : `prefixlen ${mask.replace('/', '') || '128'}`;
  return `/sbin/ifconfig ${interfaceName} ${family} ${address} ${maskWords} ${down ? '-alias' : 'alias'}`;
}

export function addAddresses(run: JailRun): void {
  for (const alias of run.spec.aliases) {
    const commandLine = aliasCommand(alias.interfaceName, alias.family, alias.address, alias.mask, false);
    if (run.verbose > 0) note(run, `run command: ${commandLine}`);
    try {
      withStateLock(() => addAlias(alias.interfaceName, { family: alias.family, address: alias.address,
        mask: alias.family === 'inet' ? dottedNetmask(alias.mask) : alias.mask.replace('/', '') || '128' }));
    } catch (error) {
      if (!(error instanceof InterfaceError)) throw error;
      process.stderr.write(`ifconfig: ${error.message}\n`);
      warn(run, `${commandLine}: failed`);
      throw new StepFailed();
    }
  }
}

export function removeAddresses(run: JailRun): void {
  for (const alias of [...run.spec.aliases].reverse()) {
    try {
      withStateLock(() => removeAlias(alias.interfaceName, alias.address));
    } catch (error) {
      if (!(error instanceof InterfaceError)) throw error;
    }
  }
}

/** The mounts jail(8) makes for a jail, in order, from mount, mount.fstab and the mount.* booleans. */
export function plannedMounts(run: JailRun): Array<{ entry: MountEntry; parameter: string; line: string }> {
  const planned: Array<{ entry: MountEntry; parameter: string; line: string }> = [];
  const fromLine = (parameter: string, line: string) => {
    const words = line.split(/[ \t\f\v\r\n]+/).filter(Boolean);
    if (words.length === 0 || words[0].startsWith('#')) return;
    if (words.length < 3) {
      warn(run, `${parameter}: ${line}: missing information`);
      throw new StepFailed();
    }
    planned.push({ parameter, line, entry: { device: words[0], mountPoint: words[1], type: words[2], options: words[3] ?? 'rw' } });
  };
  for (const line of run.spec.lists.get('mount') ?? []) fromLine('mount', line);
  for (const file of run.spec.lists.get('mount.fstab') ?? []) {
    if (!existsSync(file)) {
      warn(run, `mount.fstab: ${file}: No such file or directory`);
      throw new StepFailed();
    }
    readFileSync(file, 'utf8').split('\n').forEach((line) => fromLine('mount.fstab', line));
  }
  const path = String(run.spec.kernel.get('path') ?? '');
  const special: Array<[string, string, string]> = [['mount.devfs', 'devfs', 'dev'], ['mount.fdescfs', 'fdescfs', 'dev/fd'], ['mount.procfs', 'procfs', 'proc']];
  for (const [parameter, type, under] of special) {
    if (!run.spec.flags.get(parameter)) continue;
    if (!path) {
      warn(run, `${parameter}: no jail root path defined`);
      throw new StepFailed();
    }
    const ruleset = type === 'devfs' ? `ruleset=${String(run.spec.kernel.get('devfs_ruleset') ?? 4)}` : 'rw';
    planned.push({ parameter, line: type, entry: { device: type, mountPoint: join(path, under), type, options: type === 'devfs' ? `rw,${ruleset}` : 'rw' } });
  }
  return planned;
}

/** Inside a jail, mounting needs enforce_statfs below 2, allow.mount and allow.mount.<fs> (FreeBSD's vfs_mount checks). */
function mountRefusedInJail(type: string): boolean {
  const prison = prisonOf(readKernelTable().jails);
  if (prison === undefined) return false;
  return Number(prison.params.enforce_statfs) >= 2 || prison.params['allow.mount'] !== true || prison.params[`allow.mount.${type}`] !== true;
}

export function mountAll(run: JailRun): MountEntry[] {
  const done: MountEntry[] = [];
  try {
    for (const { entry, parameter } of plannedMounts(run)) {
      if (!existsSync(entry.mountPoint) || !statSync(entry.mountPoint).isDirectory()) {
        warn(run, `${parameter}: ${entry.mountPoint}: No such file or directory`);
        throw new StepFailed();
      }
      const recorded: MountEntry = { ...entry, options: entry.type === 'devfs' ? 'rw,multilabel' : entry.options };
      const failure = mountRefusedInJail(entry.type) ? 'Operation not permitted' : performMount(recorded);
      if (failure) {
        process.stderr.write(`mount: ${entry.mountPoint}: ${failure}\n`);
        warn(run, `/sbin/mount -t ${entry.type} ${entry.device} ${entry.mountPoint}: failed`);
        throw new StepFailed();
      }
      withStateLock(() => writeRecordedMounts([...recordedMounts(), recorded]));
      done.push(recorded);
    }
  } catch (error) {
    unmountEntries(done);
    throw error;
  }
  return done;
}

export function unmountEntries(entries: MountEntry[]): void {
  for (const entry of [...entries].reverse()) {
    performUnmount(entry);
    withStateLock(() => {
      const mounts = recordedMounts();
      const index = mounts.map((mount) => mount.mountPoint).lastIndexOf(entry.mountPoint);
      if (index >= 0) mounts.splice(index, 1);
      writeRecordedMounts(mounts);
    });
  }
}

/** Unmounts what jail(8) mounted for this jail at start, as the stop sequence does. */
export function unmountAll(run: JailRun): void {
  let planned: MountEntry[] = [];
  try {
    planned = plannedMounts(run).map(({ entry }) => entry);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  }
  const mounted = new Set(recordedMounts().map((mount) => mount.mountPoint));
  unmountEntries(planned.filter((entry) => mounted.has(entry.mountPoint)));
}
