import { strict as assert } from 'node:assert';
import { parse } from '../../../src/core/jailconf';
import { BlockStatement, ParamStatement, Statement, wordText } from '../../../src/core/jailconf/ast';
import { diags, messages } from './helpers';

/** A compact picture of the tree: `name=value|value`, `name{…}`, `.include(…)`. */
function shape(statements: readonly Statement[]): string[] {
  return statements.map((s) => {
    if (s.kind === 'block') return `${s.label}{${shape(s.body).join(' ')}}`;
    if (s.kind === 'include') return `.include(${s.paths.map(wordText).join('|')})`;
    if (s.kind === 'empty') return ';';
    const op = s.operator === 'none' ? '' : s.operator === 'space' ? ' ' : s.operator;
    return `${s.valid ? '' : '!'}${s.definesVariable ? '$' : ''}${s.nameText}${op}${s.values.map(wordText).join('|')}`;
  });
}

const tree = (text: string) => shape(parse(text).statements);

describe('jail.conf parser (jailparse.y)', () => {
  it('reads parameters, valueless booleans, lists, += and the form without =', () => {
    assert.deepEqual(tree('persist; a = x, y, z; a += w; exec.start "/bin/sh /etc/rc";'), ['persist', 'a=x|y|z', 'a+=w', 'exec.start /bin/sh /etc/rc']);
    assert.deepEqual(diags('persist; exec.start "/bin/sh /etc/rc";'), []);
  });

  it('accepts empty statements anywhere', () => {
    assert.deepEqual(tree(';; web { ;persist;; };'), [';', ';', 'web{; persist ;}', ';']);
  });

  it('reads variable definitions', () => {
    assert.deepEqual(tree('$parentdir = "/var/jail"; ${x} = 1;'), ['$parentdir=/var/jail', '$x=1']);
  });

  it('reads nested blocks, and keeps parameters after an inner block in the outer one', () => {
    const file = parse('web { host.hostname = web; db { persist; } persist; }');
    assert.deepEqual(shape(file.statements), ['web{host.hostname=web db{persist} persist}']);
    const web = file.statements[0] as BlockStatement;
    assert.equal(web.body.length, 3);
  });

  it('takes a quoted wildcard as one block name, and `*` alone', () => {
    assert.deepEqual(tree('"foo.*" { a; } * { b; }'), ['foo.*{a}', '*{b}']);
  });

  it('reads `.include "file";` as an include, in every form jail(8) does', () => {
    assert.deepEqual(tree('.include "/etc/jail.conf.d/*.conf"; .include "a", "b";'), ['.include(/etc/jail.conf.d/*.conf)', '.include(a|b)']);
    assert.deepEqual(tree('.include = "x";'), ['.include=x']);
  });

  it('records exact offsets for names, operators and values', () => {
    const s = parse('  host.hostname = "a b";').statements[0] as ParamStatement;
    assert.deepEqual([s.start, s.end, s.start, s.nameEnd, s.operatorAt, s.values[0].start, s.values[0].end], [2, 24, 2, 15, 16, 18, 23]);
  });

  describe('errors, one diagnostic per typo', () => {
    it('says TOKEN: syntax error, at the token, like yacc', () => {
      assert.deepEqual(messages('host.hostname web server;\npersist;'), ["1:19 syntax-error: server: syntax error — separate values with ',' and quote a value that holds spaces"]);
      assert.deepEqual(tree('host.hostname web server;\npersist;'), ['!host.hostname', 'persist']);
    });

    it('reports a forgotten ; once, at the statement that lacks it, and keeps reading', () => {
      assert.deepEqual(messages('securelevel = 1\nhost.hostname = web;\npersist;'), ["1:15 missing-semicolon: host.hostname: syntax error — a ';' is missing at the end of this statement"]);
      assert.deepEqual(tree('securelevel = 1\nhost.hostname = web;\npersist;'), ['securelevel=1', 'host.hostname=web', 'persist']);
      assert.deepEqual(messages('web {\n  persist\n}\n'), ["2:3 missing-semicolon: }: syntax error — a ';' is missing at the end of this statement"]);
      assert.deepEqual(messages('persist'), ["1:1 missing-semicolon: unexpected EOF — a ';' is missing at the end of this statement"]);
    });

    it('refuses an unquoted partial wildcard at the `*` and still reads the block', () => {
      assert.deepEqual(messages('foo.* { allow.mount; }'), ['1:5 syntax-error: *: syntax error — a jail or parameter name must be one word: write "foo.*" in quotes']);
      assert.deepEqual(tree('foo.* { allow.mount; }'), ['foo.*{allow.mount}']);
    });

    it('refuses a value missing after =', () => {
      assert.deepEqual(messages('securelevel = ;\npersist;'), ["1:15 syntax-error: ;: syntax error — a value is missing after '='"]);
    });

    it('says unexpected EOF for an unclosed block, at its brace', () => {
      assert.deepEqual(messages('web {\n  persist;\n'), ['1:5 unexpected-eof: unexpected EOF — the block "web" opened here has no \'}\'']);
    });

    it('reports a } with no open block', () => {
      assert.deepEqual(messages('}\nweb { persist; }'), ["1:1 syntax-error: }: syntax error — no block is open here, so this '}' closes nothing"]);
    });

    it('reports characters outside ASCII in an unquoted value', () => {
      assert.deepEqual(messages('web { persist; host.hostname = café; }'), ['1:35 syntax-error: é: syntax error — characters outside ASCII must be inside quotes']);
      assert.deepEqual(diags('web { persist; host.hostname = "café"; }'), []);
    });

    it('reports a name written in two pieces', () => {
      assert.deepEqual(diags('web { persist; $a.b = 1; }'), ['1:18 error syntax-error']);
      assert.deepEqual(diags('web { persist; my"param" = 1; }'), ['1:18 error syntax-error']);
    });

    it('parses a block after a broken name, so that braces stay balanced', () => {
      assert.deepEqual(messages('web server { persist; }\nx { persist; }'), ["1:12 syntax-error: {: syntax error — separate values with ',' and quote a value that holds spaces"]);
      assert.deepEqual(tree('web server { persist; }\nx { persist; }'), ['web{persist}', 'x{persist}']);
    });

    it('reports the lexer error only, not what it causes in the parser', () => {
      assert.deepEqual(messages('web {\n  host.hostname = "web;\n  persist;\n}\n'), ['2:19 unterminated-string: unterminated string']);
      assert.deepEqual(messages('web { persist; }\n/* no end'), ['2:1 unterminated-comment: unterminated comment']);
      assert.deepEqual(messages('web { persist; path = "/j/${name"; }'), ['1:27 unterminated-variable: unterminated variable']);
    });
  });
});
