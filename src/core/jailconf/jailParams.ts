// The parameters of a jail that the checks of jails as a whole (jailChecks, crossJailChecks) look at,
// found once per jail in one pass over its parameters, by every name config.c's equalopts() takes.
import type { ConfigJail, SourceParam } from './configJails';
import { EffectiveJail, EffectiveParam, EffectiveValue, sourcesOf } from './evaluator';
import { equivalentNames } from './names';
import { ProblemSpot } from './report';

/** The parameters the checks of a jail as a whole look at. */
const looked = ['vnet', 'ip4.addr', 'ip6.addr', 'path', 'mount.devfs', 'mount.fdescfs', 'mount.procfs', 'name', 'jid', 'persist', 'exec.start', 'command', 'exec.poststart', 'children.max', 'depend'] as const;
export type Looked = (typeof looked)[number];

/** Every name equalopts() takes for a looked-at parameter, with the parameters it stands for. */
const lookedByName = new Map<string, number[]>();
const lookedIndex = new Map<Looked, number>();
looked.forEach((name, index) => {
  lookedIndex.set(name, index);
  for (const equivalent of equivalentNames(name)) lookedByName.set(equivalent, [...(lookedByName.get(equivalent) ?? []), index]);
});

/** What the checks of a jail as a whole need of it besides its parameters. */
export interface JailIdentity {
  readonly name: string;
  readonly config: ConfigJail;
}

const addressNames: ReadonlySet<string> = new Set(['ip4.addr', 'ip6.addr', 'ip4', 'ip6']);

/** A value as the checks of jails as a whole read it: its text, and where it is written, if it is. */
export interface LookedValue {
  readonly text: string;
  /** Undefined for a value no statement wrote (the name a block gives). */
  readonly file?: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A looked-at parameter reduced to what those checks read. Every jail keeps its own until all jails are
 * evaluated: made from the parameter, it lets the rest of the jail's evaluation (its statements' copies,
 * the values before substitution) go at once instead of living, and being copied by the garbage
 * collector, until the end of the analysis.
 */
export interface LookedParam {
  readonly name: string;
  readonly values: readonly LookedValue[];
  /** A variable in it could not be substituted. */
  readonly bad: boolean;
  /**
   * The file of the statement that last set it, undefined when none did (the name a block gives), and
   * where that statement names it: kept as fields, the spot itself is made only for a report.
   */
  readonly file?: string;
  readonly start: number;
  readonly end: number;
}

/** Where the statement that last set a parameter names it, if one did. */
export function nameSpotOf(param: LookedParam): ProblemSpot | undefined {
  return param.file === undefined ? undefined : { file: param.file, start: param.start, end: param.end };
}

const noValues: readonly LookedValue[] = [];

function lookedValue(value: EffectiveValue): LookedValue {
  const { source, file } = value;
  return source && file ? { text: value.text, file, start: source.word.start, end: source.word.end } : { text: value.text, file: undefined, start: 0, end: 0 };
}

function lookedParam(param: EffectiveParam): LookedParam {
  const sources = sourcesOf(param);
  const last = sources.length ? sources[sources.length - 1] : undefined;
  const { values } = param;
  let copied: readonly LookedValue[] = noValues;
  if (values.length === 1) copied = [lookedValue(values[0])];
  else if (values.length > 1) copied = values.map(lookedValue);
  const bad = param.bad === true;
  if (!last) return { name: param.name, values: copied, bad, file: undefined, start: 0, end: 0 };
  return { name: param.name, values: copied, bad, file: last.file, start: last.statement.start, end: last.statement.nameEnd };
}

/**
 * Reduces parameters to LookedParams, once for a statement that many jails share (the same object for
 * all of them) and once per jail for the rest.
 */
export class LookedParams {
  private readonly shared: (LookedParam | undefined)[] = [];

  of(param: EffectiveParam): LookedParam {
    const index = param.frozen ? (param as SourceParam).index : -1;
    if (index < 0) return lookedParam(param);
    return (this.shared[index] ??= lookedParam(param));
  }
}

/**
 * The looked-at parameters of one jail, found in one pass over its parameters (the first match wins, as
 * in config.c). It keeps only those, reduced to what the checks read.
 */
export class JailParams implements JailIdentity {
  private readonly found: (LookedParam | undefined)[] = new Array(looked.length);
  readonly name: string;
  readonly config: ConfigJail;
  /** Its ip4.addr, ip6.addr, ip4 and ip6 parameters, by those exact names: what vnet forbids. */
  readonly addressParams?: LookedParam[];

  constructor(jail: EffectiveJail, reduce: LookedParams) {
    this.name = jail.name;
    this.config = jail.config;
    for (const param of jail.params) {
      // The name a block gives is the jail's name, which the checks read from the jail.
      if (param.source === undefined && !param.frozen && param.name === 'name' && param.values.length === 1 && param.values[0].text === jail.name) continue;
      const indexes = lookedByName.get(param.name);
      const isAddress = addressNames.has(param.name);
      if (!indexes && !isAddress) continue;
      const reduced = reduce.of(param);
      if (indexes) for (const i of indexes) this.found[i] ??= reduced;
      if (isAddress) (this.addressParams ??= []).push(reduced);
    }
  }

  get jail(): JailIdentity {
    return this;
  }

  get(name: Looked): LookedParam | undefined {
    return this.found[lookedIndex.get(name) as number];
  }
}
