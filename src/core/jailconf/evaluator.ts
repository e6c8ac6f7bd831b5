// Computes each jail's effective parameters exactly as config.c's load_config() does: the jail's name (or
// jid), then wildcard blocks placed before it, its own parameters, wildcard blocks placed after it (so a
// later definition wins), `=` replacing and `+=` appending, and finally variable substitution per jail,
// with its "not found", "variable loop" and "array cannot be substituted inline" failures.
import { nameSpan } from './ast';
import { ConfigJail, EffectiveValue, SourceParam, VariableUse } from './configJails';
import { NameSlot } from './nameSlots';
import { blockNameIsJid, equivalentNames, wildcardMatches } from './names';
import { Token } from './tokens';

export type EvaluationCode = 'variable-not-found' | 'variable-loop' | 'array-inline' | 'variable-shadows-parameter' | 'redefined-parameter';

/** A problem of one jail, located in the file and text that caused it. */
export interface JailProblem {
  readonly code: string;
  readonly jail: string;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** The message after `NAME: `. */
  readonly text: string;
  readonly data?: unknown;
}

export type { EffectiveValue } from './configJails';

/**
 * A parameter as a jail ends up with it. The evaluation's bookkeeping fields are optional: a statement
 * taken as written (a SourceParam) leaves them out, which for it means false, 0 and none.
 */
export interface EffectiveParam {
  name: string;
  readonly isVariable: boolean;
  values: EffectiveValue[];
  /**
   * The statements that set or appended what the parameter now holds, oldest first, when there are
   * several; never changed in place. Read them with sourcesOf().
   */
  sources?: readonly SourceParam[];
  /** The one statement the parameter comes from, when it is a copy of one. */
  source?: SourceParam;
  /** Variables still to substitute, per value; undefined when there are none. */
  pending?: PendingValue[];
  /** `values` are shared with other jails and must be copied before a change. */
  shared?: boolean;
  /** The whole parameter is shared with other jails (it came from one statement without variables). */
  frozen?: boolean;
  immutable?: boolean;
  gen?: number;
  bad?: boolean;
  /** Already reported as a variable named like a parameter; later clashes with it say nothing new. */
  shadowing?: boolean;
}

export interface Substitution {
  readonly token: Token;
  readonly file: string;
  /** What the variable held; undefined when it could not be substituted. */
  readonly values?: readonly EffectiveValue[];
}

export interface EffectiveJail {
  readonly name: string;
  readonly config: ConfigJail;
  readonly params: readonly EffectiveParam[];
  /** The jail's variables after substitution, with the statements that define them. */
  readonly variables: readonly EffectiveParam[];
  readonly failed: boolean;
}

const noVariables: VariableUse[] = [];
const noValues: EffectiveValue[] = [];
const noSources: readonly SourceParam[] = [];
const noParams: EffectiveParam[] = [];
const nameNames = equivalentNames('name');

/**
 * The variables of one value of one jail and how far their substitution has got. The new text is put
 * together from the written text's pieces between variables as they are substituted, and stored once
 * all are done: no intermediate texts are made.
 */
export class PendingValue {
  next = 0;
  /** The offset in the written text up to which `built` holds the text with its variables substituted. */
  cut = 0;
  built = '';
  /** A variable was substituted. */
  changed = false;
  /** A variable put a non-empty text in. */
  grew = false;

  constructor(readonly vars: readonly VariableUse[]) {}

  get done(): boolean {
    return this.next >= this.vars.length;
  }
}

const nothingPending = new PendingValue(noVariables);

/** Each jail consumes the variables of a value as it substitutes them, so it gets its own state. */
function pendingOf(source: SourceParam): PendingValue[] {
  const { values } = source;
  // Most values are alone: a one-element literal, and no callback made per call.
  if (values.length === 1) return [values[0].vars.length ? new PendingValue(values[0].vars) : nothingPending];
  const pending: PendingValue[] = [];
  for (const v of values) pending.push(v.vars.length ? new PendingValue(v.vars) : nothingPending);
  return pending;
}

