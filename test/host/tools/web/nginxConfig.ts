/**
 * nginx.conf as the nginx stand-in reads it: blocks and directives, include globs relative to
 * /usr/local/etc/nginx, with nginx's "[emerg]" messages for unknown directives, missing semicolons and
 * unbalanced braces. It keeps what serving needs: each server's listen, root, index and locations (=, ^~,
 * prefix, ~ and ~* regular expressions) with their root, index and fastcgi_pass.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const NGINX_CONF = '/usr/local/etc/nginx/nginx.conf';
const PREFIX = '/usr/local/etc/nginx';

export interface NginxLocation { modifier: '' | '=' | '^~' | '~' | '~*'; pattern: string; root?: string; index?: string[]; fastcgiPass?: string }
export interface NginxServer { listen: Array<{ host: string; port: number }>; serverName: string; root: string; index: string[]; locations: NginxLocation[] }
export interface NginxConfig { servers: NginxServer[]; errorLog: string; accessLog: string; pidFile: string }

export class NginxConfigError extends Error {}

const KNOWN = new Set(['user', 'worker_processes', 'error_log', 'pid', 'events', 'worker_connections', 'use', 'multi_accept', 'http', 'include', 'default_type',
  'log_format', 'access_log', 'sendfile', 'tcp_nopush', 'tcp_nodelay', 'keepalive_timeout', 'gzip', 'server', 'listen', 'server_name', 'root', 'index',
  'location', 'error_page', 'fastcgi_pass', 'fastcgi_index', 'fastcgi_param', 'fastcgi_split_path_info', 'try_files', 'return', 'rewrite', 'types',
  'client_max_body_size', 'server_tokens', 'charset', 'autoindex', 'deny', 'allow', 'add_header', 'expires', 'proxy_pass', 'proxy_set_header',
  'alias', 'internal', 'types_hash_max_size', 'server_names_hash_bucket_size', 'load_module', 'worker_rlimit_nofile', 'fastcgi_read_timeout']);

interface Token { text: string; line: number; file: string; quoted: boolean }
interface Directive { name: string; args: string[]; block?: Directive[]; line: number; file: string }

function tokenize(file: string): Token[] {
  const text = readFileSync(file, 'utf8');
  const tokens: Token[] = [];
  let line = 1;
  for (const match of text.matchAll(/#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|[{};]|[^\s{};"'#]+|\n/g)) {
    if (match[0] === '\n') { line++; continue; }
    if (match[0].startsWith('#')) continue;
    const quoted = match[1] !== undefined || match[2] !== undefined;
    tokens.push({ text: match[1] ?? match[2] ?? match[0], line, file, quoted });
    line += match[0].split('\n').length - 1;
  }
  tokens.push({ text: '', line, file, quoted: false });
  return tokens;
}

const emerg = (text: string, token: { file: string; line: number }) => new NginxConfigError(`nginx: [emerg] ${text} in ${token.file}:${token.line}`);

/** Parses up to the end of the file or of the block; a types block holds MIME types, not directives. */
function parseBlock(tokens: Token[], position: { at: number }, closing: boolean, types = false): Directive[] {
  const directives: Directive[] = [];
  for (;;) {
    const first = tokens[position.at];
    if (first.text === '' && !first.quoted) {
      if (closing) throw emerg('unexpected end of file, expecting "}"', first);
      return directives;
    }
    position.at++;
    if (first.text === '}' && !first.quoted) {
      if (!closing) throw emerg('unexpected "}"', first);
      return directives;
    }
    if ((first.text === ';' || first.text === '{') && !first.quoted) throw emerg(`unexpected "${first.text}"`, first);
    if (!types && !KNOWN.has(first.text)) throw emerg(`unknown directive "${first.text}"`, first);
    const args: string[] = [];
    for (;;) {
      const token = tokens[position.at++];
      if (!token.quoted && token.text === ';') { directives.push({ name: first.text, args, line: first.line, file: first.file }); break; }
      if (!token.quoted && token.text === '{') { directives.push({ name: first.text, args, block: parseBlock(tokens, position, true, first.text === 'types'), line: first.line, file: first.file }); break; }
      if (!token.quoted && (token.text === '}' || token.text === '')) throw emerg(`directive "${first.text}" is not terminated by ";"`, tokens[position.at - 2]);
      args.push(token.text);
    }
  }
}

function withIncludes(directives: Directive[]): Directive[] {
  return directives.flatMap((directive) => {
    if (directive.name !== 'include') return [{ ...directive, block: directive.block && withIncludes(directive.block) }];
    const pattern = isAbsolute(directive.args[0] ?? '') ? directive.args[0] : join(PREFIX, directive.args[0] ?? '');
    if (!/[*?]/.test(pattern)) {
      if (!existsSync(pattern)) throw emerg(`open() "${pattern}" failed (2: No such file or directory)`, directive);
      return withIncludes(parseBlock(tokenize(pattern), { at: 0 }, false));
    }
    const directory = dirname(pattern);
    const matcher = new RegExp(`^${pattern.slice(directory.length + 1).replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const files = existsSync(directory) ? readdirSync(directory).filter((name) => matcher.test(name)).sort() : [];
    return files.flatMap((name) => withIncludes(parseBlock(tokenize(join(directory, name)), { at: 0 }, false)));
  });
}

function location(directive: Directive): NginxLocation {
  const [first, second] = directive.args;
  const modifier = (['=', '^~', '~', '~*'].includes(first ?? '') ? first : '') as NginxLocation['modifier'];
  const body = directive.block ?? [];
  const value = (name: string) => body.find((entry) => entry.name === name)?.args;
  return { modifier, pattern: (modifier ? second : first) ?? '/', root: value('root')?.[0], index: value('index'), fastcgiPass: value('fastcgi_pass')?.[0] };
}

function server(block: Directive[]): NginxServer {
  const values = (name: string) => block.filter((entry) => entry.name === name);
  const listen = values('listen').map((entry) => {
    const match = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(entry.args[0] ?? '');
    if (!match) throw emerg(`invalid port in "${entry.args[0]}" of the "listen" directive`, entry);
    return { host: match[1] ?? '0.0.0.0', port: Number(match[2]) };
  });
  return { listen: listen.length > 0 ? listen : [{ host: '0.0.0.0', port: 80 }], serverName: values('server_name')[0]?.args[0] ?? '',
    root: values('root')[0]?.args[0] ?? '/usr/local/www/nginx', index: values('index')[0]?.args ?? ['index.html'],
    locations: values('location').map(location) };
}

export function readNginxConfig(file = NGINX_CONF): NginxConfig {
  if (!existsSync(file)) throw new NginxConfigError(`nginx: [emerg] open() "${file}" failed (2: No such file or directory)`);
  const top = withIncludes(parseBlock(tokenize(file), { at: 0 }, false));
  const http = top.find((entry) => entry.name === 'http')?.block ?? [];
  const pick = (list: Directive[], name: string) => list.find((entry) => entry.name === name)?.args[0];
  return {
    servers: http.filter((entry) => entry.name === 'server').map((entry) => server(entry.block ?? [])),
    errorLog: pick(top, 'error_log') ?? '/var/log/nginx/error.log',
    accessLog: pick(http, 'access_log') ?? '/var/log/nginx/access.log',
    pidFile: pick(top, 'pid') ?? '/var/run/nginx.pid',
  };
}
