import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { buildSectionedScript, splitSections } from '../../../src/core/freebsd/sectionedScript';

describe('sectioned scripts', () => {
  const nonce = 'a1b2c3d4e5';

  it('runs every section in sh and splits output and status back apart', () => {
    const script = buildSectionedScript(
      [
        { name: 'one', script: 'echo hello; echo world' },
        { name: 'fails', script: 'echo oops >&2; exit 3' },
        { name: 'after', script: 'cd /; pwd' },
        { name: 'empty', script: 'true' },
      ],
      nonce,
    );
    const stdout = execFileSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8' });
    const r = splitSections(stdout, nonce, ['one', 'fails', 'after', 'empty']);
    assert.deepEqual(r.get('one'), { output: 'hello\nworld', status: 0 });
    assert.deepEqual(r.get('fails'), { output: 'oops', status: 3 }, 'stderr is kept and exit ends only its section');
    assert.deepEqual(r.get('after'), { output: '/', status: 0 });
    assert.deepEqual(r.get('empty'), { output: '', status: 0 });
  });

  it('reports an answer cut short', () => {
    assert.throws(() => splitSections(`@@${nonce} begin one\nhalf`, nonce, ['one']), /stopped before: one/);
  });

  it('does not take output that looks like a marker with another nonce for one', () => {
    const stdout = `@@${nonce} begin one\n@@zzzzzzzz end one 0\n@@${nonce} end one 0\n`;
    assert.deepEqual(splitSections(stdout, nonce, ['one']).get('one'), { output: '@@zzzzzzzz end one 0', status: 0 });
  });

  it('refuses weak nonces and odd section names', () => {
    assert.throws(() => buildSectionedScript([], 'x'), /nonce/);
    assert.throws(() => buildSectionedScript([{ name: 'a b', script: 'true' }], nonce), /bad section name/);
  });
});
