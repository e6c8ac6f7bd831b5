// Builds jail(8)'s list of configured jails from the parsed files, in the order jailparse.y creates them:
// a block's jail when its name is read, the one global pseudo-jail `*` when the first top-level parameter
// is read, and the contents of an included file at the point of its `.include` (inside a block, what it
// holds belongs to that block). Nested blocks become `parent.child`.
import { BlockStatement, isVariableDefinition, ParamStatement, Statement, Word } from './ast';
import { LoadedConfig, maxIncludeDepth } from './includes';
import type { EffectiveParam } from './evaluator';
import { equivalentNames, isWildcardName } from './names';
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

export interface SourceParam {
  readonly statement: ParamStatement;
  readonly file: string;
  readonly name: string;
  readonly isVariable: boolean;
  readonly append: boolean;
  readonly values: readonly SourceValue[];
  /** No value holds a variable: every jail gets the same values, so they are made once and shared. */
  readonly literal: boolean;
  /** A list holding just this parameter, shared the same way. */
  readonly alone: readonly SourceParam[];
  /** The names equalopts() takes for this one. */
  readonly names: readonly string[];
  /** The evaluator's parameter made from this statement alone, shared by the jails that leave it as is. */
  shared?: EffectiveParam;
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

const noVars: readonly VariableUse[] = [];

export function sourceValue(word: Word, file: string): SourceValue {
  let text = '';
  let vars: VariableUse[] | undefined;
  for (const piece of word.pieces) {
    if (piece.kind === 'variable') (vars ??= []).push({ name: piece.value, pos: text.length, token: piece });
    else text += piece.value;
  }
  const value = { text, vars: vars ?? noVars, word, file } as { text: string; vars: readonly VariableUse[]; word: Word; file: string; source: SourceValue };
  value.source = value;
  return value;
}

function sourceParam(statement: ParamStatement, file: string): SourceParam {
  const values = statement.values.map((w) => sourceValue(w, file));
  const alone: SourceParam[] = [];
  const param: SourceParam = {
    statement,
    file,
    name: statement.name.value,
    isVariable: isVariableDefinition(statement),
    append: statement.operator === '+=',
    values,
    literal: values.every((v) => v.vars.length === 0),
    alone,
    names: equivalentNames(statement.name.value),
  };
  alone.push(param);
  return param;
}

export function collectJails(config: LoadedConfig): ConfigJail[] {
  const jails: ConfigJail[] = [];
  let global: ConfigJail | undefined;

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
        (current ?? global)?.params.push(sourceParam(s, file));
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
