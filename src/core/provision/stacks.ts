/**
 * What each stack is on FreeBSD (reference §6): its packages, the services that must run, the files that
 * wire the web server to PHP, its document root and error logs. Pure data, used by the template (packages
 * and wiring, shared by every jail of that stack) and by the jail (document root, snippets, php.ini).
 */
import type { Stack } from './throwawaySpec';

export interface StackRecipe {
  stack: Stack;
  /** phpXY, or undefined for a bare jail. */
  phpPackage?: string;
  packages: string[];
  /** rc.d names, in start order. */
  services: string[];
  /** rc.conf settings of the template (the services' _enable). */
  rcConf: Record<string, string>;
  /** Files written into the template, by path inside the jail. */
  files: Record<string, string>;
  /** The stack's own document root (the one its configuration names). */
  defaultDocumentRoot: string;
  /** Logs whose last lines explain a web server that would not start. */
  errorLogs: string[];
  /** Where per-jail web server settings go (document root, the user's snippets). */
  jailSnippetFile?: string;
  /** Where per-jail php.ini settings go (PHP reads every .ini file of that directory). */
  phpIniFile?: string;
  /** The web server's default port; a jail's own (the first of its `ports`) replaces it. */
  webPort?: number;
  /** Apache's main configuration, whose `Listen` line is edited when a jail's web port is not the default. */
  listenFile?: string;
}

export const stacks: Stack[] = ['apache-mod_php', 'apache-php-fpm', 'nginx-php-fpm', 'bare'];

export const stackLabels: Record<Stack, string> = {
  'apache-mod_php': 'Apache 2.4 with mod_php',
  'apache-php-fpm': 'Apache 2.4 with PHP-FPM',
  'nginx-php-fpm': 'nginx with PHP-FPM',
  bare: 'Bare jail (no web server)',
};

export class StackError extends Error {}

/** Every stack but the bare jail has a web server (on the first of the jail's `ports`). */
export function stackServesWeb(stack: Stack): boolean {
  return stack !== 'bare';
}

/** `8.4` → `84`, the digits of FreeBSD's phpXY package names. */
export function phpDigits(php: string): string {
  const m = /^([0-9])\.([0-9]{1,2})$/.exec(php);
  if (!m) throw new StackError(`"${php}" is not a PHP version such as 8.4`);
  return `${m[1]}${m[2]}`;
}

const phpHandler = [
  '<IfModule dir_module>',
  '    DirectoryIndex index.php index.html',
  '</IfModule>',
  '<FilesMatch "\\.php$">',
  '    SetHandler application/x-httpd-php',
  '</FilesMatch>',
  '<FilesMatch "\\.phps$">',
  '    SetHandler application/x-httpd-php-source',
  '</FilesMatch>',
  '',
].join('\n');

const phpFpmProxy = [
  '<IfModule !proxy_module>',
  '    LoadModule proxy_module libexec/apache24/mod_proxy.so',
  '</IfModule>',
  '<IfModule !proxy_fcgi_module>',
  '    LoadModule proxy_fcgi_module libexec/apache24/mod_proxy_fcgi.so',
  '</IfModule>',
  '<IfModule dir_module>',
  '    DirectoryIndex index.php index.html',
  '</IfModule>',
  '<FilesMatch "\\.php$">',
  '    SetHandler "proxy:fcgi://127.0.0.1:9000"',
  '</FilesMatch>',
  '',
].join('\n');

export function nginxConfig(documentRoot: string, port = 80): string {
  return [
    'worker_processes 1;',
    'error_log /var/log/nginx/error.log;',
    'events { worker_connections 1024; }',
    'http {',
    '    include mime.types;',
    '    default_type application/octet-stream;',
    '    access_log /var/log/nginx/access.log;',
    '    server {',
    `        listen ${port};`,
    `        root ${documentRoot};`,
    '        index index.php index.html;',
    '        location ~ \\.php$ {',
    '            fastcgi_pass 127.0.0.1:9000;',
    '            fastcgi_index index.php;',
    '            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
    '            include fastcgi_params;',
    '        }',
    '        include /usr/local/etc/nginx/throwaway.d/*.conf;',
    '    }',
    '}',
    '',
  ].join('\n');
}

const apacheConfig = '/usr/local/etc/apache24/httpd.conf';
export const nginxConfigFile = '/usr/local/etc/nginx/nginx.conf';

