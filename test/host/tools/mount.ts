/**
 * mount(8): list mounted file systems (plain and -p fstab form) and mount nullfs, tmpfs, devfs, procfs and
 * fdescfs in the simulated host, sharing the table jail(8) uses.
 */
import { existsSync, statSync } from 'node:fs';
import { fail } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { allMounts, fstabLine, MountEntry, performMount, recordedMounts, writeRecordedMounts } from './host/mountTable';

const USAGE = 'usage: mount [-adflpruvw] [-F fstab] [-o options] [-t ufs | external_type]\n       mount [-dfpruvw] special | node\n       mount [-dfpruvw] [-o options] [-t ufs | external_type] special node';
const LOCAL_TYPES = new Set(['zfs', 'ufs', 'nullfs', 'tmpfs', 'procfs', 'fdescfs']);
const SUPPORTED = new Set(['nullfs', 'tmpfs', 'devfs', 'procfs', 'fdescfs']);

function describe(entry: MountEntry): string {
  const words = [entry.type, ...(LOCAL_TYPES.has(entry.type) ? ['local'] : [])];
  for (const option of entry.options.split(',')) {
    if (option === 'ro') words.push('read-only');
    else if (option !== 'rw' && !option.startsWith('ruleset=')) words.push(option);
  }
  return `${entry.device} on ${entry.mountPoint} (${words.join(', ')})`;
}

export function runMount(argv: string[]): void {
  const parsed = parseOptions('mount', argv, 'adF:flo:prt:uvw', USAGE);
  if (parsed.operands.length === 0) {
    const lines = allMounts().map((entry) => (hasFlag(parsed, 'p') ? fstabLine(entry) : describe(entry)));
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    return;
  }
  const type = lastValue(parsed, 't') ?? 'ufs';
  const [device, mountPoint] = parsed.operands.length === 1 ? ['', parsed.operands[0]] : parsed.operands;
  const program = `mount_${type}`;
  if (!SUPPORTED.has(type)) fail(type === 'ufs' ? 'mount' : program, `${parsed.operands[0]}: Operation not supported by device`);
  if (process.geteuid?.() !== 0) fail(program, `${mountPoint}: Operation not permitted`);
  if (type === 'nullfs' && !existsSync(device)) fail(program, `${device}: No such file or directory`);
  if (!existsSync(mountPoint) || !statSync(mountPoint).isDirectory()) fail(program, `${mountPoint}: No such file or directory`);
  const options = [...(hasFlag(parsed, 'r') ? ['ro'] : []), ...parsed.options.filter((option) => option.flag === 'o').flatMap((option) => (option.value ?? '').split(','))];
  const entry: MountEntry = { device: type === 'nullfs' ? device : device === '.' || device === '' ? type : device, mountPoint, type,
    options: type === 'devfs' ? 'rw,multilabel' : options.includes('ro') ? 'ro' : 'rw' };
  const failure = performMount(entry);
  if (failure) fail(program, `${mountPoint}: ${failure}`);
  withStateLock(() => writeRecordedMounts([...recordedMounts(), entry]));
}