/** Whether a parameter still has variables to substitute in some value. */
function isPending(param: EffectiveParam): boolean {
  if (!param.pending) return false;
  for (const state of param.pending) if (!state.done) return true;
  return false;
}

/** A copy the jail may change; a literal for the usual single value, which V8 allocates where it will stay. */
function copyOf(values: readonly EffectiveValue[]): EffectiveValue[] {
  return values.length === 1 ? [values[0]] : values.slice();
}

/** A parameter this jail owns, with every field set so that all of them share one shape. */
function ownParam(name: string, isVariable: boolean, values: EffectiveValue[], source: SourceParam | undefined, immutable: boolean, shadowing: boolean): EffectiveParam {
  return { name, isVariable, values, sources: undefined, source, pending: undefined, shared: false, frozen: false, immutable, gen: 0, bad: false, shadowing };
}

/** The statements a parameter's values come from, oldest first (none for the implicit name or jid). */
export function sourcesOf(param: EffectiveParam): readonly SourceParam[] {
  if (param.sources) return param.sources;
  if (param.source) return [param.source];
  return param.frozen ? [param as SourceParam] : noSources;
}

/** Tells evaluations apart in the name slots they share. */
let evaluations = 0;

class JailEvaluation {
  readonly params: EffectiveParam[] = [];
  /** This evaluation's mark in the name slots: a jail's names are unique, since a name equalopts() matches merges. */
  private readonly id = ++evaluations;
  problems?: JailProblem[];
  /** What each variable use became, kept only when asked for (hover): most evaluations need none. */
  readonly substitutions?: Substitution[];
  failed = false;

  constructor(
    private readonly jail: ConfigJail,
    recordSubstitutions: boolean,
  ) {
    if (recordSubstitutions) this.substitutions = [];
  }

  private problem(code: EvaluationCode, file: string, at: { start: number; end: number }, text: string): void {
    (this.problems ??= []).push({ code, jail: this.jail.name, file, start: at.start, end: at.end, text });
    this.failed = true;
  }

  /** The parameter of this jail in a slot, if any. */
  at(slot: NameSlot): EffectiveParam | undefined {
    return slot.owner === this.id ? slot.param : undefined;
  }

  private place(slot: NameSlot, param: EffectiveParam): void {
    slot.owner = this.id;
    slot.param = param;
  }

  private push(param: EffectiveParam, slot: NameSlot): void {
    this.params.push(param);
    if (!this.at(slot)) this.place(slot, param);
  }

  /** config.c's equalopts() search of the jail's parameters, given the slots of the names equivalentNames() makes. */
  find(slots: readonly NameSlot[]): EffectiveParam | undefined {
    let found: EffectiveParam | undefined;
    for (const slot of slots) {
      const param = this.at(slot);
      // Two parameters can match one name (`allow.mount` matches `noallow.mount` and `allow.nomount`):
      // the search goes in list order, so the earlier one wins.
      if (param && (!found || this.params.indexOf(param) < this.params.indexOf(found))) found = param;
    }
    return found;
  }

  addImplicit(name: string, value: string): void {
    this.push(ownParam(name, false, [{ text: value }], undefined, name === 'name' || name === 'jid', false), this.jail.slots.get(name));
  }

  /** A parameter of this jail that it may change: a shared one (a statement itself) is copied first. */
  private own(param: EffectiveParam): EffectiveParam {
    if (!param.frozen) return param;
    const copy = ownParam(param.name, param.isVariable, param.values, param as SourceParam, param.immutable === true, param.shadowing === true);
    copy.shared = true;
    this.params[this.params.indexOf(param)] = copy;
    this.place((param as SourceParam).slots[0], copy);
    return copy;
  }

  private rename(param: EffectiveParam, source: SourceParam): void {
    if (param.name === source.name) return;
    const old = this.jail.slots.get(param.name);
    if (this.at(old) === param) old.owner = 0;
    param.name = source.name;
    if (!this.at(source.slots[0])) this.place(source.slots[0], param);
  }

