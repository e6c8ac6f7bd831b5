// A parser for the grammar of FreeBSD's usr.sbin/jail/jailparse.y (the newest one, with nested blocks and
// `.include`), with error recovery tuned for an editor: a forgotten `;` is reported once, at the statement
// that lacks it, and parsing goes on as if it were there; any other error skips to the next `;`, or parses
// the `{ … }` it runs into as a block, so that one typo gives one diagnostic.
import { BlockStatement, IncludeStatement, Operator, ParamStatement, Statement, Word } from './ast';
import { lex, LexError, Lexer } from './lexer';
import { Comment, Token, TokenKind } from './tokens';
import { LineIndex } from './text';

export type ParseErrorCode = 'syntax-error' | 'missing-semicolon' | 'unexpected-eof';

export interface ParseError {
  readonly code: ParseErrorCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** For a missing `;`: where to insert it. */
  readonly insertAt?: number;
  /** Where the statement holding the error starts; a lexer error inside it already explains the error. */
  readonly statementStart: number;
}

export interface ParsedFile {
  readonly text: string;
  readonly lines: LineIndex;
  /** Every token; made again on first use, since most analyses never need them all. */
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly statements: readonly Statement[];
  /** Its `.include` statements, inside blocks too, in the order of the text. */
  readonly includes: readonly IncludeStatement[];
  readonly lexErrors: readonly LexError[];
  readonly parseErrors: readonly ParseError[];
}

const isPieceKind = (kind: TokenKind): boolean => kind === 'text' || kind === 'variable';

const noWords: readonly Word[] = [];
const noPieces: readonly Token[] = [];

/**
 * The list of a statement's only value. A one-piece word's list of pieces already holds just that word,
 * and neither list ever changes: the same list serves for both.
 */
function alone(word: Word): readonly Word[] {
  return word.pieces.length === 1 && (word.pieces[0] as Token | Word) === word ? (word.pieces as unknown as readonly Word[]) : [word];
}

class Parser {
  private eofReported = false;
  readonly errors: ParseError[] = [];
  readonly includes: IncludeStatement[] = [];
  /** Where the last consumed token ended. */
  private lastEnd = 0;

  /** The lexer's current token is the parser's lookahead (yacc's). */
  constructor(
    private readonly text: string,
    private readonly lx: Lexer,
    private readonly lines: LineIndex,
  ) {
    lx.next();
  }

  private get isPiece(): boolean {
    return isPieceKind(this.lx.kind);
  }

  /** A piece that continues the previous one. */
  private get isGlued(): boolean {
    return isPieceKind(this.lx.kind) && this.lx.glued;
  }

  /**
   * The name of the statement being read, as plain fields: a statement that ends well keeps them in
   * its own node, with no token object for its name (one object fewer for every statement of a file).
   */
  private name: { kind: TokenKind; start: number; end: number; value: string; quote: Token['quote']; braced: boolean } = { kind: 'eof', start: 0, end: 0, value: '', quote: 'none', braced: false };

  /** Reads the name of a statement from the current token and consumes it. */
  private takeName(): void {
    const { lx, name } = this;
    name.kind = lx.kind;
    name.start = lx.start;
    name.end = lx.end;
    name.value = lx.value;
    name.quote = lx.quote;
    name.braced = lx.braced;
    this.skip();
  }

  /** The name of the statement being read as a token, for the few paths that keep it as one. */
  private nameToken(): Token {
    const { kind, start, end, value, quote, braced } = this.name;
    return { kind, start, end, glued: false, value, quote, braced };
  }

  /** Consumes the current token, which the tree keeps. */
  private take(): Token {
    const t = this.lx.token();
    this.skip();
    return t;
  }

  /** Consumes the current token without keeping it. */
  private skip(): void {
    this.lastEnd = this.lx.end;
    if (this.lx.kind !== 'eof') this.lx.next();
  }

  file(): Statement[] {
    return this.statements(false);
  }

  private statements(inBlock: boolean): Statement[] {
    const out: Statement[] = [];
    const { lx } = this;
    for (;;) {
      const kind = lx.kind;
      if (kind === 'eof') return out;
      if (kind === '}' && inBlock) return out;
      if (kind === ';') {
        out.push({ kind: 'empty', start: lx.start, end: lx.end });
        this.skip();
      } else if (isPieceKind(kind) && !lx.glued) {
        out.push(this.statement());
      } else {
        const t = lx.token();
        this.syntaxError(t, this.hintAtStatementStart(t));
        if (kind === '}') {
          this.skip();
          continue;
        }
        if (kind === 'stray') this.skip();
        const recovered = this.resync();
        if (recovered) out.push(recovered);
      }
    }
  }

