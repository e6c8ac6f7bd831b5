/**
 * The Apache stand-in: /usr/local/sbin/httpd (-t, -v, -D, -k, -DFOREGROUND) and apachectl. It checks
 * httpd.conf with Apache's messages, then serves the DocumentRoot on every Listen of the jail's addresses,
 * running .php through mod_php (SetHandler application/x-httpd-php with php_module loaded) or php-fpm
 * (SetHandler "proxy:fcgi://HOST:PORT" with proxy_fcgi loaded). A handler whose module is not loaded
 * serves the file as it is, as Apache does. Responses say "(simulated)" in their Server header.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { ToolExit } from '../runtime/exit';
import { ApacheConfig, ApacheSyntaxError, HTTPD_CONF, readApacheConfig } from './apacheConfig';
import { becomeDaemon, detach, isDaemonChild } from './daemon';
import { AddressError, jailNetwork } from './jailNetwork';
import { apacheErrorTime } from './logTime';
import { logText } from './php/diagnostics';
import { commonLogLine, listen, PhpHandler, Site } from './siteServer';

const VERSION = '2.4.65';
const SERVER = `Apache/${VERSION} (FreeBSD) (simulated)`;
const PID_FILE = '/var/run/httpd.pid';
const LAUNCHER = '/usr/local/sbin/httpd';

const ERROR_PAGES: Record<number, [string, string]> = {
  301: ['Moved Permanently', 'The document has moved.'], 403: ['Forbidden', 'You don\'t have permission to access this resource.'],
  404: ['Not Found', 'The requested URL was not found on this server.'], 500: ['Internal Server Error', 'The server encountered an internal error or misconfiguration and was unable to complete your request.'],
  503: ['Service Unavailable', 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.'],
};

function errorPage(status: number): string {
  const [title, text] = ERROR_PAGES[status] ?? ['Error', ''];
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${title}</title>\n</head><body>\n<h1>${title}</h1>\n<p>${text}</p>\n</body></html>\n`;
}

function errorLine(config: ApacheConfig, tag: string, text: string, client?: string): void {
  try {
    appendFileSync(config.errorLog, `[${apacheErrorTime()}] [${tag}] [pid ${process.pid}] ${client ? `[client ${client}] ` : ''}${text}\n`);
  } catch { /* no log directory */ }
}

function phpHandler(config: ApacheConfig, path: string): PhpHandler {
  const rule = [...config.handlers].reverse().find((candidate) => candidate.pattern.test(path.split('/').pop() ?? ''));
  if (!rule) return { kind: 'none' };
  if (rule.handler === 'application/x-httpd-php' && config.modules.has('php')) return { kind: 'module' };
  const fcgi = /^proxy:fcgi:\/\/([^:/]+):(\d+)/.exec(rule.handler);
  if (fcgi && config.modules.has('proxy') && config.modules.has('proxy_fcgi')) return { kind: 'fcgi', host: fcgi[1], port: Number(fcgi[2]) };
  return { kind: 'none' };
}

function site(config: ApacheConfig): Site {
  return {
    serverHeader: SERVER,
    route: (path) => ({ documentRoot: config.documentRoot, index: config.directoryIndex, php: phpHandler(config, path) }),
    errorPage,
    accessLog: config.customLog,
    accessLine: (info, status, bytes) => `${commonLogLine(info, status, bytes)}\n`,
    phpLog: (diagnostic, info) => errorLine(config, 'php:error', logText(diagnostic), `${info.client}:${info.clientPort}`),
    fcgiStderr: (messages, info) => errorLine(config, 'proxy_fcgi:error', `AH01071: Got error '${messages.map((message) => `PHP message: ${message}`).join('\\n')}'`, `${info.client}:${info.clientPort}`),
    fcgiUnreachable: (code, info, upstream) => {
      errorLine(config, 'proxy:error', `(61)Connection refused: AH00957: FCGI: attempt to connect to ${upstream} (${upstream.split(':')[0]}:${upstream.split(':')[1]}) failed${code === 'ECONNREFUSED' ? '' : ` (${code})`}`);
      errorLine(config, 'proxy_fcgi:error', `AH01079: failed to make connection to backend: ${upstream.split(':')[0]}`, `${info.client}:${info.clientPort}`);
      return 503;
    },
  };
}

interface Options { test: boolean; version: boolean; signal?: string; defines: string[]; foreground: boolean }

function parseArguments(argv: string[]): Options {
  const options: Options = { test: false, version: false, defines: [], foreground: false };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    if (word === '-t') options.test = true;
    else if (word === '-v' || word === '-V') options.version = true;
    else if (word === '-k') options.signal = argv[++index];
    else if (word === '-D') options.defines.push(argv[++index] ?? '');
    else if (word.startsWith('-D')) options.defines.push(word.slice(2));
  }
  options.foreground = options.defines.includes('FOREGROUND');
  return options;
}

/** Reads httpd.conf, printing Apache's complaint (and logging it) when it cannot. */
function checkedConfig(defines: string[]): ApacheConfig {
  try {
    return readApacheConfig(defines);
  } catch (error) {
    if (!(error instanceof ApacheSyntaxError)) throw error;
    process.stderr.write(`${error.message}\n`);
    const errorLog = /^ErrorLog\s+"?([^"\s]+)/m.exec(existsSync(HTTPD_CONF) ? readFileSync(HTTPD_CONF, 'utf8') : '')?.[1] ?? '/var/log/httpd-error.log';
    try { appendFileSync(errorLog, `[${apacheErrorTime()}] [core:emerg] [pid ${process.pid}] ${error.message.replace(/\n/g, ' ')}\n`); } catch { /* no log directory */ }
    throw new ToolExit(1);
  }
}

