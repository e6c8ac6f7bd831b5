/**
 * zfs(8) on the simulated pool: list, get, set, create, snapshot, clone, destroy, mount, and send/receive
 * (zfsStream.ts). A filesystem's data is its mountpoint directory; snapshots keep a copy, and clones start
 * from it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ToolExit, usage } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { diskFullAt } from './runtime/faults';
import { NAMESPACE_TOOL } from './kernel/jailProcesses';
import { Dataset, filesystem, readDatasets, SNAPSHOT_STORE, writeDatasets } from './host/zfsState';
import { ALL_PROPERTIES, propertyOf } from './zfsProperties';
import { printTable } from './runtime/table';
import { newGuid, receive, send } from './zfsStream';

export const USAGE = 'usage: zfs command args ...\nwhere \'command\' is one of the following:\n\n\tcreate [-Pnpuv] [-o property=value] ... <filesystem>\n\tdestroy [-fnpRrv] <filesystem|volume>\n\tsnapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ...\n\tclone [-p] [-o property=value] ... <snapshot> <filesystem|volume>\n\tsend [-DLPbcehnpsvw] [-i|-I snapshot]\n\t     [-R [-X dataset[,dataset]...]]     <snapshot>\n\treceive [-vMnsFhu] [-o <property>=<value>] ... [-x <property>] ...\n\t    <filesystem|volume|snapshot>\n\treceive [-vMnsFhu] [-o <property>=<value>] ... [-x <property>] ... \n\t    [-d | -e] <filesystem>\n\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n\tset <property=value> ... <filesystem|volume|snapshot> ...\n\tget [-rHp] [-d max] [-o "all" | field[,...]]\n\t    [-t type[,...]] [-s source[,...]]\n\t    <"all" | property[,...]> [filesystem|volume|snapshot] ...';
const NUMERIC = new Set(['used', 'available', 'avail', 'referenced', 'refer']);
const HEADINGS: Record<string, string> = { available: 'AVAIL', referenced: 'REFER', compressratio: 'RATIO' };

// Filesystems by name, each followed by its snapshots in creation order (the stored order), then its children.
const compareNames = (a: string, b: string) => {
  const key = (name: string) => name.replace(/@.*/, '\u0001').replace(/\//g, '\u0002');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};
export const snapshotStore = (name: string) => join(SNAPSHOT_STORE, name.replace(/\//g, '%'));
export const copyTree = (from: string, to: string) => {
  mkdirSync(to, { recursive: true });
  spawnSync(NAMESPACE_TOOL, ['cp', '-a', `${from}/.`, to]);
};

export function find(datasets: Dataset[], name: string): Dataset {
  const dataset = datasets.find((candidate) => candidate.name === name);
  if (!dataset) cannot(`cannot open '${name}': dataset does not exist`);
  return dataset;
}

export function cannot(message: string): never {
  process.stderr.write(`${message}\n`);
  throw new ToolExit(1);
}

function descendants(datasets: Dataset[], name: string): Dataset[] {
  return datasets.filter((candidate) => candidate.name.startsWith(`${name}/`) || candidate.name.startsWith(`${name}@`));
}

function parentMountpoint(datasets: Dataset[], name: string): string {
  const parent = datasets.find((candidate) => candidate.name === name.slice(0, name.lastIndexOf('/')));
  const base = parent?.mountpoint.startsWith('/') ? parent.mountpoint : `/${name.slice(0, name.lastIndexOf('/'))}`;
  return `${base === '/' ? '' : base}/${name.slice(name.lastIndexOf('/') + 1)}`;
}

/** Whether the pool has no room for a new dataset (or more data in one): the disk-full switch covers where it mounts. */
export function outOfSpace(datasets: Dataset[], name: string, mountpoint: string): boolean {
  return diskFullAt(mountpoint.startsWith('/') ? mountpoint : parentMountpoint(datasets, name));
}

function settings(options: Array<{ flag: string; value?: string }>): Record<string, string> {
  return Object.fromEntries(options.filter((option) => option.flag === 'o').map((option) => (option.value ?? '').split(/=(.*)/s, 2)));
}

export function createFilesystem(datasets: Dataset[], name: string, createParents: boolean, properties: Record<string, string>, origin?: string): Dataset {
  if (datasets.some((candidate) => candidate.name === name)) cannot(`cannot create '${name}': dataset already exists`);
  const parent = name.slice(0, name.lastIndexOf('/'));
  if (!datasets.some((candidate) => candidate.name === parent)) {
    if (!createParents) cannot(`cannot create '${name}': parent does not exist`);
    createFilesystem(datasets, parent, true, {});
  }
  const mountpoint = properties.mountpoint ?? parentMountpoint(datasets, name);
  if (outOfSpace(datasets, name, mountpoint)) cannot(`cannot create '${name}': out of space`);
  const dataset = filesystem(name, mountpoint, Math.floor(Date.now() / 1000), properties);
  if (origin) dataset.origin = origin;
  datasets.push(dataset);
  if (dataset.mounted) mkdirSync(mountpoint, { recursive: true });
  return dataset;
}

function list(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'Hpro:d:s:S:t:', USAGE);
  const datasets = readDatasets().sort((a, b) => compareNames(a.name, b.name));
  const columns = (lastValue(parsed, 'o') ?? 'name,used,avail,refer,mountpoint').split(',');
  const types = (lastValue(parsed, 't') ?? (parsed.operands.some((name) => name.includes('@')) ? 'all' : 'filesystem,volume')).split(',');
  const depth = lastValue(parsed, 'd') !== undefined ? Number(lastValue(parsed, 'd')) : hasFlag(parsed, 'r') ? Infinity : 0;
  let selected = datasets;
  if (parsed.operands.length > 0) {
    selected = parsed.operands.flatMap((name) => {
      const root = find(datasets, name);
      const levels = (candidate: Dataset) => candidate.name.split(/[/@]/).length - root.name.split(/[/@]/).length;
      return [root, ...descendants(datasets, name).filter((candidate) => levels(candidate) <= depth)];
    });
  }
  if (datasets.length === 0) {
    process.stderr.write('no datasets available\n');
    throw new ToolExit(0);
  }
  selected = selected.filter((dataset) => types.includes('all') || types.includes(dataset.type) || (types.includes('snap') && dataset.type === 'snapshot'));
  const rows = selected.map((dataset) => columns.map((column) => propertyOf(dataset, column, datasets, hasFlag(parsed, 'p'))?.value ?? '-'));
  printTable(columns.map((column) => HEADINGS[column] ?? column.toUpperCase()), rows, {
    scripted: hasFlag(parsed, 'H'), rightAligned: columns.map((column) => NUMERIC.has(column)),
  });
}

function get(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'rHpd:o:s:t:', USAGE);
  const [propertyList, ...names] = parsed.operands;
  if (propertyList === undefined) usage(USAGE, 2);
  const datasets = readDatasets().sort((a, b) => compareNames(a.name, b.name));
  const fields = (lastValue(parsed, 'o') ?? 'name,property,value,source').split(',');
  const properties = propertyList === 'all' ? ALL_PROPERTIES : propertyList.split(',');
  const targets = names.length === 0 ? datasets : names.flatMap((name) => [find(datasets, name), ...(hasFlag(parsed, 'r') ? descendants(datasets, name) : [])]);
  const rows: string[][] = [];
  for (const dataset of targets) {
    for (const property of properties) {
      const found = propertyOf(dataset, property, datasets, hasFlag(parsed, 'p'));
      if (!found && propertyList !== 'all') cannot(`bad property list: invalid property '${property}'`);
      const cells: Record<string, string> = { name: dataset.name, property, value: found?.value ?? '-', source: found?.source ?? '-' };
      rows.push(fields.map((field) => cells[field] ?? '-'));
    }
  }
  printTable(fields.map((field) => field.toUpperCase()), rows, { scripted: hasFlag(parsed, 'H'), rightAligned: fields.map(() => false) });
}

export function requireRoot(): void {
  if (process.geteuid?.() !== 0) cannot('cannot perform this operation: permission denied');
}

function snapshot(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'ro:', USAGE);
  requireRoot();
  withStateLock(() => {
    const datasets = readDatasets();
    for (const name of parsed.operands) {
      const [base, snap] = name.split('@');
      if (!snap) cannot(`cannot create snapshot '${name}': missing '@' delimiter in snapshot name`);
      const sources = [find(datasets, base), ...(hasFlag(parsed, 'r') ? descendants(datasets, base).filter((d) => d.type === 'filesystem') : [])];
      for (const source of sources) {
        const snapName = `${source.name}@${snap}`;
        if (datasets.some((candidate) => candidate.name === snapName)) cannot(`cannot create snapshot '${snapName}': dataset already exists`);
        if (source.mounted) copyTree(source.mountpoint, snapshotStore(snapName));
        datasets.push({ ...source, name: snapName, type: 'snapshot', mountpoint: '-', mounted: false, creation: Math.floor(Date.now() / 1000), used: 0, properties: {}, guid: newGuid() });
      }
    }
    writeDatasets(datasets);
  });
}

