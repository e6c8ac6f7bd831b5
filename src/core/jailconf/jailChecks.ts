// Checks that look at several parameters or several jails: vnet with IP restrictions (kernel), mounts
// without a path and dependencies on unknown jails or in a circle (jail(8)), numeric names (kernel), a jail
// that jail(8) cannot create for want of persist or a command, and children whose parent allows none.
import type { BlockStatement } from './ast';
import { JailIdentity, JailParams, LookedParam, nameSpotOf } from './jailParams';
import { ProblemSpot, Reporter } from './report';
import { booleanValue } from './values';

/** config.c bool_param(): set, and its `no` prefix and value do not cancel out. */
function isTrue(param: LookedParam | undefined): boolean {
  if (!param) return false;
  const last = param.name.slice(param.name.lastIndexOf('.') + 1);
  const value = param.values.length ? booleanValue(param.values[param.values.length - 1].text) ?? false : true;
  return last.startsWith('no') !== value;
}

function nameSpot(jail: JailIdentity, param?: LookedParam): ProblemSpot | undefined {
  const spot = param && nameSpotOf(param);
  if (spot) return spot;
  const block = jail.config.block;
  return block ? { file: jail.config.file, start: block.name.start, end: block.name.end } : undefined;
}

/** MAXHOSTNAMELEN less its NUL: the longest full name the kernel takes. */
const maxNameBytes = 255;

/** Where a file has lexer or parser errors; a jail's block holding one may be missing what was meant. */
export type BrokenAt = (file: string, start: number, end: number) => boolean;

const addressNames = ['ip4.addr', 'ip6.addr', 'ip4', 'ip6'] as const;
const mountNames = ['mount.devfs', 'mount.fdescfs', 'mount.procfs'] as const;
const commandNames = ['exec.start', 'command', 'exec.poststart'] as const;

function hasCommand(params: JailParams): boolean {
  for (const name of commandNames) if (params.get(name)) return true;
  return false;
}

/** Where a jail's block names it; made only for a problem to report. */
function blockSpotOf(jail: JailIdentity, block: BlockStatement): ProblemSpot {
  return { file: jail.config.file, start: block.name.start, end: block.name.end };
}

function checkOne(params: JailParams, report: Reporter, all: readonly JailParams[], indexByName: ReadonlyMap<string, number>, broken: BrokenAt): void {
  const { jail } = params;
  const vnet = params.get('vnet');
  if (vnet) {
    for (const ip of addressNames) {
      const param = params.addressParams?.find((p) => p.name === ip);
      const spot = nameSpot(jail, param);
      if (param && spot) report.addForJail('vnet-ip-conflict', jail.name, spot, `vnet jails cannot have IP address restrictions: remove ${ip} or vnet`);
    }
  }
  if (!params.get('path')) {
    for (const mount of mountNames) {
      const param = params.get(mount);
      const spot = nameSpot(jail, param);
      if (param && isTrue(param) && spot) report.addForJail('mount-no-path', jail.name, spot, `${mount}: no path`);
    }
  }
  const block = jail.config.block;
  if (!block) return;
  const name = params.get('name')?.values.at(-1)?.text ?? jail.name;
  const jid = params.get('jid')?.values.at(-1)?.text;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (/^[0-9]+$/.test(last) && (last === '0' || last.startsWith('0') || (jid !== undefined && Number.parseInt(jid, 10) !== Number(last)))) {
    report.addForJail('numeric-name', jail.name, blockSpotOf(jail, block), 'name cannot be numeric (unless it is the jid)');
  }
  // The name a block gives has no value of its own to point at (one written as `name = …` is checked with the other values).
  if (params.get('name')?.file === undefined && name.length > maxNameBytes / 3 && Buffer.byteLength(name, 'utf8') > maxNameBytes) {
    report.addForJail('value-too-long', jail.name, blockSpotOf(jail, block), `name is longer than ${maxNameBytes} bytes (jail_set: File name too long)`);
  }
  const intact = !broken(jail.config.file, block.start, block.end);
  if (intact && !isTrue(params.get('persist')) && !hasCommand(params)) {
    report.addForJail('no-persist-or-command', jail.name, blockSpotOf(jail, block), 'neither persist nor exec.start is set, so "jail -c" cannot create this jail (new jail must persist or attach)');
  }
  const dot = jail.name.lastIndexOf('.');
  const parentIndex = dot > 0 ? indexByName.get(jail.name.slice(0, dot)) : undefined;
  const parent = parentIndex === undefined ? undefined : all[parentIndex];
  if (parent) {
    const max = parent.get('children.max')?.values.at(-1)?.text;
    if (max === undefined || !(Number.parseInt(max, 10) > 0)) {
      report.addForJail('parent-children-max', jail.name, blockSpotOf(jail, block), `its parent "${parent.jail.name}" does not set children.max above 0, so creating it fails (prison limit exceeded)`);
    }
  } else if (dot > 0) {
    const missing = jail.name.slice(0, dot);
    report.addForJail('parent-not-defined', jail.name, blockSpotOf(jail, block), `its parent "${missing}" is not defined in this file, so creating it fails unless "${missing}" already runs (jail "${missing}" not found)`);
  }
}

const noTargets: readonly number[] = [];

function checkDependencies(all: readonly JailParams[], report: Reporter, indexByName: ReadonlyMap<string, number>): void {
  const edges: (readonly number[])[] = [];
  for (const params of all) {
    const { jail } = params;
    const depend = params.get('depend');
    // Most jails depend on nothing, or on one jail: no list is made for the first.
    if (!depend) {
      edges.push(noTargets);
      continue;
    }
    const targets: number[] = [];
    for (const value of depend.values) {
      const target = indexByName.get(value.text);
      if (target !== undefined) targets.push(target);
      else if (value.file) {
        report.addForJail('undefined-dependency', jail.name, { file: value.file, start: value.start, end: value.end }, `depends on undefined jail "${value.text}"`);
      }
    }
    edges.push(targets);
  }
  for (const i of jailsInLoops(edges)) {
    const { jail } = all[i];
    const spot = nameSpot(jail, all[i].get('depend'));
    if (spot) report.addForJail('dependency-loop', jail.name, spot, 'dependency loop');
  }
}

/** The jails (by position) on a dependency cycle: Tarjan's strongly connected components, in linear time. */
function jailsInLoops(edges: readonly (readonly number[])[]): number[] {
  const count = edges.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const looping = new Uint8Array(count);
  const stack: number[] = [];
  // An explicit stack of (jail, next edge to follow) instead of recursion, for long depend chains.
  const workJail: number[] = [];
  const workEdge: number[] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    workJail.push(root);
    workEdge.push(0);
    while (workJail.length) {
      const top = workJail.length - 1;
      const v = workJail[top];
      const targets = edges[v];
      if (workEdge[top] < targets.length) {
        const w = targets[workEdge[top]++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          workJail.push(w);
          workEdge.push(0);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      workJail.pop();
      workEdge.pop();
      if (workJail.length) {
        const parent = workJail[workJail.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || targets.includes(v)) for (const j of component) looping[j] = 1;
      }
    }
  }
  const found: number[] = [];
  for (let i = 0; i < count; i++) if (looping[i]) found.push(i);
  return found;
}

export function checkJails(all: readonly JailParams[], report: Reporter, broken: BrokenAt): void {
  // By name, the last jail of that name, as jail(8) finds it.
  const indexByName = new Map<string, number>();
  for (let i = 0; i < all.length; i++) indexByName.set(all[i].jail.name, i);
  for (const params of all) checkOne(params, report, all, indexByName, broken);
  checkDependencies(all, report, indexByName);
}