  /** config.c add_param() for a parameter written in the file. */
  add(source: SourceParam): void {
    const known = this.find(source.slots);
    const found = known && this.own(known);
    if (found) {
      if (found.isVariable !== source.isVariable) {
        if (found.shadowing) return;
        if (source.isVariable) found.shadowing = true;
        return this.problem('variable-shadows-parameter', source.file, nameSpan(source.statement), `variable "$${source.name}" cannot have the same name as a parameter.`);
      }
      if (found.immutable) return this.problem('redefined-parameter', source.file, nameSpan(source.statement), `cannot redefine parameter "${found.name}".`);
      this.rename(found, source);
      if (!source.append || source.values.length === 0) return this.assign(found, source);
      if (found.shared) {
        found.values = found.values.slice();
        found.shared = false;
      }
      if (!source.literal && !found.pending) found.pending = found.values.map(() => nothingPending);
      found.values.push(...source.values);
      found.pending?.push(...pendingOf(source));
      found.sources = [...sourcesOf(found), source];
      found.source = undefined;
      return;
    }
    const tracked = source.tracked;
    const shadowing = tracked !== undefined && source.isVariable;
    // What most statements make: the same parameter in every jail, the statement itself.
    if (source.literal && !shadowing && tracked !== 'name' && tracked !== 'jid') return this.push(source, source.slots[0]);
    const param = ownParam(source.name, source.isVariable, noValues, source, !source.isVariable && (tracked === 'name' || tracked === 'jid'), shadowing);
    this.assign(param, source);
    this.push(param, source.slots[0]);
    if (shadowing) this.problem('variable-shadows-parameter', source.file, nameSpan(source.statement), `variable "$${source.name}" cannot have the same name as a parameter.`);
  }

  addAll(sources: readonly SourceParam[]): void {
    for (const source of sources) this.add(source);
  }

  /** Gives a parameter exactly the values of one statement, sharing them when they hold no variable. */
  private assign(param: EffectiveParam, source: SourceParam): void {
    param.shared = source.literal;
    param.values = source.literal ? source.values : copyOf(source.values);
    param.sources = undefined;
    param.source = source;
    param.pending = source.literal ? undefined : pendingOf(source);
  }

  /** config.c's substitution loop, moving a parameter whose own variables are unresolved ahead of its user. */
  substitute(): void {
    const list = this.params;
    let gen = 0;
    for (let index = 0; index < list.length; index++) {
      let p = list[index];
      // A parameter without variables has nothing to resolve and never takes part in a loop.
      if (!p.pending) continue;
      p.gen = ++gen;
      let restart = true;
      while (restart) {
        restart = false;
        for (let si = 0; si < p.values.length && !restart; si++) {
          const state = p.pending?.[si] ?? nothingPending;
          while (!state.done) {
            const v = state.vars[state.next];
            const file = p.values[si].file ?? this.jail.file;
            const vp = this.at(v.slot);
            let bad = false;
            if (!vp || vp.values.length === 0) {
              this.problem('variable-not-found', file, v.token, `${p.name}: variable "${v.name}" not found`);
              bad = true;
            } else if (vp.bad) {
              bad = true;
              this.failed = true;
            } else if (vp.gen === gen) {
              this.problem('variable-loop', file, v.token, `${v.name}: variable loop`);
              bad = true;
            } else if (isPending(vp)) {
              vp.gen = gen;
              list.splice(list.indexOf(vp), 1);
              list.splice(list.indexOf(p), 0, vp);
              p = vp;
              restart = true;
              break;
            } else if (vp.values.length > 1 && (p.values[si].text !== '' || state.grew || state.vars.length - state.next > 1)) {
              this.problem('array-inline', file, v.token, `${p.name}: array cannot be substituted inline`);
              bad = true;
            }
            if (bad) {
              for (const q of list) if (q.gen === gen) q.bad = true;
              this.substitutions?.push({ token: v.token, file });
              state.next++;
            } else {
              this.insert(p, si, state, vp as EffectiveParam);
            }
            if (state.done) this.finish(p, si, state);
          }
        }
      }
    }
    // Every variable is consumed: the states are of no further use.
    for (const p of list) if (p.pending) p.pending = undefined;
  }

