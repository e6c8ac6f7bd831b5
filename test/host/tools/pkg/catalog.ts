/**
 * The simulator's package repository: a small fixture standing in for pkg.FreeBSD.org's quarterly
 * branch, with the packages a jail manager installs (web stack, databases, tools). Services come with an
 * rc.d script in rc.subr's words; their "daemon" is a sleeping process with a pid file.
 */

export interface FixturePackage {
  name: string;
  version: string;
  origin: string;
  comment: string;
  /** Bytes, for the size lines of pkg install. */
  flatsize: number;
  deps: string[];
  /** Only one of a conflict group can be installed (phpXY). */
  conflictGroup?: string;
  files: Record<string, string>;
  service?: string;
  message?: string;
}

export function rcScript(service: string): string {
  return `#!/bin/sh
# PROVIDE: ${service}
# REQUIRE: LOGIN
# KEYWORD: shutdown
name="${service}"
rcvar="${service}_enable"
pidfile="/var/run/${service}.pid"
enabled() { grep -Eq "^${service}_enable=\\"?(YES|yes|TRUE|true|ON|on|1)\\"?" /etc/rc.conf 2>/dev/null; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
cmd="$1"
case "$cmd" in one*) cmd="\${cmd#one}" ;; *) if [ "$cmd" != status ] && [ "$cmd" != rcvar ] && ! enabled; then
  echo "Cannot '$cmd' $name. Set \${rcvar} to YES in /etc/rc.conf or use 'one$cmd' instead of '$cmd'." >&2; exit 1; fi ;; esac
case "$cmd" in
start) if running; then echo "$name already running? (pid=$(cat "$pidfile"))."; exit 1; fi
  echo "Starting $name."; (sleep 2147483647 </dev/null >/dev/null 2>&1 & echo $! > "$pidfile") ;;
stop) if ! running; then echo "$name not running? (check $pidfile)."; exit 1; fi
  echo "Stopping $name."; pid="$(cat "$pidfile")"; kill "$pid"; echo "Waiting for PIDS: $pid."; rm -f "$pidfile" ;;
restart) "$0" onestop; "$0" onestart ;;
status) if running; then echo "$name is running as pid $(cat "$pidfile")."; else echo "$name is not running."; exit 1; fi ;;
rcvar) echo "# $name"; echo "#"; echo "\${rcvar}=\\"NO\\"" ;;
*) echo "Usage: $0 [fast|force|one|quiet](start|stop|restart|rcvar|enable|disable|delete|enabled|describe|extracommands|status|poll)" >&2; exit 1 ;;
esac
`;
}

const php = (minor: string, version: string): FixturePackage[] => [
  { name: `php${minor}`, version, origin: `lang/php${minor}`, comment: 'PHP Scripting Language', flatsize: 27_000_000, deps: ['libxml2', 'pcre2'],
    conflictGroup: 'php', service: 'php_fpm', files: { '/usr/local/bin/php': `#!/bin/sh\necho "PHP ${version} (cli)"\n`,
      '/usr/local/etc/php.ini-production': '[PHP]\nengine = On\n', '/usr/local/etc/php-fpm.conf': 'include=/usr/local/etc/php-fpm.d/*.conf\n',
      '/usr/local/etc/php-fpm.d/www.conf': '[www]\nuser = www\ngroup = www\nlisten = 127.0.0.1:9000\n' } },
  { name: `mod_php${minor}`, version, origin: `www/mod_php${minor}`, comment: 'PHP Scripting Language', flatsize: 26_000_000, deps: [`php${minor}`, 'apache24'],
    files: { '/usr/local/libexec/apache24/libphp.so': '' },
    message: `[activating module \`php' in /usr/local/etc/apache24/httpd.conf]` },
  { name: `php${minor}-extensions`, version: '1.1', origin: `lang/php${minor}-extensions`, comment: '"meta-port" to install PHP extensions', flatsize: 1000,
    deps: [`php${minor}`, `php${minor}-mysqli`, `php${minor}-pdo_mysql`], files: {} },
  { name: `php${minor}-mysqli`, version, origin: `databases/php${minor}-mysqli`, comment: 'The mysqli shared extension for php', flatsize: 200_000, deps: [`php${minor}`],
    files: { [`/usr/local/etc/php/ext-20-mysqli.ini`]: 'extension=mysqli.so\n' } },
  { name: `php${minor}-pdo_mysql`, version, origin: `databases/php${minor}-pdo_mysql`, comment: 'The pdo_mysql shared extension for php', flatsize: 100_000, deps: [`php${minor}`],
    files: { [`/usr/local/etc/php/ext-30-pdo_mysql.ini`]: 'extension=pdo_mysql.so\n' } },
];

