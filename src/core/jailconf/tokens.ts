// The token set of FreeBSD's jaillex.l. A "string" in jail.conf is built from pieces: an unquoted atom, an
// escape, a single character such as `/`, a quoted string or a variable. Pieces with no white space or
// comment between them are glued into one value, so every piece records whether it continues the previous
// one (jaillex.l's `instr`, which decides between its STR and STR1 tokens).

/** What a token is; string kinds cost nothing at run time, unlike an enum imported across modules. */
export type TokenKind =
  /** A literal piece of a string (STR or STR1). */
  | 'text'
  /** A variable reference `$name` or `${name}` (VAR or VAR1). */
  | 'variable'
  | '{'
  | '}'
  | ';'
  | ','
  | '='
  | '+='
  /** A character the lexer does not know; FreeBSD hands it to the parser, which rejects it. */
  | 'stray'
  | 'eof';

export type Quote = 'none' | 'single' | 'double';

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

export type CommentKind = 'hash' | 'double-slash' | 'block';

export interface Comment {
  readonly kind: CommentKind;
  readonly start: number;
  readonly end: number;
  /** Written straight after a piece of a value, so an unquoted `#`, `//` or `/*` cut that value short. */
  readonly glued: boolean;
}
