/**
 * zfs send and zfs receive on the simulated pool: a snapshot (with -i/-I, incrementally; with -R, a
 * filesystem's tree and every snapshot up to the one named) travels as a stream on stdout/stdin. The
 * stream is the simulator's own, framed like ZFS's: each snapshot starts with a 312-byte DRR_BEGIN record
 * (DMU_BACKUP_MAGIC, to and from GUIDs, toname) followed by the snapshot's metadata and a tar of its files,
 * and a DRR_END record closes it. Messages are libzfs_sendrecv.c's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ToolExit, usage } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { NAMESPACE_TOOL } from './kernel/jailProcesses';
import { Dataset, readDatasets, writeDatasets } from './host/zfsState';
import { cannot, createFilesystem, find, outOfSpace, requireRoot, snapshotStore, USAGE } from './zfs';

const BEGIN_RECORD_SIZE = 312;
const DRR_BEGIN = 0;
const DRR_END = 2;
const DMU_BACKUP_MAGIC = 0x2f5bacbacn;
const TONAME_OFFSET = 56;

interface SnapshotMeta {
  /** Full name of the snapshot on the sending side. */
  toname: string;
  toguid: string;
  /** "0" for a full stream. */
  fromguid: string;
  creation: number;
  properties: Record<string, string>;
}

/** A snapshot's GUID: kept on the dataset, or derived from its name and creation for older ones. */
function guidOf(snapshot: Dataset): string {
  if (snapshot.guid) return snapshot.guid;
  return BigInt(`0x${createHash('sha256').update(`${snapshot.name}@${snapshot.creation}`).digest('hex').slice(0, 15)}`).toString();
}

export function newGuid(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
}

function beginRecord(meta: SnapshotMeta): Buffer {
  const record = Buffer.alloc(BEGIN_RECORD_SIZE);
  record.writeUInt32LE(DRR_BEGIN, 0);
  record.writeBigUInt64LE(DMU_BACKUP_MAGIC, 8);
  record.writeBigUInt64LE(0x11n, 16);
  record.writeBigUInt64LE(BigInt(meta.creation), 24);
  record.writeUInt32LE(2, 32);
  record.writeBigUInt64LE(BigInt(meta.toguid), 40);
  record.writeBigUInt64LE(BigInt(meta.fromguid), 48);
  record.write(meta.toname.slice(0, 255), TONAME_OFFSET, 'utf8');
  return record;
}

function endRecord(): Buffer {
  const record = Buffer.alloc(BEGIN_RECORD_SIZE);
  record.writeUInt32LE(DRR_END, 0);
  return record;
}

function tarOf(directory: string): Buffer {
  mkdirSync(directory, { recursive: true });
  const result = spawnSync(NAMESPACE_TOOL, ['tar', '-c', '-f', '-', '-C', directory, '.'], { maxBuffer: 1 << 30 });
  return result.stdout;
}

function frame(meta: SnapshotMeta, data: Buffer): Buffer {
  const metaText = Buffer.from(JSON.stringify(meta));
  const metaLength = Buffer.alloc(4);
  metaLength.writeUInt32LE(metaText.length);
  const dataLength = Buffer.alloc(8);
  dataLength.writeBigUInt64LE(BigInt(data.length));
  return Buffer.concat([beginRecord(meta), metaLength, metaText, dataLength, data]);
}

