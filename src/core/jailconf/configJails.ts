// Builds jail(8)'s list of configured jails from the parsed files, in the order jailparse.y creates them:
// a block's jail when its name is read, the one global pseudo-jail `*` when the first top-level parameter
// is read, and the contents of an included file at the point of its `.include` (inside a block, what it
// holds belongs to that block). Nested blocks become `parent.child`.
import { BlockStatement, ParamStatement, Statement, Word } from './ast';
import { LoadedConfig, maxIncludeDepth } from './includes';
import type { EffectiveParam } from './evaluator';
import { NameSlot, NameSlots } from './nameSlots';
import { equivalentNames, isWildcardName } from './names';
import { parameterTable } from './parameters';
import { Token } from './tokens';

/** A variable reference inside a value: like config.c's cfvar, its name and position in the text. */
export interface VariableUse {
  readonly name: string;
  readonly pos: number;
  readonly token: Token;
  readonly slot: NameSlot;
}

/** One value of a parameter: literal text with variables still to substitute (config.c's cfstring). */
export interface SourceValue {
  readonly text: string;
  readonly vars: readonly VariableUse[];
  readonly word: Word;
  readonly file: string;
  /** The value itself: a value without variables is what every jail gets, with no copy. */
  readonly source: SourceValue;
}

/** A value as a jail ends up with it; `source` is where it was written (none for the implicit name). */
export interface EffectiveValue {
  readonly text: string;
  readonly source?: SourceValue;
  readonly file?: string;
}

const noVars: readonly VariableUse[] = [];

/** Names config.c keeps track of (its intparams[] table): its own parameters plus a few kernel ones. */
const trackedNames: ReadonlySet<string> = new Set([
  ...parameterTable.filter((p) => p.handler === 'jail').map((p) => p.name),
  'allow.chflags', 'allow.mount', 'allow.raw_sockets', 'allow.set_hostname', 'allow.socket_af', 'allow.sysvipc',
  'devfs_ruleset', 'host.hostname', 'ip4.addr', 'ip6.addr', 'jid', 'name', 'path', 'persist', 'securelevel', 'vnet',
]);

function trackedOf(names: readonly string[]): string | undefined {
  for (const name of names) if (trackedNames.has(name)) return name;
  return undefined;
}

// What is made here lives as long as the analysis. It is made with object and array literals, each at a
// place of its own, rather than with classes: V8 sees that what a literal there makes survives and then
// allocates it among old objects at once, instead of copying it twice through the young generation. On a
// 100,000-line file that copying costs more than the work itself.

/** A value as written; without variables it is also what every jail ends up with, itself its source. */
function writtenValue(text: string, vars: readonly VariableUse[], word: Word, file: string): SourceValue {
  const value = { text, vars, word, file, source: undefined as unknown as SourceValue };
  value.source = value;
  return value;
}

function sourceValue(word: Word, file: string, slots: NameSlots): SourceValue {
  const { pieces } = word;
  if (pieces.length === 1 && pieces[0].kind !== 'variable') return writtenValue(pieces[0].value, noVars, word, file);
  let text = '';
  let first: VariableUse | undefined;
  let more: VariableUse[] | undefined;
  for (const piece of pieces) {
    if (piece.kind !== 'variable') text += piece.value;
    else if (!first) first = { name: piece.value, pos: text.length, token: piece, slot: slots.get(piece.value) };
    else (more ??= []).push({ name: piece.value, pos: text.length, token: piece, slot: slots.get(piece.value) });
  }
  // Most values hold one variable: a one-element literal.
  const vars = !first ? noVars : more ? [first, ...more] : [first];
  return writtenValue(text, vars, word, file);
}

function sourceValues(words: readonly Word[], file: string, slots: NameSlots): SourceValue[] {
  if (words.length === 1) return [sourceValue(words[0], file, slots)];
  const values: SourceValue[] = [];
  for (const word of words) values.push(sourceValue(word, file, slots));
  return values;
}

/**
 * One parameter statement. It is also the effective parameter of every jail that takes it as written
 * (no variables, nothing appended): most statements, shared by all their jails instead of copied into
 * each. The evaluator copies it before changing anything (`frozen`), so its EffectiveParam side never
 * changes.
 */
export interface SourceParam extends EffectiveParam {
  readonly statement: ParamStatement;
  readonly file: string;
  /** Its number among the statements the analysis keeps (a shared one is checked once); -1 for one made for a single evaluation. */
  readonly index: number;
  readonly append: boolean;
  readonly values: SourceValue[];
  /** No value holds a variable: every jail gets the same values. */
  readonly literal: boolean;
  /** The slots of the names equalopts() takes for this one, its own first. */
  readonly slots: readonly NameSlot[];
  /** Which of those names config.c keeps track of, if any. */
  readonly tracked?: string;
  readonly frozen: true;
}

/** What a statement's name tells the evaluator; worked out once per name, not once per statement. */
interface NameFacts {
  readonly names: readonly string[];
  readonly slots: readonly NameSlot[];
  readonly tracked?: string;
}