  private hintAtStatementStart(t: Token): string {
    if (t.kind === '}') return "no block is open here, so this '}' closes nothing";
    if (t.kind === '=' || t.kind === '+=') return 'a parameter name is missing before it';
    if (t.kind === '{') return 'a jail name is missing before it';
    return this.strayHint(t);
  }

  private strayHint(t: Token): string {
    if (t.kind !== 'stray') return '';
    const code = t.value.charCodeAt(0);
    return code > 0x7e ? 'characters outside ASCII must be inside quotes' : `the character U+${code.toString(16).padStart(4, '0').toUpperCase()} must be inside quotes`;
  }

  private statement(): Statement {
    const { lx } = this;
    this.takeName();
    const nameIsText = this.name.kind === 'text';
    if (nameIsText && lx.kind === '{') {
      const name = this.nameToken();
      return this.block({ start: name.start, end: name.end, pieces: [name] });
    }
    if (this.isGlued) {
      // jailparse.y takes a name as one single token: `foo.*`, `$a.b` or `my"jail"` are syntax errors.
      const name = this.nameToken();
      const after = lx.token();
      const pieces = [name];
      while (this.isGlued) pieces.push(this.take());
      const whole = this.text.slice(name.start, pieces[pieces.length - 1].end);
      const hint =
        name.kind === 'text'
          ? `a jail or parameter name must be one word: write "${whole}" in quotes`
          : `a variable name cannot continue here: write \${${whole.replace(/^\$\{?|\}/g, '')}}`;
      this.syntaxError(after, hint, name.start);
      if (lx.kind === '{') return this.block({ start: name.start, end: pieces[pieces.length - 1].end, pieces });
      return this.resync(name) ?? this.broken(name);
    }
    let operator: Operator = 'space';
    let operatorAt: number | undefined;
    if (lx.kind === '=' || lx.kind === '+=') {
      operator = lx.kind;
      operatorAt = lx.start;
      this.skip();
    } else if (!this.isPiece) {
      if (lx.kind !== ';' && lx.kind !== '}' && lx.kind !== 'eof') {
        const name = this.nameToken();
        const after = lx.token();
        this.syntaxError(after, this.strayHint(after), name.start);
        return this.resync(name) ?? this.broken(name);
      }
      return this.finish('none', undefined, noWords, this.name.end);
    }
    if (!this.isPiece) return this.missingValue(this.nameToken(), operator);
    const first = this.word();
    if (lx.kind !== ',') return this.finish(operator, operatorAt, alone(first), first.end);
    const values = [first];
    while (lx.kind === ',') {
      this.skip();
      if (!this.isPiece) return this.missingValue(this.nameToken(), operator);
      values.push(this.word());
    }
    return this.finish(operator, operatorAt, values, values[values.length - 1].end);
  }

  /** After `=`, `+=` or `,` comes no value. */
  private missingValue(name: Token, operator: Operator): Statement {
    const t = this.lx.token();
    if (t.kind === 'eof') this.unexpectedEof(name.start, name.end, 'a value is missing at the end of the file', name.start);
    else this.syntaxError(t, operator === 'space' ? this.strayHint(t) : `a value is missing after '${operator}'`, name.start);
    if (t.kind === ';') this.skip();
    else if (t.kind !== 'eof') return this.resync(name) ?? this.broken(name);
    return this.broken(name);
  }

  private word(): Word {
    const { lx } = this;
    // The first piece is made able to stand for the whole word as well, which most words are: one object
    // fewer for each of them.
    const first = { kind: lx.kind, start: lx.start, end: lx.end, glued: lx.glued, value: lx.value, quote: lx.quote, braced: lx.braced, pieces: noPieces };
    this.skip();
    if (!this.isGlued) {
      first.pieces = [first];
      return first;
    }
    const { scratch } = this;
    scratch.push(first);
    while (this.isGlued) scratch.push(this.take());
    // A list of exactly its pieces: one grown push by push would keep room for a dozen more in every word.
    const pieces = scratch.slice();
    scratch.length = 0;
    return { start: first.start, end: pieces[pieces.length - 1].end, pieces };
  }

  /** Where word() gathers the pieces of a word of several. */
  private readonly scratch: Token[] = [];

  /** Whether the lexer reported an error inside [start, end): an unclosed quote leaves values that were not meant. */
  private lexErrorWithin(start: number, end: number): boolean {
    const { errors } = this.lx;
    // Errors come in the order of the text, so only the last few can be inside the statement.
    for (let i = errors.length - 1; i >= 0 && errors[i].start >= start; i--) if (errors[i].start < end) return true;
    return false;
  }

