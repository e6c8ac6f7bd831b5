import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/jailconf/lexer';


/** Tokens as `kind:value` with `+` in front of pieces glued to the previous one. */
function tokens(text: string): string[] {
  return lex(text)
    .tokens.filter((t) => t.kind !== 'eof')
    .map((t) => `${t.glued ? '+' : ''}${t.kind === 'variable' ? 'var' : t.kind}${t.kind === 'text' || t.kind === 'variable' ? `:${t.value}` : ''}`);
}

describe('jail.conf lexer (jaillex.l)', () => {
  it('reads atoms with dots, colons and the other atom characters as single tokens', () => {
    assert.deepEqual(tokens('ip4.addr = 10.1.1.1;'), ['text:ip4.addr', '=', 'text:10.1.1.1', ';']);
    assert.deepEqual(tokens('a = ::1, .include, a-b_c!%&()<>?@[]^`|~;'), ['text:a', '=', 'text:::1', ',', 'text:.include', ',', 'text:a-b_c!%&()<>?@[]^`|~', ';']);
  });

  it('glues string pieces written without white space: "abc"def is abcdef', () => {
    assert.deepEqual(tokens('x = "abc"def;'), ['text:x', '=', 'text:abc', '+text:def', ';']);
    assert.deepEqual(tokens("x = 'a'\"b\"c;"), ['text:x', '=', 'text:a', '+text:b', '+text:c', ';']);
  });

  it('cuts /var/jail/$name into pieces: / and * and $ and + and \\ are one-character atoms', () => {
    assert.deepEqual(tokens('path = /var/jail/$name;'), ['text:path', '=', 'text:/', '+text:var', '+text:/', '+text:jail', '+text:/', '+var:name', ';']);
    assert.deepEqual(tokens('x = a*b+c;'), ['text:x', '=', 'text:a', '+text:*', '+text:b', '+text:+', '+text:c', ';']);
  });

  it('reads += as one token, even glued to its neighbours', () => {
    assert.deepEqual(tokens('a+=b;'), ['text:a', '+=', 'text:b', ';']);
  });

  it('starts a comment at an unquoted #, // or /* even inside a value', () => {
    const r = lex('path = /a//b;\nx = a#b;\ny = c/*d*/e;\n');
    assert.deepEqual(
      r.tokens.filter((t) => t.kind === 'text').map((t) => t.value),
      ['path', '/', 'a', 'x', 'a', 'y', 'c', 'e'],
    );
    assert.deepEqual(r.comments.map((c) => [c.kind, c.glued]), [['double-slash', true], ['hash', true], ['block', true]]);
  });

  it('does not glue the piece after a comment to the one before it', () => {
    const r = lex('y = c/*d*/e;');
    assert.equal(r.tokens[3].glued, false);
  });

  it('expands $name but not $host.hostname: the short form stops at the dot', () => {
    assert.deepEqual(tokens('x = $host.hostname;'), ['text:x', '=', 'var:host', '+text:.hostname', ';']);
    assert.deepEqual(tokens('x = ${host.hostname};'), ['text:x', '=', 'var:host.hostname', ';']);
  });

  it('expands variables inside double quotes, cutting the string at each of them', () => {
    assert.deepEqual(tokens('x = "a${b}c$d";'), ['text:x', '=', 'text:a', '+var:b', '+text:c', '+var:d', ';']);
    assert.deepEqual(tokens('x = "$a";'), ['text:x', '=', 'text:', '+var:a', ';']);
    assert.deepEqual(tokens('x = "cost $5";'), ['text:x', '=', 'text:cost ', '+text:$', '+text:5', ';']);
  });

  it('does not expand variables inside single quotes', () => {
    assert.deepEqual(tokens("x = '$a ${b}';"), ['text:x', '=', 'text:$a ${b}', ';']);
  });

  it('decodes escapes the same way inside and outside quotes', () => {
    const values = (text: string) => lex(text).tokens.filter((t) => t.kind === 'text').map((t) => t.value);
    assert.deepEqual(values('"\\a\\b\\f\\n\\r\\t\\v"'), ['\x07\b\f\n\r\t\v']);
    assert.deepEqual(values('"\\101\\x41\\x4a\\7"'), ['AAJ\x07']);
    assert.deepEqual(values('"a\\\nb" \'\\$\\q\''), ['ab', '$q']);
    assert.deepEqual(values('a\\ b'), ['a', ' ', 'b']);
    assert.deepEqual(values('"\\$x"'), ['$x']);
  });

  it('lets quoted strings span lines', () => {
    const r = lex('x = "a\nb";');
    assert.equal(r.tokens[2].value, 'a\nb');
    assert.equal(r.tokens[2].quote, 'double');
  });

  it('reports an unterminated string, comment or variable and reads on', () => {
    assert.deepEqual(lex('x = "abc;\ny = 1;').errors.map((e) => [e.code, e.start, e.end]), [['unterminated-string', 4, 9]]);
    assert.deepEqual(tokens('x = "abc;\ny = 1;'), ['text:x', '=', 'text:y', '=', 'text:1', ';']);
    assert.deepEqual(lex("x = 'abc").errors.map((e) => e.code), ['unterminated-string']);
    assert.deepEqual(lex('/* never closed\n x;').errors.map((e) => [e.code, e.start]), [['unterminated-comment', 0]]);
    assert.deepEqual(lex('x = ${abc;\ny;').errors.map((e) => [e.code, e.start, e.end]), [['unterminated-variable', 4, 10]]);
    assert.deepEqual(lex('x = "${abc";').errors.map((e) => e.code), ['unterminated-variable']);
  });

  it('hands a character outside the token set to the parser as a stray token', () => {
    assert.deepEqual(tokens('h = café;'), ['text:h', '=', 'text:caf', '+stray', ';']);
  });

  it('keeps a lone $ that starts no variable as a piece of text', () => {
    assert.deepEqual(tokens('x = a$ b$;'), ['text:x', '=', 'text:a', '+text:$', 'text:b', '+text:$', ';']);
  });
});
