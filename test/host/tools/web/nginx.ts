/**
 * The nginx stand-in: /usr/local/sbin/nginx (-t, -v, -s stop|reload|quit) reads nginx.conf with nginx's
 * messages, then serves each server block on the jail's addresses: locations pick the root and index, and a
 * location with fastcgi_pass sends .php to php-fpm. Responses say "(simulated)" in their Server header.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { dirname } from 'node:path';
import { ToolExit } from '../runtime/exit';
import { becomeDaemon, detach, isDaemonChild } from './daemon';
import { AddressError, jailNetwork } from './jailNetwork';
import { nginxErrorTime } from './logTime';
import { NGINX_CONF, NginxConfig, NginxConfigError, NginxLocation, NginxServer, readNginxConfig } from './nginxConfig';
import { commonLogLine, listen, Route, Site } from './siteServer';

const VERSION = '1.28.0';
const LAUNCHER = '/usr/local/sbin/nginx';

function errorPage(status: number): string {
  const titles: Record<number, string> = { 301: '301 Moved Permanently', 403: '403 Forbidden', 404: '404 Not Found', 500: '500 Internal Server Error', 502: '502 Bad Gateway' };
  return `<html>\r\n<head><title>${titles[status] ?? status}</title></head>\r\n<body>\r\n<center><h1>${titles[status] ?? status}</h1></center>\r\n<hr><center>nginx/${VERSION} (simulated)</center>\r\n</body>\r\n</html>\r\n`;
}

function chooseLocation(server: NginxServer, path: string): NginxLocation | undefined {
  const exact = server.locations.find((entry) => entry.modifier === '=' && entry.pattern === path);
  if (exact) return exact;
  const prefixes = server.locations.filter((entry) => (entry.modifier === '' || entry.modifier === '^~') && path.startsWith(entry.pattern))
    .sort((a, b) => b.pattern.length - a.pattern.length);
  if (prefixes[0]?.modifier === '^~') return prefixes[0];
  const regex = server.locations.find((entry) => (entry.modifier === '~' || entry.modifier === '~*') && new RegExp(entry.pattern, entry.modifier === '~*' ? 'i' : '').test(path));
  return regex ?? prefixes[0];
}

function route(server: NginxServer, path: string): Route {
  const chosen = chooseLocation(server, path);
  const prefix = server.locations.filter((entry) => entry.modifier === '' && path.startsWith(entry.pattern)).sort((a, b) => b.pattern.length - a.pattern.length)[0];
  const pass = chosen?.fastcgiPass ? /^([^:]+):(\d+)$/.exec(chosen.fastcgiPass) : null;
  return {
    documentRoot: chosen?.root ?? prefix?.root ?? server.root,
    index: chosen?.index ?? prefix?.index ?? server.index,
    php: pass ? { kind: 'fcgi', host: pass[1], port: Number(pass[2]) } : { kind: 'none' },
  };
}

function errorLine(config: NginxConfig, text: string): void {
  try {
    mkdirSync(dirname(config.errorLog), { recursive: true });
    appendFileSync(config.errorLog, `${nginxErrorTime()} ${text}\n`);
  } catch { /* unwritable log */ }
}

function site(config: NginxConfig, server: NginxServer): Site {
  const context = (info: { client: string; method: string; uri: string; host: string }, upstream: string) =>
    `client: ${info.client}, server: ${server.serverName}, request: "${info.method} ${info.uri} HTTP/1.1", upstream: "fastcgi://${upstream}", host: "${info.host}"`;
  return {
    serverHeader: `nginx/${VERSION} (simulated)`,
    route: (path) => route(server, path),
    errorPage,
    accessLog: config.accessLog,
    accessLine: (info, status, bytes, userAgent) => `${commonLogLine(info, status, bytes)} "-" "${userAgent}"\n`,
    phpLog: () => undefined,
    fcgiStderr: (messages, info, upstream) => errorLine(config, `[error] ${process.pid}#0: *1 FastCGI sent in stderr: "${messages.map((message) => `PHP message: ${message}`).join('; ')}" while reading response header from upstream, ${context(info, upstream)}`),
    fcgiUnreachable: (_, info, upstream) => {
      errorLine(config, `[error] ${process.pid}#0: *1 connect() failed (61: Connection refused) while connecting to upstream, ${context(info, upstream)}`);
      return 502;
    },
  };
}

