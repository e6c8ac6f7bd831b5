import { strict as assert } from 'node:assert';
import { analyzeText, completionsAt, definitionsAt, foldingRanges, hoverAt, outline, parse, quickFixesFor, referencesAt } from '../../../src/core/jailconf';

const text = `$root = "/usr/local/jails";
path = "$root/$name";
host.hostname = "\${name}.example.org";
exec.start = "/bin/sh /etc/rc";

web {
    ip4.addr = "em0|192.0.2.10/24";
    persist;
}
db {
    depend = web;
    persist;
}
`;
const file = '/etc/jail.conf';
const analysis = analyzeText(text, file);
const offsetOf = (needle: string, delta = 1) => text.indexOf(needle) + delta;

describe('jail.conf language services', () => {
  it('hovers a parameter with its description, type, default and value in each jail', () => {
    const hover = hoverAt(analysis, file, offsetOf('host.hostname'));
    assert.ok(hover);
    assert.match(hover.markdown, /^\*\*host\.hostname\*\* — string, kernel parameter/);
    assert.match(hover.markdown, /Host name of the jail/);
    assert.match(hover.markdown, /Default: empty/);
    assert.match(hover.markdown, /In \*\*web\*\*: "web\.example\.org"/);
    assert.match(hover.markdown, /In \*\*db\*\*: "db\.example\.org"/);
    assert.deepEqual(hover.span, { start: text.indexOf('host.hostname'), end: text.indexOf('host.hostname') + 13 });
  });

  it('hovers a variable with its value after substitution, per jail', () => {
    const hover = hoverAt(analysis, file, offsetOf('$name";'));
    assert.ok(hover);
    assert.match(hover.markdown, /\*\*\$name\*\*/);
    assert.match(hover.markdown, /web: "web"/);
    assert.match(hover.markdown, /db: "db"/);
    const root = hoverAt(analysis, file, 2);
    assert.match(root?.markdown ?? '', /web, db: "\/usr\/local\/jails"/);
  });

  it('hovers a jail name with its effective parameters', () => {
    const hover = hoverAt(analysis, file, offsetOf('web {'));
    assert.match(hover?.markdown ?? '', /\*\*jail web\*\*/);
    assert.match(hover?.markdown ?? '', /path = "\/usr\/local\/jails\/web"/);
  });

  it('completes parameter names where a statement starts', () => {
    const withTyping = 'web {\n    pers\n}\n';
    const items = completionsAt(analyzeText(withTyping, file), file, withTyping.indexOf('pers') + 4);
    const persist = items.find((i) => i.label === 'persist');
    assert.ok(persist);
    assert.equal(persist.kind, 'parameter');
    assert.deepEqual([persist.replaceStart, persist.replaceEnd], [10, 14]);
    assert.ok(items.some((i) => i.label === 'allow.mount.zfs'));
    assert.ok(!items.some((i) => i.label === 'children.cur'), 'read-only parameters are not offered');
  });

  it('completes values: booleans, jailsys, jail names for depend', () => {
    const source = 'web { persist; }\ndb { persist; allow.mount = ; vnet = ; depend = ; }\n';
    const a = analyzeText(source, file);
    const labels = (needle: string) => completionsAt(a, file, source.indexOf(needle) + needle.length).map((i) => i.label);
    assert.deepEqual(labels('allow.mount = '), ['true', 'false']);
    assert.deepEqual(labels('vnet = '), ['new', 'inherit']);
    assert.deepEqual(labels('depend = '), ['web', 'db']);
  });

  it('completes variables and the jail parameters after $ and ${', () => {
    const source = '$root = "/j";\nweb { persist; host.hostname = w; path = "$r\n';
    const items = completionsAt(analyzeText(source, file), file, source.length - 1);
    assert.ok(items.some((i) => i.label === '$root' && i.insertText === '$root'));
    assert.ok(items.some((i) => i.label === '${host.hostname}'));
  });

  it('outlines jails with their parameters and the globals', () => {
    const symbols = outline(parse(text).statements, text);
    assert.deepEqual(symbols.map((s) => `${s.kind}:${s.name}`), ['variable:$root', 'parameter:path', 'parameter:host.hostname', 'parameter:exec.start', 'jail:web', 'jail:db']);
    assert.deepEqual(symbols[4].children.map((c) => `${c.name}=${c.detail}`), ['ip4.addr="em0|192.0.2.10/24"', 'persist=']);
  });

  it('folds blocks and multi-line comments', () => {
    assert.deepEqual(foldingRanges(parse(text)), [{ startLine: 5, endLine: 7, kind: 'region' }, { startLine: 9, endLine: 11, kind: 'region' }]);
    assert.deepEqual(foldingRanges(parse('/* a\n b */\nweb { persist; }\n')), [{ startLine: 0, endLine: 1, kind: 'comment' }]);
  });

  it('goes to the definition of a variable and of a jail named in depend', () => {
    assert.deepEqual(definitionsAt(analysis, file, offsetOf('$root/')), [{ file, start: 0, end: 5 }]);
    assert.deepEqual(definitionsAt(analysis, file, offsetOf('depend = web', 10)), [{ file, start: text.indexOf('web {'), end: text.indexOf('web {') + 3 }]);
  });

  it('finds the references of a variable and of a jail', () => {
    assert.deepEqual(referencesAt(analysis, file, 2).map((r) => r.start), [0, text.indexOf('$root/')]);
    assert.deepEqual(referencesAt(analysis, file, offsetOf('web {')).map((r) => r.start), [text.indexOf('web {'), text.indexOf('depend = web') + 9]);
  });

  it('offers quick fixes for a misspelt name, a missing ; and an unsafe value', () => {
    const fixesOf = (source: string) => analyzeText(source, file).diagnostics.flatMap((d) => quickFixesFor(d).map((f) => ({ title: f.title, ...f.edit })));
    assert.deepEqual(fixesOf('web { persist; hostname = w; }'), [{ title: 'Change to "host.hostname"', start: 15, end: 23, newText: 'host.hostname' }]);
    assert.deepEqual(fixesOf('web {\n  persist\n}'), [{ title: "Insert the missing ';'", start: 15, end: 15, newText: ';' }]);
    assert.deepEqual(fixesOf('web {\n  path = /j//web;\n  persist;\n}'), [{ title: 'Put the value in double quotes', start: 15, end: 22, newText: '"/j//web"' }]);
  });
});