  private insert(p: EffectiveParam, si: number, state: PendingValue, vp: EffectiveParam): void {
    const target = p.values[si];
    const v = state.vars[state.next++];
    const first = vp.values[0].text;
    state.built += target.text.slice(state.cut, v.pos) + first;
    state.changed = true;
    state.cut = v.pos;
    if (first !== '') state.grew = true;
    if (vp.values.length > 1) {
      const extra = vp.values.slice(1).map((x) => ({ text: x.text, source: target.source, file: target.file }));
      p.values.splice(si + 1, 0, ...extra);
      (p.pending as PendingValue[]).splice(si + 1, 0, ...extra.map(() => nothingPending));
    }
    // The variable's values are final by now (its own variables were substituted first).
    this.substitutions?.push({ token: v.token, file: target.file ?? this.jail.file, values: vp.values });
  }

  /** All variables of a value are done: its text with them substituted, made in one piece. */
  private finish(p: EffectiveParam, si: number, state: PendingValue): void {
    if (!state.changed) return;
    const target = p.values[si];
    p.values[si] = { text: state.built + target.text.slice(state.cut), source: target.source, file: target.file };
  }
}

export interface Evaluation {
  readonly jails: readonly EffectiveJail[];
  readonly problems: readonly JailProblem[];
}

function run(jail: ConfigJail, wildcards: readonly ConfigJail[], recordSubstitutions: boolean, own: readonly SourceParam[] = jail.params): JailEvaluation {
  const e = new JailEvaluation(jail, recordSubstitutions);
  e.addImplicit(blockNameIsJid(jail.name) ? 'jid' : 'name', jail.name);
  let didSelf = false;
  for (const w of wildcards) {
    if (jail.seq < w.seq && !didSelf) {
      e.addAll(own);
      didSelf = true;
    }
    if (w !== jail && wildcardMatches(jail.name, w.name)) e.addAll(w.params);
  }
  if (!didSelf) e.addAll(own);
  if (!e.find(jail.slots.list(nameNames))) e.addImplicit('name', jail.name);
  e.substitute();
  return e;
}

/**
 * Evaluates one jail against the wildcard jails (which include the global pseudo-jail); `own` are its
 * parameter statements, when the caller made them for this evaluation only.
 */
export function evaluateJail(jail: ConfigJail, wildcards: readonly ConfigJail[], problems: JailProblem[], own?: readonly SourceParam[]): EffectiveJail {
  const e = run(jail, wildcards, false, own);
  if (e.problems) problems.push(...e.problems);
  const all = e.params;
  let variableCount = 0;
  for (const p of all) if (p.isVariable) variableCount++;
  // Both lists are made at their final size: the one the evaluation grew push by push is dropped.
  const params: EffectiveParam[] = new Array(all.length - variableCount);
  const variables: EffectiveParam[] = variableCount ? new Array(variableCount) : noParams;
  let pi = 0;
  let vi = 0;
  for (const p of all) {
    if (p.isVariable) variables[vi++] = p;
    else params[pi++] = p;
  }
  return { name: jail.name, config: jail, params, variables, failed: e.failed };
}

/** What each variable use of a jail became, found again by evaluating it once more (for hover). */
export function substitutionsOf(jail: EffectiveJail, wildcards: readonly ConfigJail[]): readonly Substitution[] {
  return run(jail.config, wildcards, true).substitutions ?? [];
}

export function evaluate(configJails: readonly ConfigJail[]): Evaluation {
  const wildcards = configJails.filter((j) => j.wildcard);
  const problems: JailProblem[] = [];
  const jails = configJails.filter((j) => !j.wildcard).map((j) => evaluateJail(j, wildcards, problems));
  return { jails, problems };
}
