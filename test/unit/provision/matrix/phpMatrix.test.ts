import { strict as assert } from 'node:assert';
import { parsePhpErrorLog } from '../../../../src/core/provision/matrix/phpErrorLog';
import { MatrixJail, MatrixRow, MatrixServices, matrixSpec, PhpMatrix } from '../../../../src/core/provision/matrix/phpMatrix';
import type { ThrowawaySpec } from '../../../../src/core/provision/throwawaySpec';

const log = `[29-Nov-2026 06:50:00 UTC] PHP Warning:  Undefined variable $x in /usr/local/www/apache24/data/index.php on line 3
[29-Nov-2026 06:50:01 UTC] PHP Deprecated:  Constant E_STRICT is deprecated in Unknown on line 0
[29-Nov-2026 06:50:02 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function mysql_query() in /usr/local/www/apache24/data/db.php:7
Stack trace:
#0 {main}
  thrown in /usr/local/www/apache24/data/db.php on line 7
`;

describe('PHP error log', () => {
  it('reads entries with level, message, file and line; stack traces stay with their entry', () => {
    assert.deepEqual(parsePhpErrorLog(log), [
      { time: '29-Nov-2026 06:50:00 UTC', level: 'Warning', message: 'Undefined variable $x', file: '/usr/local/www/apache24/data/index.php', line: 3 },
      { time: '29-Nov-2026 06:50:01 UTC', level: 'Deprecated', message: 'Constant E_STRICT is deprecated in Unknown on line 0' },
      { time: '29-Nov-2026 06:50:02 UTC', level: 'Fatal error', message: 'Uncaught Error: Call to undefined function mysql_query()', file: '/usr/local/www/apache24/data/db.php', line: 7 },
    ]);
  });
});

const base: ThrowawaySpec = {
  host: 'lab', name: 'shop', stack: 'apache-php-fpm', php: '8.4', packages: [], phpExtensions: ['mbstring'], phpIni: { memory_limit: '64M' },
  webServerSnippets: [], sysrc: {}, provision: ['echo ready'], ports: [80],
};

/** Jails whose log gains one warning per request on 8.5 and nothing on 8.3; 8.2 cannot be created. */
class FakeServices implements MatrixServices {
  logs = new Map<string, string>();
  created: ThrowawaySpec[] = [];
  synced: string[] = [];
  destroyed: string[] = [];
  async create(spec: ThrowawaySpec) {
    this.created.push(spec);
    if (spec.php === '8.2') return { ok: false as const, message: 'php82 is not in the repository' };
    this.logs.set(spec.name, '[x] PHP Notice:  start-up noise in /a.php on line 1\n');
    return { ok: true as const, jail: { name: spec.name, php: spec.php ?? '', path: `/tw/jails/${spec.name}`, documentRoot: '/usr/local/www/apache24/data', address: '127.213.0.2', webPort: 80 } };
  }
  async sync(jail: MatrixJail) {
    this.synced.push(jail.name);
  }
  async request(jail: MatrixJail) {
    if (jail.php === '8.5') this.logs.set(jail.name, `${this.logs.get(jail.name)}[y] PHP Warning:  new in 8.5 in /i.php on line 2\n`);
    return { status: jail.php === '8.5' ? 500 : 200, statusText: jail.php === '8.5' ? 'Internal Server Error' : 'OK' };
  }
  async readLog(jail: MatrixJail, path: string, offset: number) {
    assert.equal(path, `${jail.path}/var/log/php_errors.log`);
    return Buffer.from((this.logs.get(jail.name) ?? '').slice(offset));
  }
  async destroy(names: string[]) {
    this.destroyed.push(...names);
    return names.map((name) => ({ name, ok: true }));
  }
}

describe('PHP version matrix', () => {
  it('gives each version a jail of its own with PHP logging to one file in PHP\'s format', () => {
    const spec = matrixSpec(base, '8.3');
    assert.equal(spec.name, 'shop-php83');
    assert.deepEqual(spec.phpIni, { memory_limit: '64M', log_errors: true, error_log: '/var/log/php_errors.log', error_reporting: 'E_ALL' });
    assert.deepEqual(spec.provision, ['touch /var/log/php_errors.log', 'chown www:www /var/log/php_errors.log', 'echo ready']);
  });

  it('creates all versions at once, reports status, time and only the new log entries; re-runs and destroys', async () => {
    const services = new FakeServices();
    const snapshots: string[][] = [];
    const matrix = new PhpMatrix(services, base, ['8.5', '8.3', '8.2'], (rows) => snapshots.push(rows.map((r) => r.state)));
    await matrix.start(new AbortController().signal);
    const summary = (rows: MatrixRow[]) => rows.map((r) => [r.php, r.state, r.status ?? r.message, r.problems.map((p) => p.message)]);
    assert.deepEqual(summary(matrix.rows), [
      ['8.5', 'ready', 500, ['new in 8.5']],
      ['8.3', 'ready', 200, []],
      ['8.2', 'failed', 'php82 is not in the repository', []],
    ]);
    assert.ok(snapshots.some((states) => states.includes('requesting')));
    await matrix.rerun(new AbortController().signal);
    assert.deepEqual(services.synced.sort(), ['shop-php83', 'shop-php85']);
    assert.deepEqual(matrix.rows[0].problems.map((p) => p.message), ['new in 8.5'], 'the first run\'s warning is not counted again');
    await matrix.destroyAll();
    assert.deepEqual(services.destroyed.sort(), ['shop-php83', 'shop-php85']);
    assert.deepEqual(matrix.rows.map((r) => r.state), ['destroyed', 'destroyed', 'failed']);
  });
});
