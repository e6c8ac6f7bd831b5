/**
 * One page on every PHP branch of the fixture repository, as a version matrix runs it: each jail's PHP
 * reports its own version, functions appear with the version that added them, E_USER_ERROR is deprecated
 * from 8.4, and phpinfo() says it is simulated.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost, writeRemoteFile } from './harness';
import { httpGet, MOD_PHP_CONF, onHost } from './webSupport';

const BRANCHES = [['82', '8.2.29'], ['83', '8.3.26'], ['84', '8.4.13'], ['85', '8.5.0']];
// No php.ini: PHP's defaults display errors, so a fatal error still answers 200 (as PHP does).
const PAGE = '<?php\necho PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION, " ";\necho function_exists("json_validate") ? "json_validate" : "-", " ";\necho json_validate("{}") ? "valid" : "invalid";\n';

describe('simulated host: a PHP version matrix', function () {
  this.timeout(120000);
  const host = useSimulatedHost(() => scenario({ jails: BRANCHES.map(([branch]) => ({ name: `php${branch}`, running: true, configuredIn: 'jail.conf' as const, ip4: `127.213.0.1${branch}` })) }));

  before(async function () {
    this.timeout(120000);
    await Promise.all(BRANCHES.map(async ([branch]) => {
      const root = `/usr/local/jails/containers/php${branch}`;
      await onHost(host(), `pkg -j php${branch} install -y -q apache24 mod_php${branch} && sysrc -j php${branch} apache24_enable=YES >/dev/null`);
      await writeRemoteFile(host(), `${root}/usr/local/etc/apache24/Includes/php.conf`, MOD_PHP_CONF);
      await writeRemoteFile(host(), `${root}/usr/local/www/apache24/data/index.php`, PAGE);
      await onHost(host(), `service -j php${branch} apache24 start 2>/dev/null`);
    }));
  });

  it('runs each jail\'s own PHP, with the functions its version has', async () => {
    const answers = await Promise.all(BRANCHES.map(([branch]) => httpGet(host(), `127.213.0.1${branch}`, 80, '/')));
    assert.deepEqual(answers.map((answer) => [answer.status, answer.headers['x-powered-by']]),
      BRANCHES.map(([, version]) => [200, `PHP/${version} (simulated)`]));
    assert.deepEqual(answers.slice(1).map((answer) => answer.body), ['8.3 json_validate valid', '8.4 json_validate valid', '8.5 json_validate valid']);
    assert.ok(answers[0].body.startsWith('8.2 - <br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function json_validate() in /usr/local/www/apache24/data/index.php:4\nStack trace:\n#0 {main}\n  thrown in <b>/usr/local/www/apache24/data/index.php</b> on line <b>4</b><br />\n'), answers[0].body);
  });

  it('deprecates E_USER_ERROR from PHP 8.4 on', async () => {
    const code = `trigger_error("stop", E_USER_ERROR); echo "not reached";`;
    const older = await ssh(host(), `jexec php83 php -n -r '${code}'`);
    assert.deepEqual([older.status, older.stderr], [255, 'PHP Fatal error:  stop in Command line code on line 1\n']);
    const newer = await ssh(host(), `jexec php84 php -n -r '${code}'`);
    assert.deepEqual([newer.status, newer.stderr], [255, 'PHP Deprecated:  Passing E_USER_ERROR to trigger_error() is deprecated since 8.4, throw an exception or call exit with a string message instead in Command line code on line 1\nPHP Fatal error:  stop in Command line code on line 1\n']);
  });

  it('shows a phpinfo() page that says it is simulated', async () => {
    await writeRemoteFile(host(), '/usr/local/jails/containers/php85/usr/local/www/apache24/data/info.php', '<?php phpinfo();');
    const info = await httpGet(host(), '127.213.0.185', 80, '/info.php');
    assert.ok(info.body.includes('<h1>PHP Version 8.5.0 (simulated)</h1>'), info.body);
    assert.ok(info.body.includes('<tr><td class="e">Server API</td><td class="v">apache2handler</td></tr>'), info.body);
    assert.match((await ssh(host(), 'jexec php85 php -m')).stdout, /^\[PHP Modules\]\nCore\ndate\nhash\n/);
  });
});
