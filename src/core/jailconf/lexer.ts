// A lexer with the token rules, longest-match choices and error texts of FreeBSD's usr.sbin/jail/jaillex.l.
// It never stops at an error: like flex it reports the bad text, skips it and goes on, so that one typo
// yields one diagnostic and everything after it is still read.
import { decodeEscapes } from './escapes';
import { Comment, CommentKind, Quote, Token, TokenKind } from './tokens';

export type LexErrorCode = 'unterminated-string' | 'unterminated-comment' | 'unterminated-variable';

export interface LexError {
  readonly code: LexErrorCode;
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly comments: Comment[];
  readonly errors: LexError[];
}

/** Characters jaillex.l accepts in an unquoted atom. `.` and `:` are among them, `*` `$` `/` `+` `\` are not. */
const atomChars = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_!%&()-.:<>?@[]^`|~') atomChars[c.charCodeAt(0)] = 1;

const isAtomChar = (code: number): boolean => code < 128 && atomChars[code] === 1;

function isVariableStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isVariableChar(code: number): boolean {
  return isVariableStart(code) || (code >= 0x30 && code <= 0x39);
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

const punctuation: Record<string, TokenKind> = {
  '{': '{',
  '}': '}',
  ';': ';',
  ',': ',',
  '=': '=',
};

/** Reads tokens one at a time, so that the parser keeps only those it puts in the tree. */
export class Lexer {
  readonly comments: Comment[] = [];
  readonly errors: LexError[] = [];
  /** The next token to hand out; a double-quoted string makes several at once, the rest wait in `queue`. */
  private ready?: Token;
  private queue: Token[] = [];
  private head = 0;
  private pos = 0;
  /** jaillex.l's `instr`: the previous token was a piece of a string, with nothing in between. */
  private instr = false;
  private end?: Token;

  constructor(private readonly text: string) {}

  next(): Token {
    for (;;) {
      const ready = this.ready;
      if (ready) {
        this.ready = undefined;
        return ready;
      }
      if (this.head < this.queue.length) return this.queue[this.head++];
      if (this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      if (this.pos >= this.text.length) {
        this.end ??= { kind: 'eof', start: this.text.length, end: this.text.length, glued: false, value: '', quote: 'none', braced: false };
        return this.end;
      }
      this.step();
    }
  }

  private emit(token: Token): void {
    if (!this.ready && this.head >= this.queue.length) this.ready = token;
    else this.queue.push(token);
  }

  /** Gives the last token made a new end (the closing quote of a string). */
  private extendLast(end: number): boolean {
    if (this.queue.length > this.head) {
      const last = this.queue[this.queue.length - 1];
      if (last.end !== end - 1) return false;
      this.queue[this.queue.length - 1] = { ...last, end };
    } else if (this.ready && this.ready.end === end - 1) {
      this.ready = { ...this.ready, end };
    } else {
      return false;
    }
    return true;
  }

  private step(): void {
    const { text } = this;
    const code = text.charCodeAt(this.pos);
    if (code === SPACE || code === TAB || code === CR || code === LF) {
      this.pos++;
      this.instr = false;
    } else if (isAtomChar(code)) {
      let end = this.pos + 1;
      while (end < text.length && isAtomChar(text.charCodeAt(end))) end++;
      this.piece('text', end, text.slice(this.pos, end), 'none');
    } else {
      this.special(text[this.pos]);
    }
  }

  private special(c: string): void {
    const { text, pos } = this;
    const next = text[pos + 1];
    if (c === '#' || (c === '/' && next === '/')) {
      const eol = text.indexOf('\n', pos);
      this.comment(c === '#' ? 'hash' : 'double-slash', eol < 0 ? text.length : eol);
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', pos + 2);
      if (close < 0) {
        this.error('unterminated-comment', text.length);
      } else {
        this.comment('block', close + 2);
      }
    } else if (c === '+' && next === '=') {
      this.punct('+=', 2);
    } else if (c in punctuation) {
      this.punct(punctuation[c], 1);
    } else if (c === '\\') {
      this.piece('text', this.escapeEnd(pos), decodeEscapes(text, pos, this.escapeEnd(pos)).value, 'none');
    } else if (c === '$') {
      this.dollar(false);
    } else if (c === '*' || c === '+' || c === '/') {
      this.piece('text', pos + 1, c, 'none');
    } else if (c === "'") {
      this.singleQuoted();
    } else if (c === '"') {
      this.doubleQuoted();
    } else {
      // Any other character (a control character, a byte of UTF-8) reaches the parser as a token of its
      // own, which no rule accepts.
      this.emit({ kind: 'stray', start: pos, end: pos + 1, glued: this.instr, value: c, quote: 'none', braced: false });
      this.pos++;
    }
  }

  /** End of the escape starting at `at`: `\` + a character or newline, 1-3 octal digits, or x + 0-2 hex digits. */
  private escapeEnd(at: number): number {
    const { text } = this;
    if (at + 1 >= text.length) return at + 1;
    const e = text[at + 1];
    let end = at + 2;
    if (e >= '0' && e <= '7') {
      while (end < at + 4 && end < text.length && text[end] >= '0' && text[end] <= '7') end++;
    } else if (e === 'x') {
      while (end < at + 4 && end < text.length && /[0-9A-Fa-f]/.test(text[end])) end++;
    }
    return end;
  }

  /**
   * `$name`, `${name}`, an unterminated `${`, or a lone `$` as a one-character piece. Inside double quotes
   * `${…}` may not contain `"` either.
   */
  private dollar(inDouble: boolean, limit = this.text.length): void {
    const { text, pos } = this;
    if (pos + 1 < limit && isVariableStart(text.charCodeAt(pos + 1))) {
      let end = pos + 2;
      while (end < limit && isVariableChar(text.charCodeAt(end))) end++;
      this.piece('variable', end, text.slice(pos + 1, end), inDouble ? 'double' : 'none');
      return;
    }
    if (text[pos + 1] === '{' && pos + 1 < limit) {
      let end = pos + 2;
      while (end < limit) {
        const c = text[end];
        if (c === '\\' && end + 1 < limit) end += 2;
        else if (c === '\n' || c === '{' || c === '}' || (inDouble && c === '"') || c === '\\') break;
        else end++;
      }
      if (end < limit && text[end] === '}') {
        const name = decodeEscapes(text, pos + 2, end).value;
        this.piece('variable', end + 1, name, inDouble ? 'double' : 'none', true);
      } else {
        this.error('unterminated-variable', end);
      }
      return;
    }
    this.piece('text', pos + 1, '$', inDouble ? 'double' : 'none');
  }

  /** Finds the closing quote, skipping escaped characters; -1 when the string is not closed. */
  private closingQuote(quote: string): number {
    const { text } = this;
    for (let i = this.pos + 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === quote) return i;
    }
    return -1;
  }

  /** jaillex.l reports an unclosed quote and skips only to the end of that line, then reads on. */
  private unterminatedString(): void {
    const { text } = this;
    let end = this.pos + 1;
    while (end < text.length && text[end] !== '\n') {
      if (text[end] !== '\\') end++;
      else if (end + 1 < text.length && text[end + 1] !== '\n') end += 2;
      else break;
    }
    this.error('unterminated-string', end);
  }

  private singleQuoted(): void {
    const close = this.closingQuote("'");
    if (close < 0) return this.unterminatedString();
    this.piece('text', close + 1, decodeEscapes(this.text, this.pos + 1, close).value, 'single');
  }

  /**
   * A double-quoted string is cut into pieces at each variable, as jaillex.l does with its DQ start state:
   * the text before the first `$` (possibly empty), then variables and the literal text between them.
   */
  private doubleQuoted(): void {
    const { text } = this;
    const close = this.closingQuote('"');
    if (close < 0) return this.unterminatedString();
    const first = decodeEscapes(text, this.pos + 1, close, true);
    if (first.stop >= close) {
      this.piece('text', close + 1, first.value, 'double');
      return;
    }
    this.piece('text', first.stop, first.value, 'double');
    while (this.pos < close) {
      if (text[this.pos] === '$') {
        this.dollar(true, close);
        continue;
      }
      const run = decodeEscapes(text, this.pos, close, true);
      const stop = run.stop === this.pos ? this.pos + 1 : run.stop;
      this.piece('text', stop, run.value, 'double');
    }
    // The closing quote belongs to the last piece, so that a string's pieces cover its whole text.
    if (!this.extendLast(close + 1)) this.piece('text', close + 1, '', 'double');
    this.pos = close + 1;
  }

  private piece(kind: TokenKind, end: number, value: string, quote: Quote, braced = false): void {
    this.emit({ kind, start: this.pos, end, glued: this.instr, value, quote, braced });
    this.instr = true;
    this.pos = end;
  }

  private punct(kind: TokenKind, length: number): void {
    this.emit({ kind, start: this.pos, end: this.pos + length, glued: false, value: this.text.substr(this.pos, length), quote: 'none', braced: false });
    this.instr = false;
    this.pos += length;
  }

  private comment(kind: CommentKind, end: number): void {
    this.comments.push({ kind, start: this.pos, end, glued: this.instr });
    this.instr = false;
    this.pos = end;
  }

  private error(code: LexErrorCode, end: number): void {
    this.errors.push({ code, start: this.pos, end });
    this.pos = Math.max(end, this.pos + 1);
  }
}

export function lex(text: string): LexResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let t = lexer.next(); ; t = lexer.next()) {
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, comments: lexer.comments, errors: lexer.errors };
}