/** zfs_nicenum: 416, 12.5K, 1.23M. */
function nicenum(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) { value /= 1024; index++; }
  if (index === 0) return String(bytes);
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)}${units[index]}`;
}

function snapshotsOf(datasets: Dataset[], filesystem: string): Dataset[] {
  return datasets.filter((candidate) => candidate.type === 'snapshot' && candidate.name.startsWith(`${filesystem}@`))
    .sort((a, b) => a.creation - b.creation || datasets.indexOf(a) - datasets.indexOf(b));
}

/** The snapshots a send covers, each with the one it is incremental from (undefined for a full one). */
function plan(datasets: Dataset[], target: Dataset, from: Dataset | undefined, intermediates: boolean, replicate: boolean): Array<[Dataset, Dataset | undefined]> {
  const [base, snap] = target.name.split('@');
  const filesystems = replicate ? datasets.filter((candidate) => candidate.type === 'filesystem' && (candidate.name === base || candidate.name.startsWith(`${base}/`))) : [find(datasets, base)];
  const steps: Array<[Dataset, Dataset | undefined]> = [];
  for (const filesystem of filesystems) {
    const snapshots = snapshotsOf(datasets, filesystem.name);
    const last = snapshots.findIndex((candidate) => candidate.name === `${filesystem.name}@${snap}`);
    if (last < 0) continue;
    const fromName = from ? `${filesystem.name}@${from.name.split('@')[1]}` : undefined;
    const first = fromName ? snapshots.findIndex((candidate) => candidate.name === fromName) : -1;
    const covered = replicate || intermediates ? snapshots.slice(first + 1, last + 1) : [snapshots[last]];
    covered.forEach((snapshot, index) => steps.push([snapshot, index === 0 ? (first >= 0 ? snapshots[first] : undefined) : covered[index - 1]]));
  }
  return steps;
}

export function send(argv: string[]): void {
  const parsed = parseOptions('zfs', argv, 'DLPbcehnpsvwRi:I:', USAGE);
  const [name] = parsed.operands;
  if (name === undefined || parsed.operands.length > 1) usage(USAGE, 2);
  const datasets = readDatasets();
  const target = find(datasets, name);
  if (target.type !== 'snapshot') cannot(`cannot send '${name}': operation not applicable to datasets of this type`);
  const fromWord = lastValue(parsed, 'i') ?? lastValue(parsed, 'I');
  const fromName = fromWord === undefined ? undefined : fromWord.startsWith('@') ? `${name.split('@')[0]}${fromWord}` : fromWord;
  const from = fromName === undefined ? undefined : find(datasets, fromName);
  const steps = plan(datasets, target, from, hasFlag(parsed, 'I'), hasFlag(parsed, 'R'));
  const dryRun = hasFlag(parsed, 'n');
  if (!dryRun && process.stdout.isTTY) {
    process.stderr.write('Error: Stream can not be written to a terminal.\nYou must redirect standard output.\n');
    throw new ToolExit(1);
  }
  const frames = steps.map(([snapshot, base]) => frame({
    toname: snapshot.name, toguid: guidOf(snapshot), fromguid: base ? guidOf(base) : '0', creation: snapshot.creation, properties: snapshot.properties,
  }, tarOf(snapshotStore(snapshot.name))));
  const report = hasFlag(parsed, 'v') || hasFlag(parsed, 'P');
  if (report) {
    const lines = steps.map(([snapshot, base], index) => (hasFlag(parsed, 'P')
      ? `${base ? `incremental\t${base.name.split('@')[1]}` : 'full'}\t${snapshot.name}\t${frames[index].length}`
      : `${base ? `send from @${base.name.split('@')[1]} to` : 'full send of'} ${snapshot.name} estimated size is ${nicenum(frames[index].length)}`));
    const total = frames.reduce((sum, data) => sum + data.length, 0);
    lines.push(hasFlag(parsed, 'P') ? `size\t${total}` : `total estimated size is ${nicenum(total)}`);
    if (!dryRun && hasFlag(parsed, 'v')) lines.push(`TIME        SENT   SNAPSHOT ${name}`);
    process.stderr.write(`${lines.join('\n')}\n`);
  }
  if (dryRun) return;
  process.stdout.write(Buffer.concat([...frames, endRecord()]));
}

interface Received { meta: SnapshotMeta; data: Buffer }

function readStream(input: Buffer): Received[] {
  const received: Received[] = [];
  let offset = 0;
  for (;;) {
    if (input.length - offset < BEGIN_RECORD_SIZE) cannot('cannot receive: failed to read from stream');
    const type = input.readUInt32LE(offset);
    if (type === DRR_END && received.length > 0) return received;
    if (type !== DRR_BEGIN || input.readBigUInt64LE(offset + 8) !== DMU_BACKUP_MAGIC) cannot('cannot receive: invalid stream (bad magic number)');
    offset += BEGIN_RECORD_SIZE;
    const metaLength = input.readUInt32LE(offset);
    const meta = JSON.parse(input.subarray(offset + 4, offset + 4 + metaLength).toString('utf8')) as SnapshotMeta;
    offset += 4 + metaLength;
    const dataLength = Number(input.readBigUInt64LE(offset));
    offset += 8;
    received.push({ meta, data: input.subarray(offset, offset + dataLength) });
    offset += dataLength;
  }
}

function extract(data: Buffer, directory: string): void {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  spawnSync(NAMESPACE_TOOL, ['tar', '-x', '-f', '-', '-C', directory], { input: data, maxBuffer: 1 << 30 });
}

interface ReceiveFlags { force: boolean; verbose: boolean; dryRun: boolean; properties: Record<string, string> }

/** Receives one snapshot into filesystem `destination` (snapshot named `snapName`). */
function receiveOne(datasets: Dataset[], { meta, data }: Received, destination: string, snapName: string, flags: ReceiveFlags): void {
  const incremental = meta.fromguid !== '0';
  const errorPrefix = incremental ? 'cannot receive incremental stream' : 'cannot receive new filesystem stream';
  let filesystem = datasets.find((candidate) => candidate.name === destination);
  if (filesystem && !incremental) {
    if (!flags.force) cannot(`${errorPrefix}: destination '${destination}' exists\nmust specify -F to overwrite it`);
    const existing = snapshotsOf(datasets, destination)[0];
    if (existing) cannot(`${errorPrefix}: destination has snapshots (eg. ${existing.name})\nmust destroy them to overwrite it`);
  }
  if (!filesystem && incremental) cannot(`${errorPrefix}: destination '${destination}' does not exist`);
  if (!filesystem && !destination.includes('/')) cannot(`${errorPrefix}: destination '${destination}' does not exist`);
  if (!filesystem && !datasets.some((candidate) => candidate.name === destination.slice(0, destination.lastIndexOf('/')))) {
    cannot(`${errorPrefix}: dataset does not exist`);
  }
  if (incremental) {
    const latest = snapshotsOf(datasets, destination).pop();
    if (!latest || guidOf(latest) !== meta.fromguid) cannot(`${errorPrefix}: most recent snapshot of ${destination} does not\nmatch incremental source`);
  }
  const snapshotName = `${destination}@${snapName}`;
  if (datasets.some((candidate) => candidate.name === snapshotName)) cannot(`cannot restore to ${snapshotName}: destination already exists`);
  if (flags.verbose) process.stdout.write(`${flags.dryRun ? 'would receive' : 'receiving'} ${incremental ? 'incremental' : 'full'} stream of ${meta.toname} into ${snapshotName}\n`);
  if (flags.dryRun) return;
  if (outOfSpace(datasets, destination, filesystem?.mountpoint ?? flags.properties.mountpoint ?? '-')) cannot(`${errorPrefix}: out of space`);
  filesystem ??= createFilesystem(datasets, destination, false, flags.properties);
  if (filesystem.mounted) extract(data, filesystem.mountpoint);
  extract(data, snapshotStore(snapshotName));
  datasets.push({ ...filesystem, name: snapshotName, type: 'snapshot', mountpoint: '-', mounted: false, creation: meta.creation, used: 0,
    properties: { ...meta.properties }, guid: meta.toguid, origin: '-' });
  if (flags.verbose) process.stdout.write(`received ${nicenum(data.length)}B stream in 1 seconds (${nicenum(data.length)}B/sec)\n`);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function receive(argv: string[]): Promise<void> {
  const parsed = parseOptions('zfs', argv, 'vMnsFhuAdeo:x:', USAGE);
  const [target] = parsed.operands;
  if (target === undefined || parsed.operands.length > 1) usage(USAGE, 2);
  if (process.stdin.isTTY) {
    process.stderr.write('Error: Backup stream can not be read from a terminal.\nYou must redirect standard input.\n');
    throw new ToolExit(1);
  }
  requireRoot();
  const flags: ReceiveFlags = {
    force: hasFlag(parsed, 'F'), verbose: hasFlag(parsed, 'v'), dryRun: hasFlag(parsed, 'n'),
    properties: Object.fromEntries(parsed.options.filter((option) => option.flag === 'o').map((option) => (option.value ?? '').split(/=(.*)/s, 2))),
  };
  const stream = readStream(await readStdin());
  withStateLock(() => {
    const datasets = readDatasets();
    const [targetFilesystem, targetSnap] = target.split('@');
    if ((hasFlag(parsed, 'd') || hasFlag(parsed, 'e')) && !datasets.some((candidate) => candidate.name === targetFilesystem)) {
      cannot(`cannot receive: specified fs (${targetFilesystem}) does not exist`);
    }
    const sentTop = stream[0].meta.toname.split('@')[0];
    for (const item of stream) {
      const [sentFilesystem, sentSnap] = item.meta.toname.split('@');
      const below = sentFilesystem.slice(sentTop.length);
      let destination = `${targetFilesystem}${below}`;
      if (hasFlag(parsed, 'e')) destination = `${targetFilesystem}/${sentTop.slice(sentTop.lastIndexOf('/') + 1)}${below}`;
      if (hasFlag(parsed, 'd')) destination = `${targetFilesystem}/${sentFilesystem.split('/').slice(1).join('/')}`;
      receiveOne(datasets, item, destination, stream.length === 1 && targetSnap ? targetSnap : sentSnap, flags);
    }
    if (!flags.dryRun) writeDatasets(datasets);
  });
}
