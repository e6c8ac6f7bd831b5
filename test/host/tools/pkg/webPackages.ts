/**
 * apache24 and nginx as the fixture repository has them: FreeBSD's file layout and default configuration
 * (freebsd-reference.md §6), programs that are the simulator's stand-ins, and rc.d scripts in rc.subr's words.
 */
import type { FixturePackage } from './catalog';
import { daemonRcScript, launcherScript } from './programs';

export const APACHE_CONF = '/usr/local/etc/apache24/httpd.conf';
export const NGINX_CONF = '/usr/local/etc/nginx/nginx.conf';

const APACHE_MODULES = ['mpm_prefork_module libexec/apache24/mod_mpm_prefork.so', 'authz_core_module libexec/apache24/mod_authz_core.so',
  'mime_module libexec/apache24/mod_mime.so', 'log_config_module libexec/apache24/mod_log_config.so',
  'unixd_module libexec/apache24/mod_unixd.so', 'dir_module libexec/apache24/mod_dir.so', 'alias_module libexec/apache24/mod_alias.so'];
const APACHE_OPTIONAL_MODULES = ['proxy_module libexec/apache24/mod_proxy.so', 'proxy_fcgi_module libexec/apache24/mod_proxy_fcgi.so',
  'rewrite_module libexec/apache24/mod_rewrite.so'];

const HTTPD_CONF = `#
# This is the main Apache HTTP server configuration file (simulated FreeBSD host).
#
ServerRoot "/usr/local"

Listen 80

${APACHE_MODULES.map((module) => `LoadModule ${module}`).join('\n')}
${APACHE_OPTIONAL_MODULES.map((module) => `#LoadModule ${module}`).join('\n')}

# Third party modules
IncludeOptional etc/apache24/modules.d/[0-9][0-9][0-9]_*.conf

<IfModule unixd_module>
User www
Group www
</IfModule>

ServerAdmin you@example.com
#ServerName www.example.com:80

<Directory />
    AllowOverride none
    Require all denied
</Directory>

DocumentRoot "/usr/local/www/apache24/data"
<Directory "/usr/local/www/apache24/data">
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>

<IfModule dir_module>
    DirectoryIndex index.html
</IfModule>

<Files ".ht*">
    Require all denied
</Files>

ErrorLog "/var/log/httpd-error.log"
LogLevel warn

<IfModule log_config_module>
    LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
    LogFormat "%h %l %u %t \\"%r\\" %>s %b" common
    CustomLog "/var/log/httpd-access.log" common
</IfModule>

<IfModule mime_module>
    TypesConfig etc/apache24/mime.types
</IfModule>

