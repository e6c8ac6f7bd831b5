/**
 * The simulated host's mount table: the root file system (ZFS datasets or UFS), devfs, and every mount the
 * simulated tools made. nullfs, tmpfs and devfs mounts are real (bind mounts, a tmpfs, a tmpfs of bound
 * devices) inside the simulator's private mount namespace; procfs and fdescfs are only recorded.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JAIL_DEVICES, NAMESPACE_TOOL } from '../kernel/jailProcesses';
import { hostConfig, readState, writeState } from '../runtime/stateStore';
import { readDatasets } from './zfsState';

export interface MountEntry {
  device: string;
  mountPoint: string;
  type: string;
  options: string;
}

const DOCUMENT = 'mounts';

export function recordedMounts(): MountEntry[] {
  return readState<MountEntry[]>(DOCUMENT, () => []);
}

export function writeRecordedMounts(mounts: MountEntry[]): void {
  writeState(DOCUMENT, mounts);
}

/** Every mounted file system, in mount order, as statfs(2) would list them. */
export function allMounts(): MountEntry[] {
  const base: MountEntry[] = [];
  if (hostConfig().zfs) {
    const datasets = readDatasets().filter((dataset) => dataset.mounted && dataset.mountpoint.startsWith('/'));
    const root = datasets.find((dataset) => dataset.mountpoint === '/');
    if (root) base.push({ device: root.name, mountPoint: '/', type: 'zfs', options: 'rw,noatime,nfsv4acls' });
    base.push({ device: 'devfs', mountPoint: '/dev', type: 'devfs', options: 'rw,multilabel' });
    for (const dataset of datasets) {
      if (dataset !== root) base.push({ device: dataset.name, mountPoint: dataset.mountpoint, type: 'zfs', options: 'rw,noatime,nfsv4acls' });
    }
  } else {
    base.push({ device: '/dev/vtbd0p2', mountPoint: '/', type: 'ufs', options: 'rw' });
    base.push({ device: 'devfs', mountPoint: '/dev', type: 'devfs', options: 'rw,multilabel' });
  }
  return [...base, ...recordedMounts()];
}

function mountCommand(args: string[]): string | undefined {
  const result = spawnSync(NAMESPACE_TOOL, ['mount', ...args], { encoding: 'utf8' });
  return result.status === 0 ? undefined : (result.stderr.trim() || 'mount failed');
}

/** Performs the mount; returns an error text when the real mount failed. */
export function performMount(entry: MountEntry): string | undefined {
  const readOnly = entry.options.split(',').includes('ro');
  switch (entry.type) {
    case 'nullfs': {
      const failure = mountCommand(['--bind', entry.device, entry.mountPoint]);
      if (failure || !readOnly) return failure;
      return mountCommand(['-o', 'remount,bind,ro', entry.mountPoint]);
    }
    case 'tmpfs':
      return mountCommand(['-t', 'tmpfs', '-o', readOnly ? 'ro' : 'rw', 'tmpfs', entry.mountPoint]);
    case 'devfs': {
      const failure = mountCommand(['-t', 'tmpfs', '-o', 'mode=0755,size=64k', 'devfs', entry.mountPoint]);
      if (failure) return failure;
      for (const device of JAIL_DEVICES) {
        writeFileSync(join(entry.mountPoint, device), '');
        mountCommand(['--bind', `/dev/${device}`, join(entry.mountPoint, device)]);
      }
      mkdirSync(join(entry.mountPoint, 'fd'), { recursive: true });
      // devfs_rules' jail ruleset unhides pts/*: a terminal's /dev/pts/N is there for tty(1) and ttyname(3).
      mkdirSync(join(entry.mountPoint, 'pts'), { recursive: true });
      mountCommand(['--bind', '/dev/pts', join(entry.mountPoint, 'pts')]);
      return undefined;
    }
    default:
      return undefined;
  }
}

export function performUnmount(entry: MountEntry): string | undefined {
  if (!['nullfs', 'tmpfs', 'devfs'].includes(entry.type)) return undefined;
  const result = spawnSync(NAMESPACE_TOOL, ['umount', '-l', entry.mountPoint], { encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr.trim();
}

/** mount -p: fstab(5) lines with mount(8)'s tab alignment. */
export function fstabLine(entry: MountEntry): string {
  const pad = (text: string) => `${text}${text.length < 8 ? '\t' : ''}${text.length < 16 ? '\t' : ''}${text.length < 24 ? '\t' : ' '}`;
  return `${pad(entry.device)}${pad(entry.mountPoint)}${entry.type}\t${entry.options}${entry.options.length < 8 ? '\t' : ' '}\t0 0`;
}
