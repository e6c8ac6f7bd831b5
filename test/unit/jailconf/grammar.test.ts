import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterTable } from '../../../src/core/jailconf';

const root = join(__dirname, '../../..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/jailconf.tmLanguage.json'), 'utf8'));
const fixtures = readdirSync(join(root, 'test/grammar'))
  .filter((f) => f.endsWith('.test.jailconf'))
  .map((f) => readFileSync(join(root, 'test/grammar', f), 'utf8'))
  .join('\n');

interface Rule {
  match?: string;
  name?: string;
}
const nameRules: Rule[] = grammar.repository['statement-name'].patterns;
const knownRule = nameRules.find((r) => r.name === 'support.type.property-name.jailconf' && r.match?.startsWith('\\G(?:'));
const negatedRule = nameRules.find((r) => r.match?.includes('(no)'));

/** The grammar's Oniguruma rule as a JavaScript regular expression anchored at the start. */
const asRegExp = (rule: Rule | undefined) => new RegExp((rule?.match ?? '').replace(/^\\G/, '^'));

function scopeNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => scopeNames(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'name' && typeof value === 'string') out.add(value);
      else scopeNames(value, out);
    }
  }
  return out;
}

describe('jail.conf TextMate grammar', () => {
  it('knows exactly the parameters of the table', () => {
    const listed = /^\\G\(\?:(.*?)\)\(\?!/.exec(knownRule?.match ?? '')?.[1] ?? '';
    const names = listed.split('|').map((n) => n.replace(/\\(.)/g, '$1'));
    assert.deepEqual([...names].sort(), parameterTable.map((p) => p.name).sort());
    const known = asRegExp(knownRule);
    for (const p of parameterTable) assert.equal(known.exec(`${p.name} = x;`)?.[0], p.name, p.name);
    assert.equal(known.test('hostname = x;'), false);
    assert.equal(known.test('persistent;'), false);
  });

  it('shows the no prefix of every boolean, and of booleans only', () => {
    const negated = asRegExp(negatedRule);
    for (const p of parameterTable.filter((x) => x.type === 'boolean')) {
      const dot = p.name.lastIndexOf('.');
      const form = `${p.name.slice(0, dot + 1)}no${p.name.slice(dot + 1)}`;
      assert.equal(negated.exec(`${form};`)?.[2], 'no', form);
    }
    assert.equal(negated.test('nopath;'), false);
    assert.equal(negated.test('allow.nosuchthing;'), false);
  });

  it('has a fixture asserting every scope it can give', () => {
    const untested = [...scopeNames(grammar, new Set())].filter((scope) => scope !== 'jail.conf' && !fixtures.includes(scope));
    assert.deepEqual(untested, []);
  });
});
