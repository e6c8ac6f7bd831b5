/**
 * The fixture package repository (freebsd-reference.md §6): the web stack and PHP packages installed into
 * a jail with pkg -j, pkg's messages and exit statuses, the queries, and injected faults.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const UP_TO_DATE = 'Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\n';

describe('simulated host: fixture package repository', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({ jails: [
    { name: 'web', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.30' },
    { name: 'fpm', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.31' },
  ] }));

  it('installs Apache with mod_php into a jail, activating the module in httpd.conf', async () => {
    const result = await ssh(host(), 'pkg -j web install -y apache24 mod_php84');
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes('\tmod_php84: 8.4.13 [FreeBSD]\n'), result.stdout);
    assert.ok(result.stdout.includes("Extracting mod_php84-8.4.13: .......... done\n[activating module `php' in /usr/local/etc/apache24/httpd.conf]\n"), result.stdout);
    assert.ok(result.stdout.includes('=====\nMessage from mod_php84-8.4.13:\n\n--\nMake sure index.php is part of your DirectoryIndex.\n'), result.stdout);
    const conf = await ssh(host(), 'grep -n "LoadModule php_module" /usr/local/jails/containers/web/usr/local/etc/apache24/httpd.conf');
    assert.match(conf.stdout, /^\d+:LoadModule php_module {8}libexec\/apache24\/libphp\.so\n$/);
    const files = await ssh(host(), 'cd /usr/local/jails/containers/web/usr/local && ls sbin/php-fpm sbin/httpd etc/rc.d etc/php-fpm.conf etc/php-fpm.d etc/php.ini-production etc/php.ini-development');
    assert.equal(files.stdout, 'etc/php-fpm.conf\netc/php.ini-development\netc/php.ini-production\nsbin/httpd\nsbin/php-fpm\n\netc/php-fpm.d:\nwww.conf\nwww.conf.default\n\netc/rc.d:\napache24\nphp_fpm\n');
  });

  it('refuses a second PHP in the same jail with pkgdb\'s conflict message', async () => {
    const result = await ssh(host(), 'pkg -j web install -y php83');
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'pkg: php83-8.3.26 conflicts with php84-8.4.13 (installs files into the same place).  Problematic file: /usr/local/bin/php\n');
    assert.equal((await ssh(host(), 'pkg -j web info -e php83; echo $?')).stdout, '1\n');
  });

  it('installs extensions with their ini files, quietly with -q', async () => {
    const result = await ssh(host(), 'pkg -j fpm install -y -q php85 php85-mbstring php85-pdo_mysql php85-extensions');
    assert.deepEqual(result, { stdout: '', stderr: '', status: 0 });
    const ini = await ssh(host(), 'cd /usr/local/jails/containers/fpm/usr/local/etc/php && ls ext-20-mbstring.ini ext-30-pdo_mysql.ini ext-20-ctype.ini && cat ext-20-mbstring.ini; ls | grep -c opcache');
    assert.equal(ini.stdout, 'ext-20-ctype.ini\next-20-mbstring.ini\next-30-pdo_mysql.ini\nextension=mbstring.so\n0\n');
  });

  it('says when a package is not in the repository', async () => {
    assert.deepEqual(await ssh(host(), 'pkg -j fpm install -y php81'), { stdout: UP_TO_DATE,
      stderr: "pkg: No packages available to install matching 'php81' have been found in the repositories\n", status: 1 });
  });

  it('lists installed packages (info -q, -e) and deletes them', async () => {
    assert.equal((await ssh(host(), 'pkg -j fpm info -q php85 php85-mbstring')).stdout, 'php85-8.5.0\nphp85-mbstring-8.5.0\n');
    const listing = (await ssh(host(), 'pkg -j fpm info')).stdout.split('\n');
    assert.ok(listing.includes('php85-8.5.0                    PHP Scripting Language'), listing.join('\n'));
    const removed = await ssh(host(), 'pkg -j fpm delete -y php85-mbstring; pkg -j fpm info -e php85-mbstring; echo $?; ls /usr/local/jails/containers/fpm/usr/local/etc/php | grep -c mbstring');
    assert.ok(removed.stdout.startsWith('Checking integrity... done (0 conflicting)\nDeinstallation has been requested for the following 1 packages (of 0 packages in the universe):\n\nInstalled packages to be REMOVED:\n\tphp85-mbstring: 8.5.0\n'), removed.stdout);
    assert.ok(removed.stdout.endsWith('[1/1] Deleting files for php85-mbstring-8.5.0: .......... done\n1\n0\n'), removed.stdout);
  });

  it('searches the repository by regular expression, exactly, and quietly', async () => {
    assert.equal((await ssh(host(), "pkg search -q -x '^php8[0-9]+$'")).stdout, 'php82-8.2.29\nphp83-8.3.26\nphp84-8.4.13\nphp85-8.5.0\n');
    assert.equal((await ssh(host(), 'pkg search -e apache24')).stdout, 'apache24-2.4.65                Version 2.4.x of Apache web server\n');
    assert.equal((await ssh(host(), 'pkg search -e nosuchthing; echo $?')).stdout, '1\n');
  });

  it('answers rquery formats for a pattern', async () => {
    assert.equal((await ssh(host(), "pkg rquery -x '%n %v' '^php8[0-9]$'")).stdout, 'php82 8.2.29\nphp83 8.3.26\nphp84 8.4.13\nphp85 8.5.0\n');
    assert.equal((await ssh(host(), "pkg rquery '%n-%v: %c' nginx")).stdout, 'nginx-1.28.0_4,3: Robust and small WWW server\n');
  });

  it('bootstraps again with -f -y and counts packages with -N', async () => {
    const result = await ssh(host(), 'pkg -j fpm bootstrap -f -y && pkg -j fpm -N; pkg -r /nonexistent -N; echo $?');
    assert.ok(result.stdout.startsWith('Bootstrapping pkg from pkg+https://pkg.FreeBSD.org/FreeBSD:14:amd64/quarterly, please wait...\n'), result.stdout);
    assert.match(result.stdout, /\npkg: \d+ packages installed\n1\n$/);
    assert.equal(result.stderr, 'pkg: pkg is not installed\n');
  });

  it('fails the way an injected fault says, as many times as it says', async () => {
    host().injectFault({ command: 'pkg', when: 'install', stderr: 'pkg: Unable to update repository FreeBSD\n', exitCode: 3, times: 1 });
    assert.deepEqual(await ssh(host(), 'pkg -j fpm install -y curl'), { stdout: '', stderr: 'pkg: Unable to update repository FreeBSD\n', status: 3 });
    assert.equal((await ssh(host(), 'pkg -j fpm install -y -q curl; echo $?')).stdout, '0\n');
    host().clearFaults();
  });

  it('cannot write packages into a jail on a full disk', async () => {
    host().setDiskFull(true);
    try {
      const result = await ssh(host(), 'pkg -j fpm install -y -q sudo');
      assert.equal(result.status, 1);
      assert.equal(result.stderr, 'pkg: Fail to create temporary file: /usr/local/.pkgtemp.sudo:No space left on device\n');
      assert.equal((await ssh(host(), 'pkg install -y -q git; echo $?')).stdout, '0\n');
    } finally {
      host().setDiskFull(false);
    }
  });
});