function clone(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'po:', USAGE);
  const [source, target] = parsed.operands;
  if (source === undefined || target === undefined) usage(USAGE, 2);
  requireRoot();
  withStateLock(() => {
    const datasets = readDatasets();
    const origin = find(datasets, source);
    if (origin.type !== 'snapshot') cannot(`cannot create '${target}': snapshot name expected`);
    const created = createFilesystem(datasets, target, hasFlag(parsed, 'p'), settings(parsed.options), source);
    if (created.mounted) copyTree(snapshotStore(source), created.mountpoint);
    writeDatasets(datasets);
  });
}

function create(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'Pnpuvo:', USAGE);
  if (parsed.operands.length !== 1) usage(USAGE, 2);
  requireRoot();
  withStateLock(() => {
    const datasets = readDatasets();
    // zfs_do_create: with -p, a target that already exists is not an error (zfs create -p is idempotent).
    if (hasFlag(parsed, 'p') && datasets.some((candidate) => candidate.name === parsed.operands[0])) return;
    createFilesystem(datasets, parsed.operands[0], hasFlag(parsed, 'p'), settings(parsed.options));
    writeDatasets(datasets);
  });
}

function destroy(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'fnpRrv', USAGE);
  const [name] = parsed.operands;
  if (name === undefined) usage(USAGE, 2);
  requireRoot();
  withStateLock(() => {
    const datasets = readDatasets();
    const target = find(datasets, name);
    const children = target.type === 'snapshot' ? [] : descendants(datasets, name);
    const clones = datasets.filter((candidate) => candidate.origin === name || children.some((child) => candidate.origin === child.name));
    if (children.length > 0 && !hasFlag(parsed, 'r') && !hasFlag(parsed, 'R')) {
      cannot(`cannot destroy '${name}': filesystem has children\nuse '-r' to destroy the following datasets:\n${children.map((c) => c.name).join('\n')}`);
    }
    if (clones.length > 0 && !hasFlag(parsed, 'R')) {
      cannot(`cannot destroy '${name}': ${target.type === 'snapshot' ? 'snapshot' : 'filesystem'} has dependent clones\nuse '-R' to destroy the following datasets:\n${clones.map((c) => c.name).join('\n')}`);
    }
    if (target.mountpoint === '/') cannot("cannot unmount '/': pool or dataset is busy");
    const doomed = [target, ...children, ...clones];
    for (const dataset of doomed) {
      if (dataset.type === 'snapshot') rmSync(snapshotStore(dataset.name), { recursive: true, force: true });
      else if (dataset.mounted) rmSync(dataset.mountpoint, { recursive: true, force: true });
    }
    writeDatasets(datasets.filter((dataset) => !doomed.includes(dataset)));
  });
}

