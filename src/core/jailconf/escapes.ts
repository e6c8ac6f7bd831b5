// Backslash escapes as jaillex.l's text2lval() decodes them, the same inside and outside quotes:
// \a \b \f \n \r \t \v, one to three octal digits, \x with up to two hex digits, backslash-newline as a
// line continuation (both characters dropped), and any other escaped character standing for itself.

const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const hexValue = (c: string | undefined): number => (c === undefined ? -1 : '0123456789abcdef'.indexOf(c.toLowerCase()));

/**
 * Decodes text[from, to) and stops early at an unescaped `$` when `stopAtDollar` is set (double-quoted
 * strings, where `$` starts a variable). Returns the decoded text and the offset where decoding stopped.
 */
export function decodeEscapes(text: string, from: number, to: number, stopAtDollar = false): { value: string; stop: number } {
  let out = '';
  let i = from;
  let run = i;
  while (i < to) {
    const c = text[i];
    if (c === '$' && stopAtDollar) break;
    if (c !== '\\') {
      i++;
      continue;
    }
    out += text.slice(run, i);
    i++;
    if (i >= to) {
      run = i;
      break;
    }
    const e = text[i];
    if (isOctal(e)) {
      let code = Number(e);
      for (let n = 1; n < 3 && i + 1 < to && isOctal(text[i + 1]); n++) code = code * 8 + Number(text[++i]);
      out += String.fromCharCode(code & 0xff);
    } else if (e === 'x') {
      let code = 0;
      for (let n = 0; n < 2 && i + 1 < to && hexValue(text[i + 1]) >= 0; n++) code = code * 16 + hexValue(text[++i]);
      out += String.fromCharCode(code);
    } else if (e !== '\n') {
      out += simple[e] ?? e;
    }
    i++;
    run = i;
  }
  return { value: out + text.slice(run, i), stop: i };
}