export const FIXTURE_PACKAGES: FixturePackage[] = [
  { name: 'pkg', version: '2.1.2', origin: 'ports-mgmt/pkg', comment: 'Package manager', flatsize: 34_000_000, deps: [], files: {} },
  { name: 'apache24', version: '2.4.65', origin: 'www/apache24', comment: 'Version 2.4.x of Apache web server', flatsize: 7_500_000,
    deps: ['apr', 'pcre2', 'libxml2'], service: 'apache24', files: {
      '/usr/local/etc/apache24/httpd.conf': 'ServerRoot "/usr/local"\nListen 80\nUser www\nGroup www\nDocumentRoot "/usr/local/www/apache24/data"\nIncludeOptional etc/apache24/modules.d/[0-9][0-9][0-9]_*.conf\nInclude etc/apache24/Includes/*.conf\n',
      '/usr/local/etc/apache24/Includes/no-accf.conf': '<IfDefine NOHTTPACCEPT>\n    AcceptFilter http none\n    AcceptFilter https none\n</IfDefine>\n',
      '/usr/local/www/apache24/data/index.html': '<html><body><h1>It works!</h1></body></html>\n' },
    message: 'To run apache www server from startup, add apache24_enable="yes"\nin your /etc/rc.conf. Extra options can be found in startup script.' },
  { name: 'apr', version: '1.7.5.1.6.3_1', origin: 'devel/apr1', comment: 'Apache Portability Library', flatsize: 1_900_000, deps: [], files: {} },
  { name: 'pcre2', version: '10.45', origin: 'devel/pcre2', comment: 'Perl Compatible Regular Expressions library, version 2', flatsize: 4_100_000, deps: [], files: {} },
  { name: 'libxml2', version: '2.14.5', origin: 'textproc/libxml2', comment: 'XML parser library for GNOME', flatsize: 3_600_000, deps: [], files: {} },
  ...php('82', '8.2.29'), ...php('83', '8.3.26'), ...php('84', '8.4.13'), ...php('85', '8.5.0'),
  { name: 'nginx', version: '1.28.0_4,3', origin: 'www/nginx', comment: 'Robust and small WWW server', flatsize: 1_400_000, deps: ['pcre2'], service: 'nginx',
    files: { '/usr/local/etc/nginx/nginx.conf': 'worker_processes 1;\nevents { worker_connections 1024; }\nhttp { server { listen 80; root /usr/local/www/nginx; } }\n' } },
  { name: 'nginx-lite', version: '1.28.0_4,3', origin: 'www/nginx-lite', comment: 'Robust and small WWW server (lite package)', flatsize: 900_000, deps: ['pcre2'],
    service: 'nginx', files: { '/usr/local/etc/nginx/nginx.conf': 'worker_processes 1;\nevents { worker_connections 1024; }\n' } },
  { name: 'mysql80-server', version: '8.0.43', origin: 'databases/mysql80-server', comment: 'Multithreaded SQL database (server)', flatsize: 190_000_000, deps: [],
    service: 'mysql-server', files: { '/usr/local/etc/mysql/my.cnf': '[mysqld]\nbind-address = 127.0.0.1\n' } },
  { name: 'postgresql16-server', version: '16.10', origin: 'databases/postgresql16-server', comment: 'PostgreSQL is the most advanced open-source database available anywhere', flatsize: 25_000_000, deps: [],
    service: 'postgresql', files: {} },
  { name: 'curl', version: '8.16.0', origin: 'ftp/curl', comment: 'Command line tool and library for transferring data with URLs', flatsize: 4_900_000, deps: [], files: {} },
  { name: 'doas', version: '6.3p13', origin: 'security/doas', comment: 'Simple sudo alternative to run commands as another user', flatsize: 50_000, deps: [], files: {} },
  { name: 'sudo', version: '1.9.17p2', origin: 'security/sudo', comment: 'Allow others to run commands as root', flatsize: 6_500_000, deps: [], files: {} },
];

export function findFixture(name: string): FixturePackage | undefined {
  return FIXTURE_PACKAGES.find((candidate) => candidate.name === name);
}
