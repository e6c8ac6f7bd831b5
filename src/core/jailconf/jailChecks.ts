// Checks that look at several parameters or several jails: vnet with IP restrictions (kernel), mounts
// without a path and dependencies on unknown jails or in a circle (jail(8)), numeric names (kernel), a jail
// that jail(8) cannot create for want of persist or a command, and children whose parent allows none.
import { EffectiveJail, EffectiveParam, sourcesOf } from './evaluator';
import { JailParams } from './jailParams';
import { Reporter } from './report';
import { booleanValue } from './values';

/** config.c bool_param(): set, and its `no` prefix and value do not cancel out. */
function isTrue(param: EffectiveParam | undefined): boolean {
  if (!param) return false;
  const last = param.name.slice(param.name.lastIndexOf('.') + 1);
  const value = param.values.length ? booleanValue(param.values[param.values.length - 1].text) ?? false : true;
  return last.startsWith('no') !== value;
}

function nameSpot(jail: EffectiveJail, param?: EffectiveParam): { file: string; start: number; end: number } | undefined {
  const sources = param && sourcesOf(param);
  const source = sources?.[sources.length - 1];
  if (source) return { file: source.file, start: source.statement.name.start, end: source.statement.name.end };
  const block = jail.config.block;
  return block ? { file: jail.config.file, start: block.name.start, end: block.name.end } : undefined;
}

/** Where a file has lexer or parser errors; a jail's block holding one may be missing what was meant. */
export type BrokenAt = (file: string, start: number, end: number) => boolean;

function checkOne(params: JailParams, report: Reporter, byName: ReadonlyMap<string, JailParams>, broken: BrokenAt): void {
  const { jail } = params;
  const vnet = params.get('vnet');
  if (vnet) {
    for (const ip of ['ip4.addr', 'ip6.addr', 'ip4', 'ip6']) {
      const param = jail.params.find((p) => p.name === ip);
      const spot = nameSpot(jail, param);
      if (param && spot) report.addForJail('vnet-ip-conflict', jail.name, spot, `vnet jails cannot have IP address restrictions: remove ${ip} or vnet`);
    }
  }
  if (!params.get('path')) {
    for (const mount of ['mount.devfs', 'mount.fdescfs', 'mount.procfs'] as const) {
      const param = params.get(mount);
      const spot = nameSpot(jail, param);
      if (param && isTrue(param) && spot) report.addForJail('mount-no-path', jail.name, spot, `${mount}: no path`);
    }
  }
  const block = jail.config.block;
  if (!block) return;
  const blockSpot = { file: jail.config.file, start: block.name.start, end: block.name.end };
  const name = params.get('name')?.values.at(-1)?.text ?? jail.name;
  const jid = params.get('jid')?.values.at(-1)?.text;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (/^[0-9]+$/.test(last) && (last === '0' || last.startsWith('0') || (jid !== undefined && Number.parseInt(jid, 10) !== Number(last)))) {
    report.addForJail('numeric-name', jail.name, blockSpot, 'name cannot be numeric (unless it is the jid)');
  }
  const intact = !broken(jail.config.file, block.start, block.end);
  if (intact && !isTrue(params.get('persist')) && !(['exec.start', 'command', 'exec.poststart'] as const).some((c) => params.get(c))) {
    report.addForJail('no-persist-or-command', jail.name, blockSpot, 'neither persist nor exec.start is set, so "jail -c" cannot create this jail (new jail must persist or attach)');
  }
  const dot = jail.name.lastIndexOf('.');
  const parent = dot > 0 ? byName.get(jail.name.slice(0, dot)) : undefined;
  if (parent) {
    const max = parent.get('children.max')?.values.at(-1)?.text;
    if (max === undefined || !(Number.parseInt(max, 10) > 0)) {
      report.addForJail('parent-children-max', jail.name, blockSpot, `its parent "${parent.jail.name}" does not set children.max above 0, so creating it fails (prison limit exceeded)`);
    }
  }
}

function checkDependencies(all: readonly JailParams[], report: Reporter, byName: ReadonlyMap<string, JailParams>): void {
  const edges = new Map<EffectiveJail, EffectiveJail[]>();
  for (const params of all) {
    const { jail } = params;
    const targets: EffectiveJail[] = [];
    for (const value of params.get('depend')?.values ?? []) {
      const target = byName.get(value.text)?.jail;
      if (target) targets.push(target);
      else if (value.source && value.file) {
        report.addForJail('undefined-dependency', jail.name, { file: value.file, start: value.source.word.start, end: value.source.word.end }, `depends on undefined jail "${value.text}"`);
      }
    }
    edges.set(jail, targets);
  }
  for (const jail of jailsInLoops(all.map((p) => p.jail), edges)) {
    const spot = nameSpot(jail, byName.get(jail.name)?.get('depend'));
    if (spot) report.addForJail('dependency-loop', jail.name, spot, 'dependency loop');
  }
}

/** The jails on a dependency cycle: Tarjan's strongly connected components, in linear time. */
function jailsInLoops(jails: readonly EffectiveJail[], edges: ReadonlyMap<EffectiveJail, readonly EffectiveJail[]>): EffectiveJail[] {
  const index = new Map<EffectiveJail, number>();
  const low = new Map<EffectiveJail, number>();
  const onStack = new Set<EffectiveJail>();
  const stack: EffectiveJail[] = [];
  const looping = new Set<EffectiveJail>();
  let counter = 0;
  for (const root of jails) {
    if (index.has(root)) continue;
    // An explicit stack of (jail, next edge to follow) instead of recursion, for long depend chains.
    const work: [EffectiveJail, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const targets = edges.get(v) ?? [];
      if (i < targets.length) {
        frame[1]++;
        const w = targets[i];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(v) as number));
      }
      if (low.get(v) === index.get(v)) {
        const component: EffectiveJail[] = [];
        let w: EffectiveJail;
        do {
          w = stack.pop() as EffectiveJail;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (edges.get(v) ?? []).includes(v)) component.forEach((j) => looping.add(j));
      }
    }
  }
  return jails.filter((j) => looping.has(j));
}

export function checkJails(all: readonly JailParams[], report: Reporter, broken: BrokenAt): void {
  const byName = new Map(all.map((p) => [p.jail.name, p]));
  for (const params of all) checkOne(params, report, byName, broken);
  checkDependencies(all, report, byName);
}
