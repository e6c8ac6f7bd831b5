// A parser for the grammar of FreeBSD's usr.sbin/jail/jailparse.y (the newest one, with nested blocks and
// `.include`), with error recovery tuned for an editor: a forgotten `;` is reported once, at the statement
// that lacks it, and parsing goes on as if it were there; any other error skips to the next `;`, or parses
// the `{ … }` it runs into as a block, so that one typo gives one diagnostic.
import { BlockStatement, IncludeStatement, Operator, ParamStatement, Statement, Word } from './ast';
import { lex, LexError, Lexer } from './lexer';
import { Comment, Token } from './tokens';
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
  readonly lexErrors: readonly LexError[];
  readonly parseErrors: readonly ParseError[];
}

const isPiece = (t: Token): boolean => t.kind === 'text' || t.kind === 'variable';

class Parser {
  private eofReported = false;
  readonly errors: ParseError[] = [];

  /** The token under consideration (yacc's lookahead) and the one consumed before it. */
  private current: Token;
  private previous?: Token;

  constructor(
    private readonly text: string,
    private readonly lexer: Lexer,
    private readonly lines: LineIndex,
  ) {
    this.current = lexer.next();
  }

  /** Consumes the current token and returns it. */
  private take(): Token {
    const t = this.current;
    this.previous = t;
    if (t.kind !== 'eof') this.current = this.lexer.next();
    return t;
  }

  file(): Statement[] {
    return this.statements(false);
  }

  private get peek(): Token {
    return this.current;
  }

  private statements(inBlock: boolean): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      const t = this.peek;
      if (t.kind === 'eof') return out;
      if (t.kind === '}' && inBlock) return out;
      if (t.kind === ';') {
        out.push({ kind: 'empty', start: t.start, end: t.end });
        this.take();
      } else if (isPiece(t) && !t.glued) {
        out.push(this.statement());
      } else {
        this.syntaxError(t, this.hintAtStatementStart(t));
        if (t.kind === '}') {
          this.take();
          continue;
        }
        if (t.kind === 'stray') this.take();
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
    const name = this.take();
    const after = this.peek;
    if (name.kind === 'text' && after.kind === '{') return this.block({ start: name.start, end: name.end, pieces: [name] });
    if (isPiece(after) && after.glued) {
      // jailparse.y takes a name as one single token: `foo.*`, `$a.b` or `my"jail"` are syntax errors.
      const pieces = [name];
      while (isPiece(this.peek) && this.peek.glued) pieces.push(this.take());
      const whole = this.text.slice(name.start, pieces[pieces.length - 1].end);
      const hint =
        name.kind === 'text'
          ? `a jail or parameter name must be one word: write "${whole}" in quotes`
          : `a variable name cannot continue here: write \${${whole.replace(/^\$\{?|\}/g, '')}}`;
      this.syntaxError(after, hint, name.start);
      if (this.peek.kind === '{') return this.block({ start: name.start, end: pieces[pieces.length - 1].end, pieces });
      return this.resync(name) ?? this.broken(name);
    }
    let operator: Operator = 'space';
    let operatorSpan: { start: number; end: number } | undefined;
    if (after.kind === '=' || after.kind === '+=') {
      operator = after.kind === '=' ? '=' : '+=';
      operatorSpan = { start: after.start, end: after.end };
      this.take();
    } else if (!isPiece(after)) {
      if (after.kind !== ';' && after.kind !== '}' && after.kind !== 'eof') {
        this.syntaxError(after, this.strayHint(after), name.start);
        return this.resync(name) ?? this.broken(name);
      }
      return this.finish(name, 'none', undefined, [], name.end);
    }
    const values: Word[] = [];
    for (;;) {
      const t = this.peek;
      if (!isPiece(t)) {
        if (t.kind === 'eof') this.unexpectedEof(name.start, name.end, 'a value is missing at the end of the file', name.start);
        else this.syntaxError(t, operator === 'space' ? this.strayHint(t) : `a value is missing after '${operator}'`, name.start);
        if (t.kind === ';') this.take();
        else if (t.kind !== 'eof') return this.resync(name) ?? this.broken(name);
        return this.broken(name);
      }
      values.push(this.word());
      if (this.peek.kind !== ',') break;
      this.take();
    }
    return this.finish(name, operator, operatorSpan, values, values[values.length - 1].end);
  }

  private word(): Word {
    const first = this.take();
    const pieces = [first];
    while (isPiece(this.peek) && this.peek.glued) pieces.push(this.take());
    return { start: first.start, end: pieces[pieces.length - 1].end, pieces };
  }

  /** Expects the `;` that ends a statement; a forgotten one is reported and assumed. */
  private finish(name: Token, operator: Operator, operatorSpan: { start: number; end: number } | undefined, values: Word[], lastEnd: number): Statement {
    const t = this.peek;
    let end = lastEnd;
    if (t.kind === ';') {
      this.take();
      end = t.end;
    } else if (t.kind === 'eof' || t.kind === '}' || (isPiece(t) && this.lines.lineOf(t.start) > this.lines.lineOf(lastEnd))) {
      const said = t.kind === 'eof' ? 'unexpected EOF' : `${this.tokenText(t)}: syntax error`;
      if (t.kind === 'eof') this.eofReported = true;
      const lastStart = values.length ? values[values.length - 1].start : name.start;
      this.errors.push({ code: 'missing-semicolon', start: lastStart, end: lastEnd, message: `${said} — a ';' is missing at the end of this statement`, insertAt: lastEnd, statementStart: name.start });
    } else {
      const hint = t.kind === 'stray' ? this.strayHint(t) : operator === 'none' ? '' : "separate values with ',' and quote a value that holds spaces";
      this.syntaxError(t, hint, name.start);
      return this.resync(name) ?? this.broken(name);
    }
    // A lexer error inside the statement (an unclosed quote) leaves values that were not meant.
    const valid = !this.lexer.errors.some((e) => e.start >= name.start && e.start < end);
    const param: ParamStatement = { kind: 'param', name, operator, operatorSpan, values, valid, start: name.start, end };
    if (operator === 'space' && name.kind === 'text' && name.value === '.include') {
      const include: IncludeStatement = { kind: 'include', keyword: name, paths: values, start: name.start, end };
      return include;
    }
    return param;
  }

  private broken(name: Token): ParamStatement {
    const end = this.previous?.end ?? name.end;
    return { kind: 'param', name, operator: 'none', values: [], valid: false, start: name.start, end: Math.max(end, name.end) };
  }

  private block(name: Word): BlockStatement {
    const open = this.take();
    const body = this.statements(true);
    const t = this.peek;
    const label = name.pieces.map((p) => p.value).join('');
    if (t.kind === '}') {
      this.take();
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
      if (t.kind === 'eof' || t.kind === '}') return undefined;
      if (t.kind === ';') {
        this.take();
        return undefined;
      }
      if (t.kind === '{') {
        const at = name ?? t;
        return this.block({ start: at.start, end: at.end, pieces: name ? [name] : [] });
      }
      this.take();
    }
  }

  private tokenText(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  private syntaxError(t: Token, hint: string, statementStart = t.start): void {
    if (t.kind === 'eof') {
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
    lexErrors: errors,
    parseErrors,
  };
}
