/**
 * The HTTP side shared by the Apache and nginx stand-ins: listens on the jail's addresses, serves static
 * files of the document root (directory index, 301 to the slash, 404), runs .php files in-process
 * (mod_php) or through php-fpm's socket, and writes the access log. What differs per server (routing,
 * error pages, log formats) comes in as a Site.
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { executePhp, PhpResult } from './php/execute';
import { PhpDiagnostic } from './php/diagnostics';
import { loadSettings } from './php/settings';
import { commonLogTime } from './logTime';

export type PhpHandler = { kind: 'module' } | { kind: 'fcgi'; host: string; port: number } | { kind: 'none' };

export interface Route {
  documentRoot: string;
  index: string[];
  php: PhpHandler;
}

export interface RequestInfo { method: string; uri: string; path: string; client: string; clientPort: number; host: string }

export interface Site {
  serverHeader: string;
  /** Picks the document root, index files and PHP handler for a URL path. */
  route(path: string): Route;
  errorPage(status: number): string;
  accessLog?: string;
  accessLine(request: RequestInfo, status: number, bytes: number, userAgent: string): string;
  /** A PHP diagnostic without php.ini error_log (mod_php: the server's error log). */
  phpLog(diagnostic: PhpDiagnostic, request: RequestInfo): void;
  /** Text php-fpm sent on stderr, and the failure to reach php-fpm at all. */
  fcgiStderr(messages: string[], request: RequestInfo, upstream: string): void;
  fcgiUnreachable(error: string, request: RequestInfo, upstream: string): number;
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.htm': 'text/html', '.css': 'text/css', '.js': 'application/javascript',
  '.json': 'application/json', '.txt': 'text/plain', '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.ico': 'image/x-icon' };

/** The FastCGI side is the stand-ins' own: one JSON line each way (php-fpm.ts answers it). */
export interface FcgiRequest { script: string; uri: string; method: string; client: string }
export interface FcgiResponse { result?: PhpResult; stderr: string[]; notFound?: boolean }

function askFpm(handler: { host: string; port: number }, request: FcgiRequest): Promise<FcgiResponse> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: handler.host, port: handler.port }, () => socket.end(`${JSON.stringify(request)}\n`));
    let data = '';
    socket.on('data', (chunk) => { data += chunk; });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(data) as FcgiResponse);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function send(response: ServerResponse, site: Site, status: number, body: string | Buffer, headers: Array<[string, string]>): number {
  const bytes = Buffer.byteLength(body);
  response.statusCode = status;
  response.setHeader('Server', site.serverHeader);
  for (const [name, value] of headers) response.setHeader(name, value);
  response.setHeader('Content-Length', bytes);
  response.end(body);
  return bytes;
}

async function answer(site: Site, request: IncomingMessage, response: ServerResponse, info: RequestInfo, connect: (host: string) => string): Promise<[number, number]> {
  const route = site.route(info.path);
  const relative = normalize(decodeURIComponent(info.path)).replace(/^(\.\.(\/|$))+/, '');
  let file = join(route.documentRoot, relative);
  const failure = (status: number): [number, number] => [status, send(response, site, status, site.errorPage(status), [['Content-Type', 'text/html; charset=iso-8859-1']])];
  if (existsSync(file) && statSync(file).isDirectory()) {
    if (!info.path.endsWith('/')) {
      return [301, send(response, site, 301, site.errorPage(301), [['Location', `http://${info.host}${info.path}/`], ['Content-Type', 'text/html; charset=iso-8859-1']])];
    }
    const index = route.index.map((name) => join(file, name)).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    if (!index) return failure(route.index.length > 0 ? 404 : 403);
    file = index;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (!(route.php.kind === 'fcgi' && file.endsWith('.php'))) return failure(404);
  }
  const viaPhp = file.endsWith('.php') ? site.route(file.slice(route.documentRoot.length) || '/').php : { kind: 'none' as const };
  if (viaPhp.kind === 'module') {
    const result = executePhp(file, loadSettings('apache2handler'), (diagnostic) => site.phpLog(diagnostic, info));
    return [result.status, send(response, site, result.status, result.body, result.headers)];
  }
  if (viaPhp.kind === 'fcgi') {
    const upstream = `${viaPhp.host}:${viaPhp.port}`;
    let reply: FcgiResponse;
    try {
      reply = await askFpm({ host: connect(viaPhp.host), port: viaPhp.port }, { script: file, uri: request.url ?? '/', method: info.method, client: info.client });
    } catch (error) {
      return failure(site.fcgiUnreachable((error as NodeJS.ErrnoException).code ?? String(error), info, upstream));
    }
    if (reply.stderr.length > 0) site.fcgiStderr(reply.stderr, info, upstream);
    if (reply.notFound || !reply.result) return [404, send(response, site, 404, 'File not found.\n', [['Content-Type', 'text/html; charset=UTF-8']])];
    return [reply.result.status, send(response, site, reply.result.status, reply.result.body, reply.result.headers)];
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'text/plain';
  return [200, send(response, site, 200, readFileSync(file), [['Content-Type', type]])];
}

/** Starts one listener per address; resolves once all listen, rejects with the first bind error. */
export async function listen(addresses: Array<{ host: string; port: number }>, site: () => Site, connect: (host: string) => string): Promise<Server[]> {
  const servers: Server[] = [];
  for (const address of addresses) {
    const server = createServer((request, response) => {
      const current = site();
      const info: RequestInfo = { method: request.method ?? 'GET', uri: request.url ?? '/', path: (request.url ?? '/').split('?')[0],
        client: request.socket.remoteAddress ?? '-', clientPort: request.socket.remotePort ?? 0, host: request.headers.host ?? address.host };
      answer(current, request, response, info, connect).then(([status, bytes]) => {
        if (current.accessLog) {
          try { appendFileSync(current.accessLog, current.accessLine(info, status, bytes, String(request.headers['user-agent'] ?? '-'))); } catch { /* the log's directory is gone */ }
        }
      }, () => { if (!response.headersSent) send(response, current, 500, current.errorPage(500), []); });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve());
    });
    servers.push(server);
  }
  return servers;
}

export function commonLogLine(info: RequestInfo, status: number, bytes: number): string {
  return `${info.client} - - [${commonLogTime()}] "${info.method} ${info.uri} HTTP/1.1" ${status} ${bytes}`;
}
