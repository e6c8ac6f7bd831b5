import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '../../../src/cli/jailconf-lint.ts');

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jailconf-lint', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jailconf-lint-'));
    writeFileSync(join(dir, 'good.conf'), 'web {\n    path = "/j/web";\n    persist;\n}\n');
    writeFileSync(join(dir, 'bad.conf'), 'web {\n    hostname = web;\n    persist;\n    securelevel = 7;\n}\n');
    writeFileSync(join(dir, 'warn.conf'), 'web {\n    securelevel = 7;\n    persist;\n}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints nothing and exits 0 for a good file', () => {
    assert.deepEqual(run([join(dir, 'good.conf')]), { code: 0, stdout: '', stderr: '' });
  });

  it('prints FILE:LINE:COL: severity: MESSAGE [CODE] and exits 1 on an error', () => {
    const file = join(dir, 'bad.conf');
    const r = run([file]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `${file}:2:5: error: web: unknown parameter: hostname — did you mean "host.hostname"? [unknown-parameter]\n` +
        `${file}:4:19: warning: web: securelevel: 7 acts like 3; the meaningful values are -1..3 [unusual-value]\n`,
    );
  });

  it('exits 0 when there are only warnings', () => {
    assert.equal(run([join(dir, 'warn.conf')]).code, 0);
  });

  it('prints JSON with --format json', () => {
    const r = run(['--format', 'json', join(dir, 'bad.conf')]);
    assert.equal(r.code, 1);
    const records = JSON.parse(r.stdout);
    assert.deepEqual(records[0], { file: join(dir, 'bad.conf'), line: 2, column: 5, endLine: 2, endColumn: 13, severity: 'error', code: 'unknown-parameter', message: 'web: unknown parameter: hostname — did you mean "host.hostname"?' });
  });

  it('reads standard input for -', () => {
    const r = run(['-'], 'web { persist }\n');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^STDIN:1:7: error: }: syntax error/);
  });

  it('exits 2 on usage and I/O errors', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['--format', 'xml', 'x']).code, 2);
    const missing = run([join(dir, 'missing.conf')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.conf: No such file or directory/);
  });
});
