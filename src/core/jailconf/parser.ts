// A parser for the grammar of FreeBSD's usr.sbin/jail/jailparse.y (the newest one, with nested blocks and
// `.include`), with error recovery tuned for an editor: a forgotten `;` is reported once, at the statement
// that lacks it, and parsing goes on as if it were there; any other error skips to the next `;`, or parses
// the `{ … }` it runs into as a block, so that one typo gives one diagnostic.
import { BlockStatement, IncludeStatement, Operator, ParamStatement, Statement, Word } from './ast';
import { lex, LexError } from './lexer';
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
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly statements: readonly Statement[];
  readonly lexErrors: readonly LexError[];
  readonly parseErrors: readonly ParseError[];
}

const isPiece = (t: Token): boolean => t.kind === TokenKind.Text || t.kind === TokenKind.Variable;

class Parser {
  private i = 0;
  private eofReported = false;
  readonly errors: ParseError[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly lines: LineIndex,
    private readonly lexErrors: readonly LexError[],
  ) {}

  file(): Statement[] {
    return this.statements(false);
  }

  private get peek(): Token {
    return this.tokens[this.i];
  }

  private statements(inBlock: boolean): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const t = this.peek;
      if (t.kind === TokenKind.EndOfFile) return out;
      if (t.kind === TokenKind.RightBrace && inBlock) return out;
      if (t.kind === TokenKind.Semicolon) {
        out.push({ kind: 'empty', start: t.start, end: t.end });
        this.i++;
      } else if (isPiece(t) && !t.glued) {
        out.push(this.statement());
      } else {
        this.syntaxError(t, this.hintAtStatementStart(t));
        if (t.kind === TokenKind.RightBrace) {
          this.i++;
          continue;
        }
        if (t.kind === TokenKind.Stray) this.i++;
        const recovered = this.resync();
        if (recovered) out.push(recovered);
      }
    }
  }

  private hintAtStatementStart(t: Token): string {
    if (t.kind === TokenKind.RightBrace) return "no block is open here, so this '}' closes nothing";
    if (t.kind === TokenKind.Equals || t.kind === TokenKind.PlusEquals) return 'a parameter name is missing before it';
    if (t.kind === TokenKind.LeftBrace) return 'a jail name is missing before it';
    return this.strayHint(t);
  }

  private strayHint(t: Token): string {
    if (t.kind !== TokenKind.Stray) return '';
    const code = t.value.charCodeAt(0);
    return code > 0x7e ? 'characters outside ASCII must be inside quotes' : `the character U+${code.toString(16).padStart(4, '0').toUpperCase()} must be inside quotes`;
  }

  private statement(): Statement {
    const name = this.tokens[this.i++];
    const after = this.peek;
    if (name.kind === TokenKind.Text && after.kind === TokenKind.LeftBrace) return this.block({ start: name.start, end: name.end, pieces: [name] });
    if (isPiece(after) && after.glued) {
      // jailparse.y takes a name as one single token: `foo.*`, `$a.b` or `my"jail"` are syntax errors.
      const pieces = [name];
      while (isPiece(this.peek) && this.peek.glued) pieces.push(this.tokens[this.i++]);
      const whole = this.text.slice(name.start, pieces[pieces.length - 1].end);
      const hint =
        name.kind === TokenKind.Text
          ? `a jail or parameter name must be one word: write "${whole}" in quotes`
          : `a variable name cannot continue here: write \${${whole.replace(/^\$\{?|\}/g, '')}}`;
      this.syntaxError(after, hint, name.start);
      if (this.peek.kind === TokenKind.LeftBrace) return this.block({ start: name.start, end: pieces[pieces.length - 1].end, pieces });
      return this.resync(name) ?? this.broken(name);
    }
    let operator: Operator = 'space';
    let operatorSpan: { start: number; end: number } | undefined;
    if (after.kind === TokenKind.Equals || after.kind === TokenKind.PlusEquals) {
      operator = after.kind === TokenKind.Equals ? '=' : '+=';
      operatorSpan = { start: after.start, end: after.end };
      this.i++;
    } else if (!isPiece(after)) {
      if (after.kind !== TokenKind.Semicolon && after.kind !== TokenKind.RightBrace && after.kind !== TokenKind.EndOfFile) {
        this.syntaxError(after, this.strayHint(after), name.start);
        return this.resync(name) ?? this.broken(name);
      }
      return this.finish(name, 'none', undefined, [], name.end);
    }
    const values: Word[] = [];
    for (;;) {
      const t = this.peek;
      if (!isPiece(t)) {
        if (t.kind === TokenKind.EndOfFile) this.unexpectedEof(name.start, name.end, 'a value is missing at the end of the file', name.start);
        else this.syntaxError(t, operator === 'space' ? this.strayHint(t) : `a value is missing after '${operator}'`, name.start);
        if (t.kind === TokenKind.Semicolon) this.i++;
        else if (t.kind !== TokenKind.EndOfFile) return this.resync(name) ?? this.broken(name);
        return this.broken(name);
      }
      values.push(this.word());
      if (this.peek.kind !== TokenKind.Comma) break;
      this.i++;
    }
    return this.finish(name, operator, operatorSpan, values, values[values.length - 1].end);
  }

  private word(): Word {
    const first = this.tokens[this.i++];
    const pieces = [first];
    while (isPiece(this.peek) && this.peek.glued) pieces.push(this.tokens[this.i++]);
    return { start: first.start, end: pieces[pieces.length - 1].end, pieces };
  }

  /** Expects the `;` that ends a statement; a forgotten one is reported and assumed. */
  private finish(name: Token, operator: Operator, operatorSpan: { start: number; end: number } | undefined, values: Word[], lastEnd: number): Statement {
    const t = this.peek;
    let end = lastEnd;
    if (t.kind === TokenKind.Semicolon) {
      this.i++;
      end = t.end;
    } else if (t.kind === TokenKind.EndOfFile || t.kind === TokenKind.RightBrace || (isPiece(t) && this.lines.lineOf(t.start) > this.lines.lineOf(lastEnd))) {
      const said = t.kind === TokenKind.EndOfFile ? 'unexpected EOF' : `${this.tokenText(t)}: syntax error`;
      if (t.kind === TokenKind.EndOfFile) this.eofReported = true;
      const lastStart = values.length ? values[values.length - 1].start : name.start;
      this.errors.push({ code: 'missing-semicolon', start: lastStart, end: lastEnd, message: `${said} — a ';' is missing at the end of this statement`, insertAt: lastEnd, statementStart: name.start });
    } else {
      const hint = t.kind === TokenKind.Stray ? this.strayHint(t) : operator === 'none' ? '' : "separate values with ',' and quote a value that holds spaces";
      this.syntaxError(t, hint, name.start);
      return this.resync(name) ?? this.broken(name);
    }
    // A lexer error inside the statement (an unclosed quote) leaves values that were not meant.
    const valid = !this.lexErrors.some((e) => e.start >= name.start && e.start < end);
    const param: ParamStatement = { kind: 'param', name, operator, operatorSpan, values, valid, start: name.start, end };
    if (operator === 'space' && name.kind === TokenKind.Text && name.value === '.include') {
      const include: IncludeStatement = { kind: 'include', keyword: name, paths: values, start: name.start, end };
      return include;
    }
    return param;
  }

  private broken(name: Token): ParamStatement {
    const end = this.tokens[Math.max(0, this.i - 1)].end;
    return { kind: 'param', name, operator: 'none', values: [], valid: false, start: name.start, end: Math.max(end, name.end) };
  }

  private block(name: Word): BlockStatement {
    const open = this.tokens[this.i++];
    const body = this.statements(true);
    const t = this.peek;
    const label = name.pieces.map((p) => p.value).join('');
    if (t.kind === TokenKind.RightBrace) {
      this.i++;
      return { kind: 'block', name, label, open: { start: open.start, end: open.end }, close: { start: t.start, end: t.end }, body, start: name.start, end: t.end };
    }
    this.unexpectedEof(open.start, open.end, `the block "${label}" opened here has no '}'`, name.start);
    return { kind: 'block', name, label, open: { start: open.start, end: open.end }, body, start: name.start, end: this.text.length };
  }

  /**
   * Skips what follows a syntax error, as yacc's `param: error` rule does, up to and including the next
   * `;`. A `{ … }` met on the way is parsed as a block so that braces stay balanced.
   */
  private resync(name?: Token): BlockStatement | undefined {
    for (;;) {
      const t = this.peek;
      if (t.kind === TokenKind.EndOfFile || t.kind === TokenKind.RightBrace) return undefined;
      if (t.kind === TokenKind.Semicolon) {
        this.i++;
        return undefined;
      }
      if (t.kind === TokenKind.LeftBrace) {
        const at = name ?? t;
        return this.block({ start: at.start, end: at.end, pieces: name ? [name] : [] });
      }
      this.i++;
    }
  }

  private tokenText(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  private syntaxError(t: Token, hint: string, statementStart = t.start): void {
    if (t.kind === TokenKind.EndOfFile) {
      this.unexpectedEof(t.start, t.end, hint, statementStart);
      return;
    }
    const message = `${this.tokenText(t)}: syntax error${hint ? ` — ${hint}` : ''}`;
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
  const { tokens, comments, errors } = lex(text);
  const parser = new Parser(text, tokens, lines, errors);
  const statements = parser.file();
  // A parse error in a statement that also holds a lexer error (an unclosed quote that swallowed the `;`,
  // say) is a consequence of it: report the cause only.
  const parseErrors = parser.errors.filter(
    (p) => !errors.some((l) => l.start >= p.statementStart && (p.code === 'unexpected-eof' || l.start <= p.end)),
  );
  return { text, lines, tokens, comments, statements, lexErrors: errors, parseErrors };
}
