import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, formatJailConf, localFileSystem } from '../../../src/core/jailconf';

const corpus = join(__dirname, '../../fixtures/jailconf/corpus');

/** Every configuration of the corpus: the *.conf files, and the jail.conf of each folder (with its includes). */
const roots = readdirSync(corpus, { withFileTypes: true }).flatMap((e) => {
  if (e.isFile() && e.name.endsWith('.conf')) return [join(corpus, e.name)];
  const folder = join(corpus, e.name, 'jail.conf');
  return e.isDirectory() && existsSync(folder) ? [folder] : [];
});

describe('jail.conf corpus of realistic valid configurations', () => {
  it('holds at least 30 configurations', () => {
    assert.ok(roots.length >= 30, `only ${roots.length}`);
  });

  for (const root of roots) {
    const label = root.slice(corpus.length + 1);
    it(`${label} gives no error and no warning`, async () => {
      const analysis = await analyzeFile(root, localFileSystem);
      const found = analysis.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.file.slice(corpus.length + 1)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);
      assert.deepEqual(found, []);
      assert.ok(analysis.jails.length > 0, 'defines no jail');
    });

    it(`${label} formats to a fixed point`, () => {
      const once = formatJailConf(readFileSync(root, 'utf8'));
      assert.ok(once !== undefined);
      assert.equal(formatJailConf(once), once);
    });
  }
});
