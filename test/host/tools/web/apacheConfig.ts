/**
 * httpd.conf as the Apache stand-in reads it: directives, sections (<IfModule>, <IfDefine>, <Directory>,
 * <Files>, <FilesMatch>, <VirtualHost>, <Location>), Include/IncludeOptional globs relative to ServerRoot,
 * LoadModule, with Apache's syntax errors ("AH00526: Syntax error on line N of FILE:" and the reason).
 * VirtualHost contents apply server-wide (one site per server).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const HTTPD_CONF = '/usr/local/etc/apache24/httpd.conf';
const SERVER_ROOT = '/usr/local';

export interface PhpRule { pattern: RegExp; handler: string }

export interface ApacheConfig {
  listen: Array<{ host: string; port: number }>;
  serverName?: string;
  documentRoot: string;
  directoryIndex: string[];
  modules: Set<string>;
  handlers: PhpRule[];
  errorLog: string;
  customLog?: string;
  warnings: string[];
}

export class ApacheSyntaxError extends Error {}

/** Modules the simulated apache24 package has (mod_X.so in libexec/apache24). */
const SHIPPED_MODULES = new Set(['mpm_prefork', 'mpm_event', 'mpm_worker', 'authz_core', 'authz_host', 'authn_core', 'mime', 'log_config', 'unixd', 'dir', 'alias',
  'rewrite', 'proxy', 'proxy_fcgi', 'proxy_http', 'headers', 'setenvif', 'env', 'status', 'autoindex', 'access_compat', 'filter', 'deflate', 'ssl',
  'socache_shmcb', 'reqtimeout', 'version', 'expires']);

/** Directives and the module that must be loaded for each ("core" always is). */
const DIRECTIVES: Record<string, string> = {
  serverroot: 'core', listen: 'core', loadmodule: 'core', include: 'core', includeoptional: 'core', user: 'unixd', group: 'unixd', serveradmin: 'core',
  servername: 'core', serveralias: 'core', documentroot: 'core', options: 'core', allowoverride: 'core', require: 'authz_core', errorlog: 'core',
  loglevel: 'core', logformat: 'log_config', customlog: 'log_config', typesconfig: 'mime', addtype: 'mime', addhandler: 'mime',
  directoryindex: 'dir', sethandler: 'core', acceptfilter: 'core', servertokens: 'core', serversignature: 'core', timeout: 'core',
  keepalive: 'core', alias: 'alias', scriptalias: 'alias', redirect: 'alias', rewriteengine: 'rewrite', rewriterule: 'rewrite', rewritecond: 'rewrite',
  proxypass: 'proxy', proxypassreverse: 'proxy', proxypassmatch: 'proxy', header: 'headers', setenv: 'env', setenvif: 'setenvif',
  addoutputfilterbytype: 'filter', addcharset: 'mime', adddefaultcharset: 'core', enablesendfile: 'core', enablemmap: 'core', hostnamelookups: 'core',
  php_value: 'php', php_flag: 'php', php_admin_value: 'php', php_admin_flag: 'php', startservers: 'mpm_prefork', maxrequestworkers: 'mpm_prefork',
  minspareservers: 'mpm_prefork', maxspareservers: 'mpm_prefork', addtype_: 'mime', define: 'core', errordocument: 'core', mutex: 'core',
};
const SECTIONS = new Set(['ifmodule', 'ifdefine', 'directory', 'directorymatch', 'files', 'filesmatch', 'virtualhost', 'location', 'locationmatch', 'ifversion', 'limit', 'limitexcept', 'requireall', 'requireany']);