/** The recipe of a stack; `extensions` are PHP extension names (mysqli), `extra` any further packages. */
export function stackRecipe(stack: Stack, php: string | undefined, extensions: string[] = [], extra: string[] = []): StackRecipe {
  if (stack === 'bare') {
    return { stack, packages: [...extra], services: [], rcConf: {}, files: {}, defaultDocumentRoot: '/usr/local/www', errorLogs: [] };
  }
  if (!php) throw new StackError(`the ${stackLabels[stack]} stack needs a PHP version`);
  const xy = phpDigits(php);
  const phpPackage = `php${xy}`;
  const extensionPackages = extensions.map((e) => `php${xy}-${e}`);
  const phpIniFile = '/usr/local/etc/php/zz-throwaway.ini';
  const fpmErrorLog = '/var/log/php-fpm.log';
  if (stack === 'apache-mod_php') {
    return {
      stack, phpPackage, packages: ['apache24', phpPackage, `mod_php${xy}`, ...extensionPackages, ...extra], services: ['apache24'],
      rcConf: { apache24_enable: 'YES' }, files: { '/usr/local/etc/apache24/Includes/php.conf': phpHandler },
      defaultDocumentRoot: '/usr/local/www/apache24/data', errorLogs: ['/var/log/httpd-error.log'],
      jailSnippetFile: '/usr/local/etc/apache24/Includes/zz-throwaway.conf', phpIniFile, webPort: 80, listenFile: apacheConfig,
    };
  }
  if (stack === 'apache-php-fpm') {
    return {
      stack, phpPackage, packages: ['apache24', phpPackage, ...extensionPackages, ...extra], services: ['php_fpm', 'apache24'],
      rcConf: { php_fpm_enable: 'YES', apache24_enable: 'YES' }, files: { '/usr/local/etc/apache24/Includes/php-fpm.conf': phpFpmProxy },
      defaultDocumentRoot: '/usr/local/www/apache24/data', errorLogs: ['/var/log/httpd-error.log', fpmErrorLog],
      jailSnippetFile: '/usr/local/etc/apache24/Includes/zz-throwaway.conf', phpIniFile, webPort: 80, listenFile: apacheConfig,
    };
  }
  return {
    stack, phpPackage, packages: ['nginx', phpPackage, ...extensionPackages, ...extra], services: ['php_fpm', 'nginx'],
    rcConf: { php_fpm_enable: 'YES', nginx_enable: 'YES' }, files: { [nginxConfigFile]: nginxConfig('/usr/local/www/nginx') },
    defaultDocumentRoot: '/usr/local/www/nginx', errorLogs: ['/var/log/nginx/error.log', fpmErrorLog],
    jailSnippetFile: '/usr/local/etc/nginx/throwaway.d/zz-throwaway.conf', phpIniFile, webPort: 80,
  };
}

/** php.ini lines from the spec's overrides. */
export function phpIniText(overrides: Record<string, string | number | boolean>): string {
  return Object.entries(overrides).map(([key, value]) => `${key} = ${typeof value === 'boolean' ? (value ? 'On' : 'Off') : String(value)}\n`).join('');
}

/** The web server's port in a jail whose `ports` are these: the first, when the stack has a web server. */
export function jailWebPort(recipe: StackRecipe, ports: readonly number[]): number | undefined {
  return recipe.webPort === undefined ? undefined : ports[0] ?? recipe.webPort;
}

/**
 * The files one jail gets on top of its template: its document root and web port when they are not the
 * stack's (nginx names both in nginx.conf, Apache the root in an Includes file), the user's web server
 * snippets, and php.ini overrides. Apache's port is an edit of httpd.conf (listenFile), not a file here.
 */
export function jailFiles(recipe: StackRecipe, documentRoot: string, snippets: string[], phpIni: Record<string, string | number | boolean>,
  webPort = recipe.webPort): Record<string, string> {
  const files: Record<string, string> = {};
  const ownRoot = documentRoot !== recipe.defaultDocumentRoot;
  const apacheRoot = ['DocumentRoot "' + documentRoot + '"', `<Directory "${documentRoot}">`, '    AllowOverride All', '    Require all granted', '</Directory>'];
  if (recipe.stack === 'nginx-php-fpm' && (ownRoot || webPort !== recipe.webPort)) files[nginxConfigFile] = nginxConfig(documentRoot, webPort);
  const snippet = [...(recipe.stack.startsWith('apache') && ownRoot ? apacheRoot : []), ...snippets];
  if (recipe.jailSnippetFile && snippet.length > 0) files[recipe.jailSnippetFile] = `${snippet.join('\n')}\n`;
  if (recipe.phpIniFile && Object.keys(phpIni).length > 0) files[recipe.phpIniFile] = phpIniText(phpIni);
  return files;
}