class NameTable {
  readonly slots = new NameSlots();
  private readonly facts = new Map<string, NameFacts>();

  of(name: string): NameFacts {
    let facts = this.facts.get(name);
    if (!facts) {
      const names = equivalentNames(name);
      facts = { names, slots: this.slots.list(names), tracked: trackedOf(names) };
      this.facts.set(name, facts);
    }
    return facts;
  }
}

function sourceParam(statement: ParamStatement, file: string, index: number, table: NameTable): SourceParam {
  const name = statement.nameText;
  const values = sourceValues(statement.values, file, table.slots);
  let literal = true;
  for (const v of values) if (v.vars.length) literal = false;
  const { slots, tracked } = table.of(name);
  return {
    statement,
    file,
    index,
    name,
    isVariable: statement.definesVariable,
    append: statement.operator === '+=',
    values,
    literal,
    slots,
    tracked,
    // The evaluation's bookkeeping fields are left out (false, 0, none), and its sources (itself, see
    // sourcesOf()): less to allocate per statement.
    frozen: true,
  };
}

/** How a configuration's jails find their parameter statements, and the numbering of those kept. */
class StatementSource {
  private kept = 0;

  constructor(
    private readonly config: LoadedConfig,
    readonly table: NameTable,
  ) {}

  /**
   * The parameter statements of a jail whose own statements start at `statements` (a block's body, or the
   * root file's for the global pseudo-jail), in jail(8)'s order: its blocks are other jails, and what an
   * included file holds belongs to it at the point of the `.include`.
   */
  params(statements: readonly Statement[], file: string, depth: number, keep: boolean): SourceParam[] {
    const out: SourceParam[] = [];
    this.walk(statements, file, depth, keep, out);
    return out;
  }

  private walk(statements: readonly Statement[], file: string, depth: number, keep: boolean, out: SourceParam[]): void {
    for (const s of statements) {
      if (s.kind === 'param') {
        if (s.valid) out.push(sourceParam(s, file, keep ? this.kept++ : -1, this.table));
      } else if (s.kind === 'include' && depth < maxIncludeDepth) {
        for (const target of this.config.includes.get(s) ?? []) {
          const included = this.config.files.get(target);
          if (included) this.walk(included.statements, target, depth + 1, keep, out);
        }
      }
    }
  }
}

/** Where a jail's own statements start: a block's body, or the root file for the global pseudo-jail. */
interface StatementStart {
  readonly statements: readonly Statement[];
  readonly file: string;
  /** How deep in includes they are. */
  readonly depth: number;
}

export class ConfigJail {
  readonly wildcard: boolean;
  private kept?: SourceParam[];

  constructor(
    readonly name: string,
    readonly seq: number,
    /** Undefined for the global pseudo-jail. */
    readonly block: BlockStatement | undefined,
    /** The file of its block (for the global pseudo-jail, of its first parameter). */
    readonly file: string,
    private readonly start: StatementStart,
    private readonly source: StatementSource,
  ) {
    this.wildcard = isWildcardName(name);
  }

  /** The name slots of the whole configuration. */
  get slots(): NameSlots {
    return this.source.table.slots;
  }

  /** Its parameter statements, made on first use and kept. */
  get params(): SourceParam[] {
    const { statements, file, depth } = this.start;
    return (this.kept ??= this.source.params(statements, file, depth, true));
  }

  /**
   * Its parameter statements for one evaluation, not kept: a jail's own statements serve that jail only,
   * so the analysis lets them go with the rest of what evaluating it made.
   */
  freshParams(): SourceParam[] {
    const { statements, file, depth } = this.start;
    return this.kept ?? this.source.params(statements, file, depth, false);
  }
}

export function collectJails(config: LoadedConfig): ConfigJail[] {
  const jails: ConfigJail[] = [];
  const root = config.files.get(config.root);
  const source = new StatementSource(config, new NameTable());
  let global: ConfigJail | undefined;

  const add = (name: string, file: string, start: StatementStart, block?: BlockStatement): ConfigJail => {
    const jail = new ConfigJail(name, jails.length + 1, block, file, start, source);
    jails.push(jail);
    return jail;
  };

  const walk = (statements: readonly Statement[], file: string, current: ConfigJail | undefined, depth: number): void => {
    for (const s of statements) {
      if (s.kind === 'param') {
        // The global pseudo-jail is made where the first top-level parameter is read; it holds them all.
        if (!current && !global && s.valid && root) global = add('*', file, { statements: root.statements, file: config.root, depth: 0 });
      } else if (s.kind === 'block') {
        const jail = add(current ? `${current.name}.${s.label}` : s.label, file, { statements: s.body, file, depth }, s);
        walk(s.body, file, jail, depth);
      } else if (s.kind === 'include' && depth < maxIncludeDepth) {
        for (const target of config.includes.get(s) ?? []) {
          const included = config.files.get(target);
          if (included) walk(included.statements, target, current, depth + 1);
        }
      }
    }
  };

  if (root) walk(root.statements, config.root, undefined, 0);
  return jails;
}