  /** Expects the `;` that ends the statement being read; a forgotten one is reported and assumed. */
  private finish(operator: Operator, operatorAt: number | undefined, values: readonly Word[], lastEnd: number): Statement {
    const { lx } = this;
    const { start, end: nameEnd, value: nameText, kind: nameKind } = this.name;
    let end = lastEnd;
    if (lx.kind === ';') {
      end = lx.end;
      this.skip();
    } else if (lx.kind === 'eof' || lx.kind === '}' || (this.isPiece && this.lines.lineOf(lx.start) > this.lines.lineOf(lastEnd))) {
      const said = lx.kind === 'eof' ? 'unexpected EOF' : `${this.text.slice(lx.start, lx.end)}: syntax error`;
      if (lx.kind === 'eof') this.eofReported = true;
      const lastStart = values.length ? values[values.length - 1].start : start;
      this.errors.push({ code: 'missing-semicolon', start: lastStart, end: lastEnd, message: `${said} — a ';' is missing at the end of this statement`, insertAt: lastEnd, statementStart: start });
    } else {
      const name = this.nameToken();
      const t = lx.token();
      const hint = t.kind === 'stray' ? this.strayHint(t) : operator === 'none' ? '' : "separate values with ',' and quote a value that holds spaces";
      this.syntaxError(t, hint, start);
      return this.resync(name) ?? this.broken(name);
    }
    const valid = !this.lexErrorWithin(start, end);
    if (operator === 'space' && nameKind === 'text' && nameText === '.include') {
      const include: IncludeStatement = { kind: 'include', keyword: this.nameToken(), paths: values, start, end };
      this.includes.push(include);
      return include;
    }
    const param: ParamStatement = { kind: 'param', nameText, nameEnd, definesVariable: nameKind === 'variable', operator, operatorAt, values, valid, start, end };
    return param;
  }

  private broken(name: Token): ParamStatement {
    const end = Math.max(this.lastEnd, name.end);
    return { kind: 'param', nameText: name.value, nameEnd: name.end, definesVariable: name.kind === 'variable', operator: 'none', operatorAt: undefined, values: noWords, valid: false, start: name.start, end };
  }

  private block(name: Word): BlockStatement {
    const { lx } = this;
    const open = { start: lx.start, end: lx.end };
    this.skip();
    const body = this.statements(true);
    const label = name.pieces.length === 1 ? name.pieces[0].value : name.pieces.map((p) => p.value).join('');
    if (lx.kind === '}') {
      const close = { start: lx.start, end: lx.end };
      this.skip();
      return { kind: 'block', name, label, open, close, body, start: name.start, end: close.end };
    }
    this.unexpectedEof(open.start, open.end, `the block "${label}" opened here has no '}'`, name.start);
    return { kind: 'block', name, label, open, body, start: name.start, end: this.text.length };
  }

  /**
   * Skips what follows a syntax error, as yacc's `param: error` rule does, up to and including the next
   * `;`. A `{ … }` met on the way is parsed as a block so that braces stay balanced.
   */
  private resync(name?: Token): BlockStatement | undefined {
    const { lx } = this;
    for (;;) {
      const kind = lx.kind;
      if (kind === 'eof' || kind === '}') return undefined;
      if (kind === ';') {
        this.skip();
        return undefined;
      }
      if (kind === '{') return this.block(name ? { start: name.start, end: name.end, pieces: [name] } : { start: lx.start, end: lx.end, pieces: [] });
      this.skip();
    }
  }

  private syntaxError(t: Token, hint: string, statementStart = t.start): void {
    if (t.kind === 'eof') {
      this.unexpectedEof(t.start, t.end, hint, statementStart);
      return;
    }
    const message = `${this.text.slice(t.start, t.end)}: syntax error${hint ? ` — ${hint}` : ''}`;
    this.errors.push({ code: 'syntax-error', start: t.start, end: t.end, message, statementStart });
  }

  private unexpectedEof(start: number, end: number, hint: string, statementStart: number): void {
    if (this.eofReported) return;
    this.eofReported = true;
    this.errors.push({ code: 'unexpected-eof', start, end, message: `unexpected EOF${hint ? ` — ${hint}` : ''}`, statementStart });
  }
}

export function parse(text: string): ParsedFile {
  const lines = new LineIndex(text);
  const lexer = new Lexer(text);
  const parser = new Parser(text, lexer, lines);
  const statements = parser.file();
  const errors = lexer.errors;
  // A parse error in a statement that also holds a lexer error (an unclosed quote that swallowed the `;`,
  // say) is a consequence of it: report the cause only.
  const parseErrors = parser.errors.filter(
    (p) => !errors.some((l) => l.start >= p.statementStart && (p.code === 'unexpected-eof' || l.start <= p.end)),
  );
  let tokens: readonly Token[] | undefined;
  return {
    text,
    lines,
    get tokens() {
      return (tokens ??= lex(text).tokens);
    },
    comments: lexer.comments,
    statements,
    includes: parser.includes,
    lexErrors: errors,
    parseErrors,
  };
}
