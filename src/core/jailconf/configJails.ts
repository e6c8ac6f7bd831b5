// Builds jail(8)'s list of configured jails from the parsed files, in the order jailparse.y creates them:
// a block's jail when its name is read, the one global pseudo-jail `*` when the first top-level parameter
// is read, and the contents of an included file at the point of its `.include` (inside a block, what it
// holds belongs to that block). Nested blocks become `parent.child`.
import { BlockStatement, OnePieceWord, ParamStatement, Statement, Word } from './ast';
import { LoadedConfig, maxIncludeDepth } from './includes';
import type { EffectiveParam } from './evaluator';
import { equivalentNames, isWildcardName } from './names';
import { parameterTable } from './parameters';
import { Token } from './tokens';

/** A variable reference inside a value: like config.c's cfvar, its name and position in the text. */
export interface VariableUse {
  readonly name: string;
  readonly pos: number;
  readonly token: Token;
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

/** A value as written; without variables it is also what every jail ends up with, itself its source. */
class WrittenValue implements SourceValue {
  constructor(
    readonly text: string,
    readonly vars: readonly VariableUse[],
    readonly word: Word,
    readonly file: string,
  ) {}

  get source(): SourceValue {
    return this;
  }
}

export function sourceValue(word: Word, file: string): SourceValue {
  if (word instanceof OnePieceWord && word.piece.kind !== 'variable') return new WrittenValue(word.piece.value, noVars, word, file);
  let text = '';
  let vars: VariableUse[] | undefined;
  for (const piece of word.pieces) {
    if (piece.kind === 'variable') (vars ??= []).push({ name: piece.value, pos: text.length, token: piece });
    else text += piece.value;
  }
  return new WrittenValue(text, vars ?? noVars, word, file);
}

function sourceValues(words: readonly Word[], file: string): SourceValue[] {
  if (words.length === 1) return [sourceValue(words[0], file)];
  const values: SourceValue[] = [];
  for (const word of words) values.push(sourceValue(word, file));
  return values;
}

/**
 * One parameter statement. It is also the effective parameter of every jail that takes it as written
 * (no variables, nothing appended): most statements, shared by all their jails instead of copied into
 * each. The evaluator copies it before changing anything (`frozen`), so its EffectiveParam side never
 * changes: those fields are getters, which cost no memory per statement.
 */
export class SourceParam implements EffectiveParam {
  readonly name: string;
  readonly isVariable: boolean;
  readonly append: boolean;
  readonly values: SourceValue[];
  /** No value holds a variable: every jail gets the same values. */
  readonly literal: boolean;
  /** The names equalopts() takes for this one. */
  readonly names: readonly string[];
  /** Which of those config.c keeps track of, if any. */
  readonly tracked?: string;
  private alone?: SourceParam[];

  constructor(
    readonly statement: ParamStatement,
    readonly file: string,
    /** Its place among the statements of the configuration, in the order jail(8) reads them. */
    readonly index: number,
  ) {
    const name = statement.name.value;
    this.name = name;
    this.isVariable = statement.name.kind === 'variable';
    this.append = statement.operator === '+=';
    this.values = sourceValues(statement.values, file);
    let literal = true;
    for (const v of this.values) if (v.vars.length) literal = false;
    this.literal = literal;
    this.names = equivalentNames(name);
    this.tracked = trackedOf(this.names);
  }

  /** As an effective parameter, it comes from this one statement. */
  get sources(): SourceParam[] {
    return (this.alone ??= [this]);
  }

  get pending(): undefined {
    return undefined;
  }

  get shared(): boolean {
    return true;
  }

  get frozen(): true {
    return true;
  }

  get immutable(): boolean {
    return false;
  }

  get gen(): number {
    return 0;
  }

  get bad(): boolean {
    return false;
  }

  get shadowing(): boolean {
    return false;
  }
}

export interface ConfigJail {
  readonly name: string;
  readonly seq: number;
  readonly wildcard: boolean;
  /** Undefined for the global pseudo-jail. */
  readonly block?: BlockStatement;
  readonly file: string;
  readonly params: SourceParam[];
}

export function collectJails(config: LoadedConfig): ConfigJail[] {
  const jails: ConfigJail[] = [];
  let global: ConfigJail | undefined;
  let statementCount = 0;

  const add = (name: string, file: string, block?: BlockStatement): ConfigJail => {
    const jail: ConfigJail = { name, seq: jails.length + 1, wildcard: isWildcardName(name), block, file, params: [] };
    jails.push(jail);
    return jail;
  };

  const walk = (statements: readonly Statement[], file: string, current: ConfigJail | undefined, depth: number): void => {
    for (const s of statements) {
      if (s.kind === 'param') {
        if (!s.valid) continue;
        if (!current) global ??= add('*', file);
        (current ?? global)?.params.push(new SourceParam(s, file, statementCount++));
      } else if (s.kind === 'block') {
        const jail = add(current ? `${current.name}.${s.label}` : s.label, file, s);
        walk(s.body, file, jail, depth);
      } else if (s.kind === 'include' && depth < maxIncludeDepth) {
        for (const target of config.includes.get(s) ?? []) {
          const included = config.files.get(target);
          if (included) walk(included.statements, target, current, depth + 1);
        }
      }
    }
  };

  const root = config.files.get(config.root);
  if (root) walk(root.statements, config.root, undefined, 0);
  return jails;
}
