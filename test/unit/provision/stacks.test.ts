import { strict as assert } from 'node:assert';
import { jailConfText, thinFstabText } from '../../../src/core/provision/jailConfFile';
import { Layout, templateName } from '../../../src/core/provision/layout';
import { provisionSettings } from '../../../src/core/provision/settings';
import { listenPortLines } from '../../../src/core/provision/jailSteps';
import { jailFiles, jailWebPort, stackRecipe } from '../../../src/core/provision/stacks';

describe('throwaway stacks, layout and jail.conf', () => {
  it('installs the reference §6 packages for each stack', () => {
    assert.deepEqual(stackRecipe('apache-mod_php', '8.4', ['mysqli'], ['curl']).packages, ['apache24', 'php84', 'mod_php84', 'php84-mysqli', 'curl']);
    assert.deepEqual(stackRecipe('apache-php-fpm', '8.3').services, ['php_fpm', 'apache24']);
    assert.deepEqual(stackRecipe('nginx-php-fpm', '8.5').packages, ['nginx', 'php85']);
    assert.deepEqual(stackRecipe('bare', undefined, [], ['curl']).packages, ['curl']);
    assert.throws(() => stackRecipe('apache-mod_php', undefined), /needs a PHP version/);
    assert.throws(() => stackRecipe('apache-mod_php', '8'), /not a PHP version/);
  });

  it('wires PHP into Apache by handler (mod_php) or by proxy_fcgi (php-fpm)', () => {
    const modPhp = stackRecipe('apache-mod_php', '8.4').files['/usr/local/etc/apache24/Includes/php.conf'];
    assert.match(modPhp, /SetHandler application\/x-httpd-php\n/);
    assert.match(modPhp, /DirectoryIndex index\.php index\.html/);
    const fpm = stackRecipe('apache-php-fpm', '8.4').files['/usr/local/etc/apache24/Includes/php-fpm.conf'];
    assert.match(fpm, /LoadModule proxy_fcgi_module libexec\/apache24\/mod_proxy_fcgi\.so/);
    assert.match(fpm, /SetHandler "proxy:fcgi:\/\/127\.0\.0\.1:9000"/);
    assert.match(stackRecipe('nginx-php-fpm', '8.4').files['/usr/local/etc/nginx/nginx.conf'], /fastcgi_pass 127\.0\.0\.1:9000;/);
  });

  it('gives a jail its own document root, snippets and php.ini only when asked', () => {
    const apache = stackRecipe('apache-mod_php', '8.4');
    assert.deepEqual(jailFiles(apache, apache.defaultDocumentRoot, [], {}), {});
    const files = jailFiles(apache, '/srv/app/public', ['Header set X-Test yes'], { memory_limit: '256M', display_errors: true });
    assert.match(files['/usr/local/etc/apache24/Includes/zz-throwaway.conf'], /^DocumentRoot "\/srv\/app\/public"\n<Directory "\/srv\/app\/public">[\s\S]*Header set X-Test yes\n$/);
    assert.equal(files['/usr/local/etc/php/zz-throwaway.ini'], 'memory_limit = 256M\ndisplay_errors = On\n');
    const nginx = stackRecipe('nginx-php-fpm', '8.4');
    assert.match(jailFiles(nginx, '/srv/app', [], {})['/usr/local/etc/nginx/nginx.conf'], /root \/srv\/app;/);
  });

  it('puts the web server on the first of the jail\'s ports: nginx in nginx.conf, Apache by its Listen line', () => {
    const nginx = stackRecipe('nginx-php-fpm', '8.4');
    assert.equal(jailWebPort(nginx, [8080, 3306]), 8080);
    assert.equal(jailWebPort(nginx, []), 80);
    assert.equal(jailWebPort(stackRecipe('bare', undefined), [22]), undefined);
    assert.match(jailFiles(nginx, nginx.defaultDocumentRoot, [], {}, 8080)['/usr/local/etc/nginx/nginx.conf'], /^ {8}listen 8080;$/m);
    assert.deepEqual(jailFiles(nginx, nginx.defaultDocumentRoot, [], {}, 80), {});
    const apache = stackRecipe('apache-php-fpm', '8.4');
    assert.deepEqual(jailFiles(apache, apache.defaultDocumentRoot, [], {}, 8080), {});
    assert.deepEqual(listenPortLines(apache, '/tw/jails/a', 8080), [
      "rm -f '/tw/jails/a/usr/local/etc/apache24/httpd.conf.jails-new'",
      "sed -e 's/^Listen[[:space:]].*/Listen 8080/' '/tw/jails/a/usr/local/etc/apache24/httpd.conf' > '/tw/jails/a/usr/local/etc/apache24/httpd.conf.jails-new'",
      "cat '/tw/jails/a/usr/local/etc/apache24/httpd.conf.jails-new' > '/tw/jails/a/usr/local/etc/apache24/httpd.conf'",
      "rm -f '/tw/jails/a/usr/local/etc/apache24/httpd.conf.jails-new'",
    ]);
    assert.deepEqual(listenPortLines(nginx, '/tw/jails/a', 8080), []);
  });

  it('names templates by release, stack, PHP and a digest of further packages', () => {
    assert.equal(templateName({ release: '14.3-RELEASE', stack: 'apache-mod_php', php: '8.4', packages: [] }), '14.3-RELEASE-apache-mod_php-php84');
    const a = templateName({ release: '14.3-RELEASE', stack: 'bare', packages: ['curl', 'git'] });
    assert.equal(a, templateName({ release: '14.3-RELEASE', stack: 'bare', packages: ['git', 'curl'] }));
    assert.match(a, /^14\.3-RELEASE-bare-[0-9a-f]{10}$/);
  });

  it('writes a private jail.conf with quoted values, and a thin jail\'s nullfs line', () => {
    const layout = new Layout(provisionSettings({ root: '/srv/tw' }), { kind: 'directory' });
    const text = jailConfText(layout, { name: 'tw1', address: '10.213.0.2', interfaceName: 'lo1', thin: true });
    assert.match(text, /^tw1 \{$/m);
    assert.match(text, /^ {2}path = "\/srv\/tw\/jails\/tw1";$/m);
    assert.match(text, /^ {2}ip4\.addr = "lo1\|10\.213\.0\.2\/32";$/m);
    assert.match(text, /^ {2}mount\.fstab = "\/srv\/tw\/conf\/tw1\.fstab";$/m);
    assert.match(text, /^ {2}exec\.start = "\/bin\/sh \/etc\/rc";$/m);
    assert.doesNotMatch(jailConfText(layout, { name: 'tw1', address: '10.213.0.2', interfaceName: 'lo1', thin: false }), /mount\.fstab/);
    assert.equal(thinFstabText('/srv/tw/templates/t', '/srv/tw/jails/tw1'), '/srv/tw/templates/t\t/srv/tw/jails/tw1/.base\tnullfs\tro\t0\t0\n');
    assert.equal(layout.stagingDir('/srv/tw/releases/14.3-RELEASE'), '/srv/tw/releases/.14.3-RELEASE.partial');
    assert.throws(() => layout.jailDataset('x'), /not ZFS/);
  });
});
