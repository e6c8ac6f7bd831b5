/**
 * jail.conf(5) tokens as FreeBSD's jaillex.l produces them (freebsd-reference.md §1.2). A word is a run
 * of pieces with nothing between them; the first piece of a word is a plain token and each following one
 * is a "continuation" (jaillex.l's STR1/QSTR1), which only values may use.
 */

export type Part = { literal: string } | { variable: string };

export type Token =
  | { kind: 'punct'; text: '{' | '}' | ';' | ',' | '=' | '+='; line: number }
  | { kind: 'piece'; continues: boolean; quoted: boolean; parts: Part[]; raw: string; line: number }
  | { kind: 'eof'; line: number };

export class ConfSyntaxError extends Error {}

const ATOM = /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]/;
const SINGLE_ATOMS = '$*+/\\';
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z_0-9]/;

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let line = 1;
  let inWord = false;
  const error = (message: string, where = line): never => {
    throw new ConfSyntaxError(`${file} line ${where}: ${message}`);
  };

  /** Decodes a backslash escape starting at `at` (the backslash); returns the text and the next index. */
  const escape = (): string => {
    const next = text[at + 1];
    if (next === undefined) { at += 1; return '\\'; }
    if (next === '\n') { line++; at += 2; return ''; }
    const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4));
    if (octal) { at += 1 + octal[0].length; return String.fromCharCode(parseInt(octal[0], 8)); }
    const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(at + 1, at + 4));
    if (hex) { at += 1 + hex[0].length; return String.fromCharCode(parseInt(hex[1], 16)); }
    at += 2;
    return SIMPLE_ESCAPES[next] ?? next;
  };

  /** A variable reference at `at` ($name or ${...}), or undefined when the $ is a plain character. */
  const variable = (inDoubleQuotes: boolean): string | undefined => {
    if (text[at + 1] === '{') {
      const close = text.indexOf('}', at + 2);
      const body = close < 0 ? '' : text.slice(at + 2, close);
      if (close < 0 || /[\n{]/.test(body) || (inDoubleQuotes && body.includes('"'))) error('unterminated variable');
      at = close + 1;
      return body;
    }
    if (!NAME_START.test(text[at + 1] ?? '')) return undefined;
    let end = at + 2;
    while (end < text.length && NAME_CHAR.test(text[end])) end++;
    const name = text.slice(at + 1, end);
    at = end;
    return name;
  };

  const pushPiece = (parts: Part[], raw: string, quoted: boolean, startLine: number) => {
    tokens.push({ kind: 'piece', continues: inWord, quoted, parts, raw, line: startLine });
    inWord = true;
  };

  while (at < text.length) {
    const character = text[at];
    const startLine = line;
    if (character === '\n') { line++; at++; inWord = false; continue; }
    if (character === ' ' || character === '\t' || character === '\r') { at++; inWord = false; continue; }
    if (character === '#' || text.startsWith('//', at)) {
      while (at < text.length && text[at] !== '\n') at++;
      inWord = false;
      continue;
    }
    if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) error('unterminated comment');
      line += (text.slice(at, close).match(/\n/g) ?? []).length;
      at = close + 2;
      inWord = false;
      continue;
    }
    if (text.startsWith('+=', at)) { tokens.push({ kind: 'punct', text: '+=', line }); at += 2; inWord = false; continue; }
    if ('{};,='.includes(character)) {
      tokens.push({ kind: 'punct', text: character as '{' | '}' | ';' | ',' | '=', line });
      at++;
      inWord = false;
      continue;
    }
    if (character === '"' || character === "'") {
      const begin = at;
      const parts: Part[] = [];
      let literal = '';
      at++;
      while (at < text.length && text[at] !== character) {
        if (text[at] === '\\') { literal += escape(); continue; }
        if (character === '"' && text[at] === '$') {
          const name = variable(true);
          if (name !== undefined) {
            if (literal) parts.push({ literal });
            literal = '';
            parts.push({ variable: name });
            continue;
          }
        }
        if (text[at] === '\n') line++;
        literal += text[at++];
      }
      if (at >= text.length) error('unterminated string', startLine);
      at++;
      if (literal || parts.length === 0) parts.push({ literal });
      pushPiece(parts, text.slice(begin, at), true, startLine);
      continue;
    }
    if (character === '$') {
      const begin = at;
      const name = variable(false);
      if (name !== undefined) { pushPiece([{ variable: name }], text.slice(begin, at), false, startLine); continue; }
    }
    if (character === '\\') {
      const begin = at;
      const decoded = escape();
      pushPiece([{ literal: decoded }], text.slice(begin, at), false, startLine);
      continue;
    }
    if (SINGLE_ATOMS.includes(character)) { pushPiece([{ literal: character }], character, false, startLine); at++; continue; }
    let end = at;
    while (end < text.length && ATOM.test(text[end])) end++;
    if (end === at) end = at + 1; // a byte jaillex.l has no rule for still forms a piece of its own
    pushPiece([{ literal: text.slice(at, end) }], text.slice(at, end), false, startLine);
    at = end;
  }
  tokens.push({ kind: 'eof', line });
  return tokens;
}
