// Builds jail(8)'s list of configured jails from the parsed files, in the order jailparse.y creates them:
// a block's jail when its name is read, the one global pseudo-jail `*` when the first top-level parameter
// is read, and the contents of an included file at the point of its `.include` (inside a block, what it
// holds belongs to that block). Nested blocks become `parent.child`.
import { BlockStatement, isVariableDefinition, ParamStatement, Statement, Word } from './ast';
import { LoadedConfig, maxIncludeDepth } from './includes';
import { isWildcardName } from './names';
import { Token, TokenKind } from './tokens';

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
}

export interface SourceParam {
  readonly statement: ParamStatement;
  readonly file: string;
  readonly name: string;
  readonly isVariable: boolean;
  readonly append: boolean;
  readonly values: readonly SourceValue[];
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

export function sourceValue(word: Word): SourceValue {
  let text = '';
  const vars: VariableUse[] = [];
  for (const piece of word.pieces) {
    if (piece.kind === TokenKind.Variable) vars.push({ name: piece.value, pos: text.length, token: piece });
    else text += piece.value;
  }
  return { text, vars, word };
}

function sourceParam(statement: ParamStatement, file: string): SourceParam {
  return {
    statement,
    file,
    name: statement.name.value,
    isVariable: isVariableDefinition(statement),
    append: statement.operator === '+=',
    values: statement.values.map(sourceValue),
  };
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
