import { strict as assert } from 'node:assert';
import { globMatcher, pathSelector } from '../../../src/core/sync/syncSelection';

describe('sync include/exclude globs', () => {
  const cases: [string, string, boolean][] = [
    ['**/*', 'a/b/c.php', true],
    ['*.log', 'var/debug.log', true],
    ['*.log', 'var/debug.log.1', false],
    ['src/*.php', 'src/a.php', true],
    ['src/*.php', 'src/lib/a.php', false],
    ['src/**/*.php', 'src/lib/deep/a.php', true],
    ['src/**/*.php', 'src/a.php', true],
    ['node_modules/**', 'node_modules/x/index.js', true],
    ['node_modules/**', 'lib/node_modules/x.js', true],
    ['/vendor/', 'vendor/autoload.php', true],
    ['/vendor/', 'lib/vendor/x.php', false],
    ['.git/**', '.git/HEAD', true],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['a+b(c).txt', 'a+b(c).txt', true],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatcher(pattern)(path), expected));
  }

  it('selects included paths that no exclude matches, and prunes excluded folders', () => {
    const selector = pathSelector({ include: ['**/*'], exclude: ['node_modules/**', '*.log'] });
    assert.equal(selector.selects('index.php'), true);
    assert.equal(selector.selects('logs/app.log'), false);
    assert.equal(selector.selects('node_modules/a/b.js'), false);
    assert.equal(selector.prunes('node_modules'), true);
    assert.equal(selector.prunes('src'), false);
  });
});
