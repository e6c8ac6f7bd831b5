/** zpool(8) list, get and status of the simulated host's one pool, zroot. */
import { ToolExit, usage } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { printTable } from './runtime/table';
import { readDatasets } from './host/zfsState';
import { hostConfig } from './runtime/stateStore';
import { available, niceNumber, POOL_SIZE } from './zfsProperties';

const USAGE = "usage: zpool command args ...\nwhere 'command' is one of the following:\n\n\tlist [-gHLpPv] [-o property[,...]] [-T d|u] [pool] ... [interval [count]]\n\tstatus [-c [script1,script2,...]] [-igLpPstvxD]  [-T d|u] [pool] ... [interval [count]]\n\tget [-Hp] [-o \"all\" | field[,...]] <\"all\" | property[,...]> <pool> ...";
const POOL = 'zroot';

function poolProperties(exact: boolean): Record<string, string> {
  const free = available(readDatasets()) + 1073741824;
  const allocated = POOL_SIZE - free;
  const size = (value: number) => (exact ? String(value) : niceNumber(value));
  return {
    name: POOL, size: size(POOL_SIZE), alloc: size(allocated), allocated: size(allocated), free: size(free), ckpoint: '-',
    expandsz: '-', frag: exact ? '3' : '3%', fragmentation: exact ? '3' : '3%', cap: exact ? String(Math.round((allocated / POOL_SIZE) * 100)) : `${Math.round((allocated / POOL_SIZE) * 100)}%`,
    capacity: `${Math.round((allocated / POOL_SIZE) * 100)}%`, dedup: exact ? '1.00' : '1.00x', dedupratio: '1.00x', health: 'ONLINE', altroot: '-',
  };
}

function requirePool(names: string[]): void {
  if (!hostConfig().zfs && names.length === 0) {
    process.stderr.write('no pools available\n');
    throw new ToolExit(0);
  }
  for (const name of names) {
    if (name !== POOL || !hostConfig().zfs) {
      process.stderr.write(`cannot open '${name}': no such pool\n`);
      throw new ToolExit(1);
    }
  }
}

function list(argv: string[]): void {
  const parsed = parseOptions('zpool', argv, 'gHLpPvo:T:', USAGE);
  requirePool(parsed.operands);
  const columns = (lastValue(parsed, 'o') ?? 'name,size,alloc,free,ckpoint,expandsz,frag,cap,dedup,health,altroot').split(',');
  const values = poolProperties(hasFlag(parsed, 'p'));
  printTable(columns.map((column) => column.toUpperCase()), [columns.map((column) => values[column] ?? '-')], {
    scripted: hasFlag(parsed, 'H'), rightAligned: columns.map((column) => !['name', 'health', 'altroot'].includes(column)),
  });
}

function get(argv: string[]): void {
  const parsed = parseOptions('zpool', argv, 'Hpo:', USAGE);
  const [propertyList, ...pools] = parsed.operands;
  if (propertyList === undefined) usage(USAGE, 2);
  requirePool(pools);
  const values = poolProperties(hasFlag(parsed, 'p'));
  const properties = propertyList === 'all' ? ['size', 'capacity', 'health', 'allocated', 'free', 'fragmentation', 'dedupratio'] : propertyList.split(',');
  const rows = properties.map((property) => [POOL, property, values[property] ?? '-', '-']);
  printTable(['NAME', 'PROPERTY', 'VALUE', 'SOURCE'], rows, { scripted: hasFlag(parsed, 'H'), rightAligned: [false, false, false, false] });
}

function status(argv: string[]): void {
  const parsed = parseOptions('zpool', argv, 'c:igLpPstvxDT:', USAGE);
  requirePool(parsed.operands);
  process.stdout.write(`  pool: ${POOL}\n state: ONLINE\nconfig:\n\n\tNAME        STATE     READ WRITE CKSUM\n\t${POOL}       ONLINE       0     0     0\n\t  vtbd0p4   ONLINE       0     0     0\n\nerrors: No known data errors\n`);
}

export function runZpool(argv: string[]): void {
  const [command, ...rest] = argv;
  const commands: Record<string, (args: string[]) => void> = { list, get, status };
  if (command === undefined || !commands[command]) {
    if (command !== undefined) process.stderr.write(`unrecognized command '${command}'\n`);
    usage(USAGE, 2);
  }
  commands[command](rest);
}
