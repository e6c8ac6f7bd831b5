// The token set of FreeBSD's jaillex.l. A "string" in jail.conf is built from pieces: an unquoted atom, an
// escape, a single character such as `/`, a quoted string or a variable. Pieces with no white space or
// comment between them are glued into one value, so every piece records whether it continues the previous
// one (jaillex.l's `instr`, which decides between its STR and STR1 tokens).

export const enum TokenKind {
  /** A literal piece of a string (STR or STR1). */
  Text,
  /** A variable reference `$name` or `${name}` (VAR or VAR1). */
  Variable,
  LeftBrace,
  RightBrace,
  Semicolon,
  Comma,
  Equals,
  PlusEquals,
  /** A character the lexer does not know; FreeBSD hands it to the parser, which rejects it. */
  Stray,
  EndOfFile,
}

export const enum Quote {
  None,
  Single,
  Double,
}

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Continues the previous piece: the parser's STR1/VAR1. */
  readonly glued: boolean;
  /** Decoded text of a Text piece, or the name of a Variable. */
  readonly value: string;
  readonly quote: Quote;
  /** `${name}` rather than `$name`. */
  readonly braced: boolean;
}

export const enum CommentKind {
  Hash,
  DoubleSlash,
  Block,
}

export interface Comment {
  readonly kind: CommentKind;
  readonly start: number;
  readonly end: number;
  /** Written straight after a piece of a value, so an unquoted `#`, `//` or `/*` cut that value short. */
  readonly glued: boolean;
}

/** Characters jaillex.l accepts in an unquoted atom. `.` and `:` are among them, `*` `$` `/` `+` `\` are not. */
export function isAtomChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x21 || // !
    code === 0x25 || // %
    code === 0x26 || // &
    code === 0x28 || // (
    code === 0x29 || // )
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x3a || // :
    code === 0x3c || // <
    code === 0x3e || // >
    code === 0x3f || // ?
    code === 0x40 || // @
    code === 0x5b || // [
    code === 0x5d || // ]
    code === 0x5e || // ^
    code === 0x60 || // `
    code === 0x7c || // |
    code === 0x7e // ~
  );
}

export function isVariableStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

export function isVariableChar(code: number): boolean {
  return isVariableStart(code) || (code >= 0x30 && code <= 0x39);
}
