/**
 * The PHP family of the fixture repository for each branch (php82…php85): phpXY with its CLI and php-fpm,
 * mod_phpXY (which activates itself in httpd.conf), the phpXY-extensions meta-package and single
 * extensions with their ini files (freebsd-reference.md §6).
 */
import type { FixturePackage } from './catalog';
import { daemonRcScript, launcherScript } from './programs';

export const PHP_BRANCHES: Record<string, string> = { 82: '8.2.29', 83: '8.3.26', 84: '8.4.13', 85: '8.5.0' };

/** The default set of the -extensions meta-port, and the single extensions commonly asked for. */
const DEFAULT_EXTENSIONS = ['ctype', 'dom', 'filter', 'iconv', 'opcache', 'pdo', 'pdo_sqlite', 'phar', 'posix', 'session', 'simplexml',
  'sqlite3', 'tokenizer', 'xml', 'xmlreader', 'xmlwriter'];
const EXTRA_EXTENSIONS = ['mysqli', 'pdo_mysql', 'mbstring', 'gd', 'curl', 'zip', 'intl', 'sodium', 'bcmath', 'pgsql', 'pdo_pgsql', 'xsl'];

const EXTENSION_ORIGINS: Record<string, string> = {
  mysqli: 'databases', pdo_mysql: 'databases', pdo_sqlite: 'databases', pdo: 'databases', sqlite3: 'databases', pgsql: 'databases',
  pdo_pgsql: 'databases', gd: 'graphics', curl: 'ftp', zip: 'archivers', intl: 'devel', sodium: 'security', mbstring: 'converters',
  iconv: 'converters', bcmath: 'math', ctype: 'textproc', dom: 'textproc', xml: 'textproc', xmlreader: 'textproc', xmlwriter: 'textproc',
  simplexml: 'textproc', xsl: 'textproc', filter: 'security', opcache: 'www', session: 'www', tokenizer: 'devel', posix: 'sysutils', phar: 'archivers',
};

/** ext-10- for opcache, ext-30- for drivers that load after the extension they extend, ext-20- for the rest. */
export function extensionIniName(extension: string): string {
  const priority = extension === 'opcache' ? 10 : /^pdo_/.test(extension) ? 30 : 20;
  return `/usr/local/etc/php/ext-${priority}-${extension}.ini`;
}

const PHP_INI_COMMON = `[PHP]
engine = On
short_open_tag = Off
precision = 14
output_buffering = 4096
expose_php = On
max_execution_time = 30
memory_limit = 128M
log_errors = On
;error_log = php_errors.log
html_errors = On
variables_order = "GPCS"
post_max_size = 8M
default_charset = "UTF-8"
file_uploads = On
upload_max_filesize = 2M
allow_url_fopen = On

[Date]
;date.timezone =
`;

function phpIni(production: boolean): string {
  const errors = production
    ? 'error_reporting = E_ALL & ~E_DEPRECATED\ndisplay_errors = Off\ndisplay_startup_errors = Off\n'
    : 'error_reporting = E_ALL\ndisplay_errors = On\ndisplay_startup_errors = On\n';
  return `; simulated php.ini-${production ? 'production' : 'development'}\n${PHP_INI_COMMON.replace('log_errors = On\n', `${errors}log_errors = On\n`)}`;
}

const FPM_CONF = `;;;;;;;;;;;;;;;;;;;;;
; FPM Configuration ;
;;;;;;;;;;;;;;;;;;;;;

[global]
pid = run/php-fpm.pid
error_log = log/php-fpm.log
;daemonize = yes

include=/usr/local/etc/php-fpm.d/*.conf
`;

const WWW_CONF = `[www]
user = www
group = www
listen = 127.0.0.1:9000
;listen.allowed_clients = 127.0.0.1
pm = dynamic
pm.max_children = 5
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
;php_admin_value[error_log] = /var/log/fpm-php.www.log
;php_admin_flag[log_errors] = on
`;

function extensionPackage(branch: string, version: string, extension: string): FixturePackage {
  const driver = /^pdo_/.test(extension) ? [`php${branch}-pdo`] : [];
  const directive = extension === 'opcache' ? 'zend_extension' : 'extension';
  return {
    name: `php${branch}-${extension}`, version, origin: `${EXTENSION_ORIGINS[extension] ?? 'devel'}/php${branch}-${extension}`,
    comment: `The ${extension} shared extension for php`, flatsize: 150_000, deps: [`php${branch}`, ...driver],
    files: { [extensionIniName(extension)]: `${directive}=${extension}.so\n` },
  };
}

function branchPackages(branch: string, version: string): FixturePackage[] {
  // PHP 8.5 builds opcache into the base package (freebsd-reference.md §6).
  const defaults = DEFAULT_EXTENSIONS.filter((extension) => !(extension === 'opcache' && Number(branch) >= 85));
  return [
    { name: `php${branch}`, version, origin: `lang/php${branch}`, comment: 'PHP Scripting Language', flatsize: 27_000_000,
      deps: ['libxml2', 'pcre2'], conflictGroup: 'php', service: 'php_fpm', files: {
        '/usr/local/bin/php': launcherScript('php'),
        '/usr/local/sbin/php-fpm': launcherScript('php-fpm'),
        '/usr/local/etc/php.ini-production': phpIni(true),
        '/usr/local/etc/php.ini-development': phpIni(false),
        '/usr/local/etc/php-fpm.conf': FPM_CONF,
        '/usr/local/etc/php-fpm.conf.default': FPM_CONF,
        '/usr/local/etc/php-fpm.d/www.conf': WWW_CONF,
        '/usr/local/etc/php-fpm.d/www.conf.default': WWW_CONF,
        '/usr/local/etc/rc.d/php_fpm': daemonRcScript({ service: 'php_fpm', command: '/usr/local/sbin/php-fpm', pidfile: '/var/run/php-fpm.pid',
          checkName: 'php-fpm', checkCommand: '/usr/local/sbin/php-fpm -t', reloadSignal: 'USR2' }),
      } },
    { name: `mod_php${branch}`, version, origin: `www/mod_php${branch}`, comment: 'PHP Scripting Language', flatsize: 26_000_000,
      deps: [`php${branch}`, 'apache24'], conflictGroup: 'mod_php', apacheModule: 'php',
      files: { '/usr/local/libexec/apache24/libphp.so': '' },
      message: `Make sure index.php is part of your DirectoryIndex.\n\nYou should add the following to your Apache configuration file:\n\n<FilesMatch "\\.php$">\n    SetHandler application/x-httpd-php\n</FilesMatch>\n<FilesMatch "\\.phps$">\n    SetHandler application/x-httpd-php-source\n</FilesMatch>` },
    { name: `php${branch}-extensions`, version: '1.1', origin: `lang/php${branch}-extensions`, comment: '"meta-port" to install PHP extensions',
      flatsize: 1000, deps: [`php${branch}`, ...defaults.map((extension) => `php${branch}-${extension}`)], files: {} },
    ...[...defaults, ...EXTRA_EXTENSIONS].map((extension) => extensionPackage(branch, version, extension)),
  ];
}

export const PHP_PACKAGES: FixturePackage[] = Object.entries(PHP_BRANCHES).flatMap(([branch, version]) => branchPackages(branch, version));
