// The syntax tree of one jail.conf file. Every node keeps the offsets of its text so that diagnostics,
// hover, navigation and the formatter can point at exactly what the person wrote.
import { Span } from './text';
import { Token } from './tokens';

/** One value or name as jail.conf builds it: pieces (atoms, quoted strings, variables) glued together. */
export interface Word extends Span {
  readonly pieces: readonly Token[];
}

export type Operator = 'none' | '=' | '+=' | 'space';

/**
 * A parameter statement or a variable definition (`$x = …`). Its name, one piece starting where the
 * statement starts, is kept as plain fields rather than a token object: one object fewer for each of
 * a large file's statements, which the garbage collector would otherwise copy.
 */
export interface ParamStatement extends Span {
  readonly kind: 'param';
  /** The name's decoded text: a parameter's name, or a variable's without `$` and braces. */
  readonly nameText: string;
  /** Where the name ends. */
  readonly nameEnd: number;
  /** The name is a variable: the statement defines it. */
  readonly definesVariable: boolean;
  readonly operator: Operator;
  /** Where `=` or `+=` is written (its length is the operator's). */
  readonly operatorAt?: number;
  readonly values: readonly Word[];
  /** False when the statement is broken; FreeBSD drops such a statement and so does the evaluator. */
  readonly valid: boolean;
}

export interface BlockStatement extends Span {
  readonly kind: 'block';
  readonly name: Word;
  /** The name as written (decoded); for a nested block the parent's prefix is not included. */
  readonly label: string;
  readonly open: Span;
  readonly close?: Span;
  readonly body: readonly Statement[];
}

export interface IncludeStatement extends Span {
  readonly kind: 'include';
  readonly keyword: Token;
  readonly paths: readonly Word[];
}

export interface EmptyStatement extends Span {
  readonly kind: 'empty';
}

export type Statement = ParamStatement | BlockStatement | IncludeStatement | EmptyStatement;

export function isVariableDefinition(statement: ParamStatement): boolean {
  return statement.definesVariable;
}

/** Where a parameter statement's name is written. */
export function nameSpan(statement: ParamStatement): Span {
  return { start: statement.start, end: statement.nameEnd };
}

export function hasVariables(word: Word): boolean {
  return word.pieces.some((p) => p.kind === 'variable');
}

/** The decoded text of a word, with each variable shown as written (`$x`, `${x}`). */
export function wordText(word: Word): string {
  let out = '';
  for (const p of word.pieces) out += p.kind === 'variable' ? (p.braced ? `\${${p.value}}` : `$${p.value}`) : p.value;
  return out;
}

/** Calls `visit` for every statement, depth first, with the names of the enclosing blocks. */
export function walkStatements(statements: readonly Statement[], visit: (s: Statement, parents: readonly BlockStatement[]) => void, parents: BlockStatement[] = []): void {
  for (const s of statements) {
    visit(s, parents);
    if (s.kind === 'block') {
      parents.push(s);
      walkStatements(s.body, visit, parents);
      parents.pop();
    }
  }
}
