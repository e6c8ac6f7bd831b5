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

/** Whether `text` holds `known` at `start`; a loop is cheaper than startsWith() for the short texts compared here. */
function sameText(known: string, text: string, start: number): boolean {
  for (let i = known.length - 1; i >= 0; i--) if (known.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/**
 * Unquoted atoms met before in this text, one string each. A file repeats the same parameter names and
 * many values thousands of times: a repeated one is found by comparing characters in place, with no new
 * string and no hashing, and the maps that look names up later (parameter table, name slots) then meet
 * the same string, whose hash is already known. Direct-mapped: a clash just replaces the entry.
 */
class AtomTable {
  private readonly atoms: string[] = new Array(4096).fill('');

  get(text: string, start: number, end: number): string {
    const length = end - start;
    const slot = (length * 977 + text.charCodeAt(start) * 31 + text.charCodeAt(end - 1) * 7 + text.charCodeAt(start + (length >> 1))) & 4095;
    const known = this.atoms[slot];
    if (known.length === length && sameText(known, text, start)) return known;
    const made = text.slice(start, end);
    this.atoms[slot] = made;
    return made;
  }
}

const SPACE = 0x20;
const BACKSLASH = 0x5c;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

const HASH = 0x23;
const DOLLAR = 0x24;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const STAR = 0x2a;
const PLUS = 0x2b;
const COMMA = 0x2c;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const OPEN = 0x7b;
const CLOSE = 0x7d;

const isSpace = (code: number): boolean => code === SPACE || code === TAB || code === CR || code === LF;

/**
 * Reads tokens one at a time. The current token lives in plain fields, and a Token object is made only
 * for one the parser keeps (`token()`): punctuation and most of the rest are read and dropped, and on a
 * 100,000-line file not making them saves as much as everything else the lexer does.
 */
export class Lexer {
  readonly comments: Comment[] = [];
  readonly errors: LexError[] = [];
  kind: TokenKind = 'eof';
  start = 0;
  end = 0;
  /** Continues the previous piece: the parser's STR1/VAR1. */
  glued = false;
  value = '';
  quote: Quote = 'none';
  braced = false;
  private pos = 0;
  /** jaillex.l's `instr`: the previous token was a piece of a string, with nothing in between. */
  private instr = false;
  /** Inside a double-quoted string (jaillex.l's DQ state): the offset of its closing quote; -1 outside. */
  private close = -1;
  private readonly atoms = new AtomTable();
  private readonly quotedTexts = new AtomTable();

  constructor(private readonly text: string) {}

  /** Moves to the next token; at the end of the text the current token stays `eof`. */
  next(): void {
    const { text } = this;
    for (;;) {
      if (this.close >= 0) {
        if (this.inDoubleQuotes()) return;
        continue;
      }
      if (this.pos >= text.length) {
        this.kind = 'eof';
        this.start = this.end = text.length;
        this.glued = this.braced = false;
        this.value = '';
        this.quote = 'none';
        return;
      }
      const code = text.charCodeAt(this.pos);
      if (isSpace(code)) {
        let pos = this.pos + 1;
        while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
        this.pos = pos;
        this.instr = false;
      } else if (isAtomChar(code)) {
        let end = this.pos + 1;
        while (end < text.length && isAtomChar(text.charCodeAt(end))) end++;
        return this.piece('text', end, this.atoms.get(text, this.pos, end), 'none');
      } else if (this.special(code)) {
        return;
      }
    }
  }

  /** The current token as an object, for the parser to keep. */
  token(): Token {
    return { kind: this.kind, start: this.start, end: this.end, glued: this.glued, value: this.value, quote: this.quote, braced: this.braced };
  }

  /**
   * Reads what starts with a character other than white space or an atom's; false when it made no token.
   * It dispatches on character codes: a one-character string per token and a property lookup per
   * punctuation mark cost more than all the rest of the lexing.
   */
  private special(code: number): boolean {
    const { text, pos } = this;
    const next = pos + 1 < text.length ? text.charCodeAt(pos + 1) : 0;
    switch (code) {
      case HASH:
        this.lineComment('hash');
        return false;
      case SLASH:
        if (next === SLASH) {
          this.lineComment('double-slash');
          return false;
        }
        if (next === STAR) {
          const close = text.indexOf('*/', pos + 2);
          if (close < 0) this.error('unterminated-comment', text.length);
          else this.comment('block', close + 2);
          return false;
        }
        this.piece('text', pos + 1, '/', 'none');
        return true;
      case PLUS:
        if (next === EQUALS) this.punct('+=', 2);
        else this.piece('text', pos + 1, '+', 'none');
        return true;
      case OPEN:
      case CLOSE:
      case SEMICOLON:
      case COMMA:
      case EQUALS:
        // A one-character string of ASCII is one V8 keeps ready: reading it makes nothing.
        this.punct(text[pos] as TokenKind, 1);
        return true;
      case BACKSLASH: {
        const end = this.escapeEnd(pos);
        this.piece('text', end, decodeEscapes(text, pos, end).value, 'none');
        return true;
      }
      case DOLLAR:
        return this.dollar(false);
      case STAR:
        this.piece('text', pos + 1, '*', 'none');
        return true;
      case SINGLE_QUOTE:
        return this.singleQuoted();
      case DOUBLE_QUOTE:
        return this.doubleQuoted();
      default:
        // Any other character (a control character, a byte of UTF-8) reaches the parser as a token of its
        // own, which no rule accepts.
        this.set('stray', pos + 1, text[pos], 'none', false);
        this.glued = this.instr;
        this.pos++;
        return true;
    }
  }

  private lineComment(kind: CommentKind): void {
    const eol = this.text.indexOf('\n', this.pos);
    this.comment(kind, eol < 0 ? this.text.length : eol);
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
  private dollar(inDouble: boolean, limit = this.text.length): boolean {
    const { text, pos } = this;
    const quote = inDouble ? 'double' : 'none';
    if (pos + 1 < limit && isVariableStart(text.charCodeAt(pos + 1))) {
      let end = pos + 2;
      while (end < limit && isVariableChar(text.charCodeAt(end))) end++;
      this.piece('variable', end, this.atoms.get(text, pos + 1, end), quote);
      return true;
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
        this.piece('variable', end + 1, decodeEscapes(text, pos + 2, end).value, quote, true);
        return true;
      }
      this.error('unterminated-variable', end);
      return false;
    }
    this.piece('text', pos + 1, '$', quote);
    return true;
  }

  /** Finds the closing quote, skipping escaped characters; -1 when the string is not closed. */
  private closingQuote(quote: string): number {
    const { text } = this;
    const q = quote.charCodeAt(0);
    for (let i = this.pos + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === q) return i;
    }
    return -1;
  }

  /** jaillex.l reports an unclosed quote and skips only to the end of that line, then reads on. */
  private unterminatedString(): false {
    const { text } = this;
    let end = this.pos + 1;
    while (end < text.length && text[end] !== '\n') {
      if (text[end] !== '\\') end++;
      else if (end + 1 < text.length && text[end + 1] !== '\n') end += 2;
      else break;
    }
    this.error('unterminated-string', end);
    return false;
  }

  private singleQuoted(): boolean {
    const close = this.closingQuote("'");
    if (close < 0) return this.unterminatedString();
    this.piece('text', close + 1, decodeEscapes(this.text, this.pos + 1, close).value, 'single');
    return true;
  }

  /**
   * A double-quoted string is cut into pieces at each variable, as jaillex.l does with its DQ start state:
   * the text before the first `$` (possibly empty), then variables and the literal text between them,
   * handed out one per call of next().
   */
  private doubleQuoted(): boolean {
    const close = this.closingQuote('"');
    if (close < 0) return this.unterminatedString();
    const stop = this.literalRun(this.pos + 1, close);
    if (stop >= close) {
      this.piece('text', close + 1, this.runValue, 'double');
      return true;
    }
    this.piece('text', stop, this.runValue, 'double');
    this.close = close;
    return true;
  }

  /** The decoded text of the last literalRun(). */
  private runValue = '';

  /**
   * Decodes the literal text of a double-quoted string from `from` up to its next `$` or `to`, into
   * runValue, and returns where it stopped. Text without a backslash, nearly all of it, is a slice: no
   * decoding and no result object.
   */
  private literalRun(from: number, to: number): number {
    const { text } = this;
    let at = from;
    while (at < to) {
      const c = text.charCodeAt(at);
      if (c === DOLLAR) break;
      if (c === BACKSLASH) {
        const decoded = decodeEscapes(text, from, to, true);
        this.runValue = decoded.value;
        return decoded.stop;
      }
      at++;
    }
    // A quoted text is as often repeated as an atom ("logger starting ", "/32"), so it is shared the same
    // way, from a table of its own that unique texts (paths, addresses) cannot crowd atoms out of.
    this.runValue = from === at ? '' : this.quotedTexts.get(text, from, at);
    return at;
  }

  /** The next piece of a double-quoted string; false when an error took its place. */
  private inDoubleQuotes(): boolean {
    const { text, close } = this;
    if (this.pos >= close) {
      // An error swallowed the string's last piece: its closing quote makes an empty one.
      this.close = -1;
      this.piece('text', close + 1, '', 'double');
      return true;
    }
    if (text.charCodeAt(this.pos) === DOLLAR) {
      if (!this.dollar(true, close)) return false;
    } else {
      const stop = this.literalRun(this.pos, close);
      this.piece('text', stop === this.pos ? this.pos + 1 : stop, this.runValue, 'double');
    }
    // The closing quote belongs to the last piece, so that a string's pieces cover its whole text.
    if (this.end === close) {
      this.end = this.pos = close + 1;
      this.close = -1;
    }
    return true;
  }

  private set(kind: TokenKind, end: number, value: string, quote: Quote, braced: boolean): void {
    this.kind = kind;
    this.start = this.pos;
    this.end = end;
    this.value = value;
    this.quote = quote;
    this.braced = braced;
  }

  private piece(kind: TokenKind, end: number, value: string, quote: Quote, braced = false): void {
    this.set(kind, end, value, quote, braced);
    this.glued = this.instr;
    this.instr = true;
    this.pos = end;
  }

  private punct(kind: TokenKind, length: number): void {
    this.set(kind, this.pos + length, kind, 'none', false);
    this.glued = false;
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
  do {
    lexer.next();
    tokens.push(lexer.token());
  } while (lexer.kind !== 'eof');
  return { tokens, comments: lexer.comments, errors: lexer.errors };
}
