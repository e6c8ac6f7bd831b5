/**
 * The web stack stand-ins in jails (freebsd-reference.md §6): Apache with mod_php, Apache with php-fpm,
 * nginx with php-fpm, each installed with pkg -j, enabled with sysrc -j and started with service -j; pages
 * fetched over HTTP at the jail's address; PHP's version, errors and logs; configtest and failed starts.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost, writeRemoteFile } from './harness';
import { FPM_CONF, httpGet, MOD_PHP_CONF, onHost, PHP_PAGE } from './webSupport';

const WEB = '/usr/local/jails/containers/web';
const FPM = '/usr/local/jails/containers/fpm';
const NGX = '/usr/local/jails/containers/ngx';
const LOG_TIME = /\[\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d UTC\]/;

describe('simulated host: web servers and PHP in jails', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({ jails: [
    { name: 'web', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.30' },
    { name: 'fpm', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.31' },
    { name: 'ngx', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.32' },
  ] }));

  describe('Apache with mod_php', () => {
    before(async function () {
      this.timeout(60000);
      await onHost(host(), 'pkg -j web install -y -q apache24 mod_php84 && sysrc -j web apache24_enable=YES');
      await writeRemoteFile(host(), `${WEB}/usr/local/etc/apache24/Includes/php.conf`, MOD_PHP_CONF);
      await writeRemoteFile(host(), `${WEB}/usr/local/www/apache24/data/index.php`, PHP_PAGE);
      await writeRemoteFile(host(), `${WEB}/usr/local/www/apache24/data/static.html`, '<p>static</p>\n');
    });

    it('starts with rc.subr\'s words after Apache\'s sanity check', async () => {
      const started = await ssh(host(), 'service -j web apache24 start');
      assert.equal(started.stdout, 'Performing sanity check on apache24 configuration:\nStarting apache24.\n');
      const warning = "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 127.213.0.30. Set the 'ServerName' directive globally to suppress this message\n";
      assert.equal(started.stderr, `${warning}Syntax OK\n${warning}`);
      assert.match((await ssh(host(), 'service -j web apache24 status')).stdout, /^apache24 is running as pid \d+\.\n$/);
      assert.match((await ssh(host(), 'jexec web ps ax -o args')).stdout, /\/usr\/local\/sbin\/httpd -DNOHTTPACCEPT/);
    });

    it('serves PHP through mod_php and static files at the jail\'s address', async () => {
      const page = await httpGet(host(), '127.213.0.30', 80, '/');
      assert.equal(page.status, 200);
      assert.equal(page.headers.server, 'Apache/2.4.65 (FreeBSD) (simulated)');
      assert.equal(page.headers['x-powered-by'], 'PHP/8.4.13 (simulated)');
      // No php.ini: PHP's defaults display errors.
      assert.equal(page.body, '<html><body>\nPHP 8.4.13 on FreeBSD<br />\n<b>Warning</b>:  careful in <b>/usr/local/www/apache24/data/index.php</b> on line <b>4</b><br />\n</body></html>\n');
      const file = await httpGet(host(), '127.213.0.30', 80, '/static.html');
      assert.deepEqual([file.status, file.body, file.headers['content-type']], [200, '<p>static</p>\n', 'text/html']);
      assert.equal((await httpGet(host(), '127.213.0.30', 80, '/missing.html')).status, 404);
    });

    it('logs PHP errors to Apache\'s error log, or to php.ini\'s error_log', async () => {
      const apacheLog = await onHost(host(), `grep 'php:error' ${WEB}/var/log/httpd-error.log`);
      assert.match(apacheLog, /^\[\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] \[php:error\] \[pid \d+\] \[client 127\.\d+\.\d+\.\d+:\d+\] PHP Warning: {2}careful in \/usr\/local\/www\/apache24\/data\/index\.php on line 4\n$/);
      await onHost(host(), `cp ${WEB}/usr/local/etc/php.ini-production ${WEB}/usr/local/etc/php.ini && echo 'error_log = /var/log/php_errors.log' >> ${WEB}/usr/local/etc/php.ini`);
      const page = await httpGet(host(), '127.213.0.30', 80, '/index.php');
      assert.equal(page.body, '<html><body>\nPHP 8.4.13 on FreeBSD</body></html>\n');
      const phpLog = await onHost(host(), `cat ${WEB}/var/log/php_errors.log`);
      assert.match(phpLog, new RegExp(`^${LOG_TIME.source} PHP Warning:  careful in /usr/local/www/apache24/data/index\\.php on line 4\\n$`));
      assert.match(await onHost(host(), `tail -n 1 ${WEB}/var/log/httpd-access.log`), /^127\.[\d.]+ - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/index\.php HTTP\/1\.1" 200 \d+\n$/);
    });

    it('answers 500 and logs PHP\'s fatal error for a function this PHP does not have', async () => {
      await writeRemoteFile(host(), `${WEB}/usr/local/www/apache24/data/old.php`, '<?php\necho "before";\n$x = each();\n');
      assert.equal((await httpGet(host(), '127.213.0.30', 80, '/old.php')).status, 500);
      await writeRemoteFile(host(), `${WEB}/usr/local/www/apache24/data/new.php`, '<?php\necho array_find();\n');
      const refused = await httpGet(host(), '127.213.0.30', 80, '/new.php');
      assert.equal(refused.status, 500);
      const log = await onHost(host(), `tail -n 4 ${WEB}/var/log/php_errors.log`);
      assert.match(log, /PHP Fatal error: {2}Simulated PHP does not support variables \(\$x\) .* in \/usr\/local\/www\/apache24\/data\/old\.php on line 3\n/);
      assert.match(log, /PHP Fatal error: {2}Simulated PHP does not support calling array_find\(\)/);
    });

    it('runs the PHP CLI of the jail: version banner, errors on stderr', async () => {
      assert.match(await onHost(host(), 'jexec web php -v'), /^PHP 8\.4\.13 \(cli\) \(built: .*\) \(NTS\) \(simulated\)\nCopyright \(c\) The PHP Group\nZend Engine v4\.4\.13/);
      const run = await ssh(host(), `jexec web php -n -r 'echo "x"; undefined_thing();'`);
      assert.equal(run.status, 255);
      assert.equal(run.stdout, 'x\nFatal error: Uncaught Error: Call to undefined function undefined_thing() in Command line code:1\nStack trace:\n#0 {main}\n  thrown in Command line code on line 1\n');
      assert.equal(run.stderr, 'PHP Fatal error:  Uncaught Error: Call to undefined function undefined_thing() in Command line code:1\nStack trace:\n#0 {main}\n  thrown in Command line code on line 1\n');
      const logged = await ssh(host(), `jexec web php -r 'trigger_error("from the CLI", E_USER_NOTICE);'; tail -n 1 ${WEB}/var/log/php_errors.log`);
      assert.match(logged.stdout, new RegExp(`^${LOG_TIME.source} PHP Notice:  from the CLI in Command line code on line 1\\n$`));
    });

    it('reports syntax errors Apache-style, refuses to restart, and logs them', async () => {
      await writeRemoteFile(host(), `${WEB}/usr/local/etc/apache24/Includes/broken.conf`, '# added by hand\nBogusDirective on\n');
      const test = await ssh(host(), 'service -j web apache24 configtest');
      assert.deepEqual(test, { status: 1, stdout: 'Performing sanity check on apache24 configuration:\n',
        stderr: "AH00526: Syntax error on line 2 of /usr/local/etc/apache24/Includes/broken.conf:\nInvalid command 'BogusDirective', perhaps misspelled or defined by a module not included in the server configuration\n" });
      assert.equal((await ssh(host(), 'service -j web apache24 restart')).status, 1);
      assert.match(await onHost(host(), `tail -n 1 ${WEB}/var/log/httpd-error.log`), /\[core:emerg\] \[pid \d+\] AH00526: Syntax error on line 2 of \/usr\/local\/etc\/apache24\/Includes\/broken\.conf: Invalid command 'BogusDirective'/);
      await onHost(host(), `rm ${WEB}/usr/local/etc/apache24/Includes/broken.conf && service -j web apache24 stop`);
      assert.equal((await ssh(host(), 'service -j web apache24 status')).stdout, 'apache24 is not running.\n');
    });

    it('names the Listen address it cannot bind, not the first one', async () => {
      await writeRemoteFile(host(), `${WEB}/usr/local/etc/apache24/Includes/more.conf`, 'Listen 10.99.99.99:8443\n');
      const started = await ssh(host(), 'service -j web apache24 start');
      assert.equal(started.status, 1);
      assert.match(started.stderr, /\(49\)Can't assign requested address: AH00072: make_sock: could not bind to address 10\.99\.99\.99:8443\nno listening sockets available, shutting down\n/);
      await onHost(host(), `rm ${WEB}/usr/local/etc/apache24/Includes/more.conf`);
    });

    it('fails a start as an injected fault says', async () => {
      host().injectFault({ command: 'httpd', argvIncludes: ['-t'], stderr: 'AH00526: Syntax error on line 1 of /x:\nsimulated fault\n', exitCode: 1, times: 1 });
      const started = await ssh(host(), 'service -j web apache24 start');
      assert.deepEqual(started, { status: 1, stdout: 'Performing sanity check on apache24 configuration:\n', stderr: 'AH00526: Syntax error on line 1 of /x:\nsimulated fault\n' });
    });
  });

  describe('Apache with php-fpm', () => {
    it('passes .php to php-fpm through proxy_fcgi once the proxy modules are loaded', async () => {
      await onHost(host(), 'pkg -j fpm install -y -q apache24 php83 && sysrc -j fpm apache24_enable=YES php_fpm_enable=YES');
      await writeRemoteFile(host(), `${FPM}/usr/local/etc/apache24/Includes/php-fpm.conf`, FPM_CONF);
      await writeRemoteFile(host(), `${FPM}/usr/local/www/apache24/data/index.php`, PHP_PAGE);
      const fpm = await ssh(host(), 'service -j fpm php_fpm start');
      assert.equal(fpm.stdout, 'Performing sanity check on php-fpm configuration:\nStarting php_fpm.\n');
      assert.match(fpm.stderr, /^\[\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d\] NOTICE: configuration file \/usr\/local\/etc\/php-fpm\.conf test is successful\n\n$/);
      await onHost(host(), 'service -j fpm apache24 start');
      // FreeBSD's httpd.conf ships the proxy modules commented out: the handler does nothing, the source is served.
      assert.equal((await httpGet(host(), '127.213.0.31', 80, '/index.php')).body, PHP_PAGE);
      await onHost(host(), `sed -i -e 's/^#LoadModule proxy_module/LoadModule proxy_module/' -e 's/^#LoadModule proxy_fcgi_module/LoadModule proxy_fcgi_module/' ${FPM}/usr/local/etc/apache24/httpd.conf && service -j fpm apache24 graceful`);
      // graceful returns once the signal is sent, as apachectl does; the server reloads its configuration after.
      let page = await httpGet(host(), '127.213.0.31', 80, '/');
      for (let i = 0; i < 50 && page.headers['x-powered-by'] === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        page = await httpGet(host(), '127.213.0.31', 80, '/');
      }
      assert.equal(page.status, 200);
      assert.equal(page.headers['x-powered-by'], 'PHP/8.3.26 (simulated)');
      assert.ok(page.body.startsWith('<html><body>\nPHP 8.3.26 on FreeBSD'), page.body);
      assert.match(await onHost(host(), `grep proxy_fcgi:error ${FPM}/var/log/httpd-error.log`), /\[proxy_fcgi:error\] \[pid \d+\] \[client [\d.:]+\] AH01071: Got error 'PHP message: PHP Warning: {2}careful in \/usr\/local\/www\/apache24\/data\/index\.php on line 4'\n/);
      assert.match(await onHost(host(), `cat ${FPM}/var/log/php-fpm.log`), /NOTICE: fpm is running, pid \d+\n.*NOTICE: ready to handle connections\n/);
    });

    it('answers 503 when php-fpm is down', async () => {
      await onHost(host(), 'service -j fpm php_fpm stop');
      assert.equal((await httpGet(host(), '127.213.0.31', 80, '/index.php')).status, 503);
      assert.match(await onHost(host(), `grep AH01079 ${FPM}/var/log/httpd-error.log`), /AH01079: failed to make connection to backend: 127\.0\.0\.1/);
    });
  });

  describe('nginx with php-fpm', () => {
    it('serves a location with fastcgi_pass through php-fpm and the rest from root', async () => {
      await onHost(host(), 'pkg -j ngx install -y -q nginx php85 && sysrc -j ngx nginx_enable=YES php_fpm_enable=YES');
      await writeRemoteFile(host(), `${NGX}/usr/local/etc/nginx/nginx.conf`, 'events { worker_connections 64; }\nhttp {\n  server {\n    listen 80;\n    root /usr/local/www/site;\n    index index.php index.html;\n'
        + '    location ~ \\.php$ {\n      fastcgi_pass 127.0.0.1:9000;\n      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n      include fastcgi_params;\n    }\n  }\n}\n');
      await writeRemoteFile(host(), `${NGX}/usr/local/etc/nginx/fastcgi_params`, 'fastcgi_param QUERY_STRING $query_string;\n');
      await onHost(host(), `mkdir -p ${NGX}/usr/local/www/site && echo '<?php echo phpversion();' > ${NGX}/usr/local/www/site/index.php && echo hi > ${NGX}/usr/local/www/site/a.txt`);
      assert.equal((await ssh(host(), 'service -j ngx nginx configtest')).stderr,
        'nginx: the configuration file /usr/local/etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /usr/local/etc/nginx/nginx.conf test is successful\n');
      await onHost(host(), 'service -j ngx php_fpm start && service -j ngx nginx start');
      const page = await httpGet(host(), '127.213.0.32', 80, '/');
      assert.deepEqual([page.status, page.body, page.headers.server], [200, '8.5.0', 'nginx/1.28.0 (simulated)']);
      assert.equal((await httpGet(host(), '127.213.0.32', 80, '/a.txt')).body, 'hi\n');
      await onHost(host(), `sed -i 's/index index.php index.html;/index a.txt;/' ${NGX}/usr/local/etc/nginx/nginx.conf && service -j ngx nginx reload`);
      assert.equal((await httpGet(host(), '127.213.0.32', 80, '/')).body, 'hi\n');
    });

    it('says which directive is wrong, nginx-style', async () => {
      await onHost(host(), `echo 'bogus_directive on;' >> ${NGX}/usr/local/etc/nginx/fastcgi_params`);
      const test = await ssh(host(), 'jexec ngx nginx -t');
      assert.deepEqual(test, { status: 1, stdout: '',
        stderr: 'nginx: [emerg] unknown directive "bogus_directive" in /usr/local/etc/nginx/fastcgi_params:2\nnginx: configuration file /usr/local/etc/nginx/nginx.conf test failed\n' });
    });
  });

});