Include etc/apache24/Includes/*.conf
`;

const NGINX_DEFAULT_CONF = `
#user  nobody;
worker_processes  1;

events {
    worker_connections  1024;
}

http {
    include       mime.types;
    default_type  application/octet-stream;
    sendfile        on;
    keepalive_timeout  65;

    server {
        listen       80;
        server_name  localhost;

        location / {
            root   /usr/local/www/nginx;
            index  index.html index.htm;
        }

        error_page   500 502 503 504  /50x.html;
        location = /50x.html {
            root   /usr/local/www/nginx-dist;
        }
    }
}
`;

const MIME_TYPES = 'text/html\t\t\t\thtml htm\ntext/css\t\t\t\tcss\ntext/plain\t\t\t\ttxt\napplication/javascript\t\t\tjs\napplication/json\t\t\tjson\nimage/png\t\t\t\tpng\nimage/svg+xml\t\t\t\tsvg\n';
const NGINX_MIME_TYPES = `types {\n${MIME_TYPES.split('\n').filter(Boolean).map((line) => `    ${line.replace(/\t+/, ' ')};`).join('\n')}\n}\n`;
const FASTCGI_PARAMS = ['QUERY_STRING $query_string', 'REQUEST_METHOD $request_method', 'CONTENT_TYPE $content_type',
  'CONTENT_LENGTH $content_length', 'SCRIPT_NAME $fastcgi_script_name', 'REQUEST_URI $request_uri', 'DOCUMENT_URI $document_uri',
  'DOCUMENT_ROOT $document_root', 'SERVER_PROTOCOL $server_protocol', 'REQUEST_SCHEME $scheme', 'HTTPS $https if_not_empty',
  'GATEWAY_INTERFACE CGI/1.1', 'SERVER_SOFTWARE nginx/$nginx_version', 'REMOTE_ADDR $remote_addr', 'REMOTE_PORT $remote_port',
  'SERVER_ADDR $server_addr', 'SERVER_PORT $server_port', 'SERVER_NAME $server_name', 'REDIRECT_STATUS 200']
  .map((line) => `fastcgi_param  ${line};`).join('\n');
const NGINX_INDEX = '<!DOCTYPE html>\n<html>\n<head><title>Welcome to nginx!</title></head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';

export const WEB_PACKAGES: FixturePackage[] = [
  { name: 'apache24', version: '2.4.65', origin: 'www/apache24', comment: 'Version 2.4.x of Apache web server', flatsize: 7_500_000,
    deps: ['apr', 'pcre2', 'libxml2'], service: 'apache24', files: {
      [APACHE_CONF]: HTTPD_CONF,
      '/usr/local/etc/apache24/mime.types': MIME_TYPES,
      '/usr/local/etc/apache24/Includes/no-accf.conf': '<IfDefine NOHTTPACCEPT>\n    AcceptFilter http none\n    AcceptFilter https none\n</IfDefine>\n',
      '/usr/local/etc/apache24/modules.d/README_modules.d': 'Files matching [0-9][0-9][0-9]_*.conf here are included by httpd.conf.\n',
      '/usr/local/www/apache24/data/index.html': '<html><body><h1>It works!</h1></body></html>\n',
      '/usr/local/sbin/httpd': launcherScript('httpd'),
      '/usr/local/sbin/apachectl': launcherScript('apachectl'),
      '/usr/local/etc/rc.d/apache24': daemonRcScript({ service: 'apache24', command: '/usr/local/sbin/httpd', commandArgs: '-DNOHTTPACCEPT',
        pidfile: '/var/run/httpd.pid', checkName: 'apache24', checkCommand: '/usr/local/sbin/httpd -DNOHTTPACCEPT -t', reloadSignal: 'HUP', graceful: true }),
    },
    message: 'To run apache www server from startup, add apache24_enable="yes"\nin your /etc/rc.conf. Extra options can be found in startup script.\n\nYour hostname must be resolvable using at least 1 mechanism in\n/etc/nsswitch.conf typically DNS or /etc/hosts or apache might\nhave issues starting depending on the modules you are using.' },
  { name: 'nginx', version: '1.28.0_4,3', origin: 'www/nginx', comment: 'Robust and small WWW server', flatsize: 1_400_000, deps: ['pcre2'], service: 'nginx',
    conflictGroup: 'nginx', files: nginxFiles() },
  { name: 'nginx-lite', version: '1.28.0_4,3', origin: 'www/nginx-lite', comment: 'Robust and small WWW server (lite package)', flatsize: 900_000, deps: ['pcre2'],
    service: 'nginx', conflictGroup: 'nginx', files: nginxFiles() },
];

function nginxFiles(): Record<string, string> {
  return {
    [NGINX_CONF]: NGINX_DEFAULT_CONF,
    '/usr/local/etc/nginx/mime.types': NGINX_MIME_TYPES,
    '/usr/local/etc/nginx/fastcgi_params': `${FASTCGI_PARAMS}\n`,
    '/usr/local/etc/nginx/fastcgi.conf': `fastcgi_param  SCRIPT_FILENAME    $document_root$fastcgi_script_name;\n${FASTCGI_PARAMS}\n`,
    '/usr/local/www/nginx/index.html': NGINX_INDEX,
    '/usr/local/www/nginx-dist/index.html': NGINX_INDEX,
    '/usr/local/www/nginx-dist/50x.html': '<!DOCTYPE html>\n<html>\n<head><title>Error</title></head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
    '/usr/local/sbin/nginx': launcherScript('nginx'),
    '/usr/local/etc/rc.d/nginx': daemonRcScript({ service: 'nginx', command: '/usr/local/sbin/nginx', pidfile: '/var/run/nginx.pid',
      checkName: 'nginx', checkCommand: '/usr/local/sbin/nginx -t', reloadSignal: 'HUP' }),
  };
}