function set(argv: string[]): void {
  const [assignment, ...names] = argv;
  if (!assignment?.includes('=') || names.length === 0) usage(USAGE, 2);
  requireRoot();
  const [property, value] = assignment.split(/=(.*)/s, 2);
  withStateLock(() => {
    const datasets = readDatasets();
    for (const name of names) {
      const dataset = find(datasets, name);
      dataset.properties[property] = value;
      if (property === 'mountpoint') Object.assign(dataset, { mountpoint: value, mounted: value.startsWith('/') });
    }
    writeDatasets(datasets);
  });
}

function mounted(): void {
  const rows = readDatasets().filter((dataset) => dataset.mounted).map((dataset) => [dataset.name, dataset.mountpoint]);
  printTable(['', ''], rows, { scripted: false, rightAligned: [false, false], noHeader: true });
}

export function runZfs(argv: string[]): void | Promise<void> {
  const [command, ...rest] = argv;
  const commands: Record<string, (args: string[]) => void | Promise<void>> = {
    list, get, snapshot, snap: snapshot, clone, create, destroy, set, mount: mounted, send, receive, recv: receive,
  };
  if (command === undefined) usage(USAGE, 2);
  const implementation = commands[command];
  if (!implementation) {
    process.stderr.write(`unrecognized command '${command}'\n`);
    usage(USAGE, 2);
  }
  return implementation(rest);
}