function listenAddresses(config: ApacheConfig): Array<{ host: string; port: number }> {
  const network = jailNetwork();
  return config.listen.flatMap((entry) => network.bindAddresses(entry.host).map((host) => ({ host, port: entry.port })));
}

function warnings(config: ApacheConfig): string {
  const firstAddress = (() => { try { return listenAddresses(config)[0]?.host; } catch { return undefined; } })();
  const serverName = config.serverName ? [] : [`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${firstAddress && firstAddress !== '0.0.0.0' ? firstAddress : '127.0.0.1'}. Set the 'ServerName' directive globally to suppress this message`];
  return [...serverName, ...config.warnings].map((line) => `${line}\n`).join('');
}

async function serve(config: ApacheConfig, defines: string[]): Promise<void> {
  let current = config;
  let servers: Server[] = [];
  const bind = async (wanted: ApacheConfig) => {
    // httpd names the Listen address it could not bind, not the first one.
    let failing: { host: string; port: number } | undefined;
    try {
      const network = jailNetwork();
      const addresses = wanted.listen.flatMap((entry) => {
        failing = entry;
        return network.bindAddresses(entry.host).map((host) => ({ host, port: entry.port }));
      });
      failing = undefined;
      if (addresses.length === 0) throw new AddressError('');
      servers = await listen(addresses, () => site(current), (host) => jailNetwork().connectAddress(host));
    } catch (error) {
      const reason = error instanceof AddressError ? error.message : (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? '(48)Address already in use' : `(13)${(error as Error).message}`;
      const bound = error as { address?: string; port?: number };
      const address = failing ?? (bound.address !== undefined && bound.port !== undefined ? { host: bound.address, port: bound.port } : wanted.listen[0]);
      const lines = [...(reason && address ? [`${reason}: AH00072: make_sock: could not bind to address ${address.host}:${address.port}`] : []), 'no listening sockets available, shutting down', 'AH00015: Unable to open logs'];
      process.stderr.write(lines.map((line) => `${line}\n`).join(''));
      lines.forEach((line) => errorLine(wanted, 'core:emerg', line));
      throw new ToolExit(1);
    }
  };
  await bind(config);
  errorLine(config, 'mpm_prefork:notice', `AH00163: Apache/${VERSION} (FreeBSD) configured -- resuming normal operations`);
  errorLine(config, 'core:notice', `AH00094: Command line: '${LAUNCHER}${defines.filter((define) => define !== 'FOREGROUND').map((define) => ` -D ${define}`).join('')}'`);
  becomeDaemon({
    pidFile: PID_FILE, title: `${LAUNCHER}${defines.map((define) => ` -D${define}`).join('')}`, reloadSignals: ['SIGHUP', 'SIGUSR1'],
    async reload() {
      const next = readApacheConfig(defines);
      const same = JSON.stringify(listenAddresses(next)) === JSON.stringify(listenAddresses(current));
      current = next;
      if (!same) {
        // New listeners: the old sockets go first (one port cannot be bound twice).
        await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
        await bind(next);
      }
      errorLine(next, 'mpm_prefork:notice', 'AH00171: Graceful restart requested, doing restart');
    },
    async stop() {
      errorLine(current, 'mpm_prefork:notice', 'AH00169: caught SIGTERM, shutting down');
      servers.forEach((server) => server.close());
    },
  });
}

function signalRunning(signal: NodeJS.Signals): void {
  const pid = existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : NaN;
  try {
    process.kill(pid, signal);
  } catch {
    process.stderr.write(`httpd (pid ${Number.isNaN(pid) ? '?' : pid}?) not running\n`);
    throw new ToolExit(1);
  }
}

export async function runHttpd(argv: string[]): Promise<void> {
  const options = parseArguments(argv);
  if (options.version) {
    process.stdout.write(`Server version: Apache/${VERSION} (FreeBSD) (simulated)\nServer built:   unknown\n`);
    return;
  }
  if (options.signal === 'stop') return signalRunning('SIGTERM');
  if (options.signal === 'graceful' || options.signal === 'restart') return signalRunning(options.signal === 'graceful' ? 'SIGUSR1' : 'SIGHUP');
  const config = checkedConfig(options.defines);
  if (options.test) {
    process.stderr.write(`${warnings(config)}Syntax OK\n`);
    return;
  }
  if (isDaemonChild() || options.foreground) return serve(config, options.defines);
  process.stderr.write(warnings(config));
  await detach(LAUNCHER, argv);
}

/** apachectl: configtest and the -k actions, through httpd. */
export async function runApachectl(argv: string[]): Promise<void> {
  const action = argv[0] ?? '';
  if (action === 'configtest' || action === '-t') return runHttpd(['-DNOHTTPACCEPT', '-t']);
  if (['start', 'stop', 'restart', 'graceful'].includes(action)) return runHttpd(action === 'start' ? ['-DNOHTTPACCEPT'] : ['-k', action]);
  if (action === '-v' || action === '-V') return runHttpd(['-v']);
  process.stderr.write(`Usage: ${'/usr/local/sbin/apachectl'} [-D name] [-d directory] [-f file]\n                   [-C "directive"] [-c "directive"]\n                   [-k start|restart|graceful|graceful-stop|stop]\n                   [-v] [-V] [-h] [-l] [-L] [-t] [-T] [-S] [-X]\n`);
  throw new ToolExit(1);
}