function words(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

function expandInclude(pattern: string, optional: boolean, where: string): string[] {
  const path = isAbsolute(pattern) ? pattern : join(SERVER_ROOT, pattern);
  if (!/[*?[]/.test(path)) {
    if (existsSync(path)) return [path];
    if (optional) return [];
    throw new ApacheSyntaxError(`${where}\nInvalid Include path ${path}`);
  }
  const directory = dirname(path);
  const matcher = globToRegExp(path.slice(directory.length + 1));
  const found = existsSync(directory) ? readdirSync(directory).filter((name) => matcher.test(name)).sort().map((name) => join(directory, name)) : [];
  if (found.length === 0 && !optional) throw new ApacheSyntaxError(`${where}\nNo matches for the wildcard '${path.slice(directory.length + 1)}' in '${directory}', failing`);
  return found;
}

export function readApacheConfig(defines: string[], file = HTTPD_CONF): ApacheConfig {
  const config: ApacheConfig = { listen: [], documentRoot: '/usr/local/www/apache24/data', directoryIndex: ['index.html'], modules: new Set(['core']),
    handlers: [], errorLog: '/var/log/httpd-error.log', warnings: [] };
  readFile(file, config, defines);
  if (!existsSync(config.documentRoot)) config.warnings.push(`AH00112: Warning: DocumentRoot [${config.documentRoot}] does not exist`);
  return config;
}

function readFile(file: string, config: ApacheConfig, defines: string[]): void {
  const lines = readFileSync(file, 'utf8').replace(/\\\n/g, ' ').split('\n');
  const stack: Array<{ name: string; active: boolean; filesPattern?: RegExp; line: number }> = [];
  const active = () => stack.every((section) => section.active);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const number = index + 1;
    const where = `AH00526: Syntax error on line ${number} of ${file}:`;
    if (line === '' || line.startsWith('#')) return;
    const closing = /^<\/(\w+)\s*>$/.exec(line);
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== closing[1].toLowerCase()) throw new ApacheSyntaxError(`${where}\n</${closing[1]}> without matching <${closing[1]}> section`);
      return;
    }
    const opening = /^<(\w+)(\s+[^>]*)?>$/.exec(line);
    if (opening) {
      const name = opening[1].toLowerCase();
      if (!SECTIONS.has(name)) throw new ApacheSyntaxError(`${where}\nInvalid command '<${opening[1]}', perhaps misspelled or defined by a module not included in the server configuration`);
      const argument = words((opening[2] ?? '').trim())[0] ?? '';
      let isActive = true;
      if (name === 'ifmodule') {
        const negated = argument.startsWith('!');
        const module = argument.replace(/^!/, '').replace(/^mod_(\w+)\.c$/, '$1').replace(/_module$/, '');
        isActive = config.modules.has(module) !== negated;
      } else if (name === 'ifdefine') {
        const negated = argument.startsWith('!');
        isActive = defines.includes(argument.replace(/^!/, '')) !== negated;
      }
      const filesPattern = name === 'filesmatch' ? new RegExp(argument) : name === 'files' ? globToRegExp(argument) : undefined;
      stack.push({ name, active: isActive, filesPattern, line: number });
      return;
    }
    if (line.startsWith('<')) throw new ApacheSyntaxError(`${where}\nSection ${line.split(/\s/)[0]}> not closed properly`);
    const [directive, ...args] = words(line);
    const key = directive.toLowerCase();
    const module = DIRECTIVES[key];
    if (!active()) return;
    if (module === undefined || !config.modules.has(module)) {
      throw new ApacheSyntaxError(`${where}\nInvalid command '${directive}', perhaps misspelled or defined by a module not included in the server configuration`);
    }
    apply(key, args, config, { file, number, where, defines, files: stack.map((section) => section.filesPattern).filter((pattern): pattern is RegExp => pattern !== undefined).pop() });
  });
  const unclosed = stack.pop();
  if (unclosed) throw new ApacheSyntaxError(`AH00526: Syntax error on line ${unclosed.line} of ${file}:\n<${unclosed.name.replace(/^\w/, (c) => c.toUpperCase())}> was not closed.`);
}

interface Place { file: string; number: number; where: string; defines: string[]; files?: RegExp }

function apply(key: string, args: string[], config: ApacheConfig, place: Place): void {
  const absolute = (path: string) => (isAbsolute(path) ? path : join(SERVER_ROOT, path));
  switch (key) {
    case 'loadmodule': {
      const [name, path] = args;
      const module = (name ?? '').replace(/_module$/, '');
      const shipped = module === 'php' ? existsSync(absolute(path ?? '')) : SHIPPED_MODULES.has(module);
      if (!shipped) throw new ApacheSyntaxError(`httpd: Syntax error on line ${place.number} of ${place.file}: Cannot load ${path} into server: Cannot open "${absolute(path ?? '')}"`);
      config.modules.add(module);
      return;
    }
    case 'listen': {
      const match = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(args[0] ?? '');
      if (!match) throw new ApacheSyntaxError(`${place.where}\nPort must be specified`);
      config.listen.push({ host: match[1] ?? '0.0.0.0', port: Number(match[2]) });
      return;
    }
    case 'include': case 'includeoptional':
      for (const included of expandInclude(args[0] ?? '', key === 'includeoptional', place.where)) readFile(included, config, place.defines);
      return;
    case 'servername': config.serverName = args[0]; return;
    case 'documentroot': config.documentRoot = absolute(args[0] ?? ''); return;
    case 'directoryindex': config.directoryIndex = args; return;
    case 'errorlog': config.errorLog = absolute(args[0] ?? ''); return;
    case 'customlog': config.customLog = absolute(args[0] ?? ''); return;
    case 'sethandler': if (place.files) config.handlers.push({ pattern: place.files, handler: args[0] ?? '' }); return;
    case 'addhandler': case 'addtype':
      if (/^application\/x-httpd-php$|^php-script$/.test(args[0] ?? '')) {
        for (const extension of args.slice(1)) config.handlers.push({ pattern: new RegExp(`\\${extension.startsWith('.') ? extension : `.${extension}`}$`), handler: 'application/x-httpd-php' });
      }
      return;
    default:
  }
}