function checkedConfig(testing: boolean): NginxConfig {
  try {
    return readNginxConfig();
  } catch (error) {
    if (!(error instanceof NginxConfigError)) throw error;
    process.stderr.write(`${error.message}\n${testing ? `nginx: configuration file ${NGINX_CONF} test failed\n` : ''}`);
    errorLine({ errorLog: '/var/log/nginx/error.log' } as NginxConfig, `[emerg] ${process.pid}#0: ${error.message.replace(/^nginx: \[emerg\] /, '')}`);
    throw new ToolExit(1);
  }
}

async function serve(config: NginxConfig): Promise<void> {
  const network = jailNetwork();
  for (const log of [config.errorLog, config.accessLog]) mkdirSync(dirname(log), { recursive: true });
  const listenOf = (wanted: NginxConfig) => wanted.servers.map((server) => server.listen.flatMap((entry) => network.bindAddresses(entry.host).map((host) => ({ host, port: entry.port }))));
  let current = config;
  let servers: Server[] = [];
  try {
    const addresses = listenOf(config);
    for (const [index, own] of addresses.entries()) {
      servers = [...servers, ...await listen(own, () => site(current, current.servers[index] ?? config.servers[index]), (host) => network.connectAddress(host))];
    }
  } catch (error) {
    const listenOf = config.servers[0]?.listen[0];
    const reason = error instanceof AddressError ? '49: Can\'t assign requested address' : (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? '48: Address already in use' : String(error);
    const text = `bind() to ${listenOf?.host ?? '0.0.0.0'}:${listenOf?.port ?? 80} failed (${reason})`;
    process.stderr.write(`nginx: [emerg] ${text}\n`);
    errorLine(config, `[emerg] ${process.pid}#0: ${text}`);
    throw new ToolExit(1);
  }
  becomeDaemon({
    pidFile: config.pidFile, title: `nginx: master process ${LAUNCHER}`, reloadSignals: ['SIGHUP'],
    // A reload takes the new server blocks when they listen where the old ones did (else it keeps the old).
    reload: async () => {
      errorLine(current, `[notice] ${process.pid}#0: signal 1 (SIGHUP) received from 1, reconfiguring`);
      const next = readNginxConfig();
      if (JSON.stringify(listenOf(next)) === JSON.stringify(listenOf(current))) current = next;
    },
    stop: async () => {
      errorLine(config, `[notice] ${process.pid}#0: signal 15 (SIGTERM) received from 1, exiting`);
      servers.forEach((server) => server.close());
    },
  });
}

function signalMaster(config: NginxConfig, signal: string): void {
  const pid = existsSync(config.pidFile) ? Number(readFileSync(config.pidFile, 'utf8').trim()) : NaN;
  const signals: Record<string, NodeJS.Signals> = { stop: 'SIGTERM', quit: 'SIGQUIT', reload: 'SIGHUP', reopen: 'SIGUSR1' };
  try {
    process.kill(pid, signals[signal] ?? 'SIGTERM');
  } catch {
    process.stderr.write(`nginx: [error] invalid PID number "" in "${config.pidFile}"\n`);
    throw new ToolExit(1);
  }
}

export async function runNginx(argv: string[]): Promise<void> {
  if (argv.includes('-v') || argv.includes('-V')) {
    process.stderr.write(`nginx version: nginx/${VERSION} (simulated)\n`);
    return;
  }
  const config = checkedConfig(argv.includes('-t'));
  if (argv.includes('-t')) {
    process.stderr.write(`nginx: the configuration file ${NGINX_CONF} syntax is ok\nnginx: configuration file ${NGINX_CONF} test is successful\n`);
    return;
  }
  const signal = argv.indexOf('-s');
  if (signal >= 0) return signalMaster(config, argv[signal + 1] ?? '');
  if (isDaemonChild()) return serve(config);
  await detach(LAUNCHER, argv);
}
