/**
 * The php-fpm stand-in: /usr/local/sbin/php-fpm (-t, -v, -F) reads php-fpm.conf and its included pool files,
 * listens on each pool's `listen` (127.0.0.1 being the jail's own address, as in a FreeBSD jail) and runs the
 * scripts the web servers pass it. PHP diagnostics go to php.ini's error_log or, without one, back to the
 * web server as FastCGI stderr, as php-fpm does. The socket speaks the stand-ins' own one-line protocol
 * (siteServer.ts), not FastCGI.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { dirname, isAbsolute, join } from 'node:path';
import { ToolExit } from '../runtime/exit';
import { becomeDaemon, detach, isDaemonChild } from './daemon';
import { AddressError, jailNetwork } from './jailNetwork';
import { fpmTime } from './logTime';
import { logText } from './php/diagnostics';
import { executePhp } from './php/execute';
import { installedPhpVersion, loadSettings } from './php/settings';
import { FcgiRequest, FcgiResponse } from './siteServer';

const CONF = '/usr/local/etc/php-fpm.conf';
const LAUNCHER = '/usr/local/sbin/php-fpm';
const GLOBAL_KEYS = new Set(['pid', 'error_log', 'log_level', 'daemonize', 'include', 'syslog.facility', 'syslog.ident', 'emergency_restart_threshold',
  'emergency_restart_interval', 'process_control_timeout', 'process.max', 'rlimit_files', 'events.mechanism']);
const POOL_KEYS = /^(user|group|listen|listen\.[a-z_]+|pm|pm\.[a-z_]+|php_(admin_)?(value|flag)\[[^\]]+\]|env\[[^\]]+\]|access\.[a-z]+|slowlog|request_[a-z_]+|catch_workers_output|decorate_workers_output|clear_env|security\.limit_extensions|chdir|rlimit_[a-z]+|ping\.[a-z]+|prefix)$/;

interface Pool { name: string; listen: string; phpValues: Record<string, string> }
interface FpmConfig { pidFile: string; errorLog: string; pools: Pool[] }

class FpmConfigError extends Error {}

function parseFile(file: string, config: FpmConfig, section: { current?: Pool | 'global' }): void {
  readFileSync(file, 'utf8').split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      if (header[1] === 'global') section.current = 'global';
      else config.pools.push(section.current = { name: header[1], listen: '', phpValues: {} });
      return;
    }
    const match = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new FpmConfigError(`[${file}:${index + 1}] syntax error, unexpected '${line}'`);
    const [, key, value] = match;
    if (key === 'include') {
      const pattern = isAbsolute(value) ? value : join('/usr/local/etc', value);
      const directory = dirname(pattern);
      const matcher = new RegExp(`^${pattern.slice(directory.length + 1).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
      if (existsSync(directory)) readdirSync(directory).filter((name) => matcher.test(name)).sort().forEach((name) => parseFile(join(directory, name), config, section));
      return;
    }
    if (section.current === undefined || section.current === 'global') {
      if (!GLOBAL_KEYS.has(key)) throw new FpmConfigError(`[${file}:${index + 1}] unknown entry '${key}'`);
      const path = (text: string) => (isAbsolute(text) ? text : join('/var', text));
      if (key === 'pid') config.pidFile = path(value);
      if (key === 'error_log') config.errorLog = path(value);
      return;
    }
    if (!POOL_KEYS.test(key)) throw new FpmConfigError(`[${file}:${index + 1}] unknown entry '${key}'`);
    if (key === 'listen') section.current.listen = value;
    const php = /^php_(?:admin_)?(?:value|flag)\[([^\]]+)\]$/.exec(key);
    if (php) section.current.phpValues[php[1]] = value;
  });
}

function readFpmConfig(): FpmConfig {
  const config: FpmConfig = { pidFile: '/var/run/php-fpm.pid', errorLog: '/var/log/php-fpm.log', pools: [] };
  parseFile(CONF, config, {});
  if (config.pools.length === 0) throw new FpmConfigError('No pool defined. at least one pool section must be specified in config file');
  for (const pool of config.pools) if (pool.listen === '') throw new FpmConfigError(`[pool ${pool.name}] no listen address have been defined!`);
  return config;
}

const log = (config: FpmConfig, level: string, text: string) => {
  try { appendFileSync(config.errorLog, `[${fpmTime()}] ${level}: ${text}\n`); } catch { /* no log directory */ }
};

function checkedConfig(): FpmConfig {
  try {
    return readFpmConfig();
  } catch (error) {
    if (!(error instanceof FpmConfigError)) throw error;
    const lines = [`ERROR: ${error.message}`, `ERROR: failed to load configuration file '${CONF}'`, 'ERROR: FPM initialization failed'];
    process.stderr.write(lines.map((line) => `[${fpmTime()}] ${line}\n`).join(''));
    throw new ToolExit(78);
  }
}

function handle(pool: Pool, request: FcgiRequest): FcgiResponse {
  if (!existsSync(request.script) || !statSync(request.script).isFile()) return { stderr: ['Primary script unknown'], notFound: true };
  const stderr: string[] = [];
  const result = executePhp(request.script, loadSettings('fpm-fcgi', pool.phpValues), (diagnostic) => stderr.push(logText(diagnostic)));
  return { result, stderr };
}

async function serve(config: FpmConfig): Promise<void> {
  const network = jailNetwork();
  const servers: Server[] = [];
  for (const pool of config.pools) {
    const [host, port] = pool.listen.includes(':') ? pool.listen.split(':') : ['0.0.0.0', pool.listen];
    try {
      const [address] = network.bindAddresses(host);
      const server = createServer((socket) => {
        let data = '';
        socket.on('data', (chunk) => {
          data += chunk;
          if (!data.includes('\n')) return;
          socket.end(JSON.stringify(handle(pool, JSON.parse(data.split('\n')[0]) as FcgiRequest)));
        });
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(Number(port), address, resolve); });
      servers.push(server);
    } catch (error) {
      const reason = error instanceof AddressError ? "Can't assign requested address (49)" : (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'Address already in use (48)' : String(error);
      const lines = [`ERROR: unable to bind listening socket for address '${pool.listen}': ${reason}`, 'ERROR: FPM initialization failed'];
      process.stderr.write(lines.map((line) => `[${fpmTime()}] ${line}\n`).join(''));
      lines.forEach((line) => log(config, line.split(':')[0], line.slice(line.indexOf(':') + 2)));
      throw new ToolExit(78);
    }
  }
  log(config, 'NOTICE', `fpm is running, pid ${process.pid}`);
  log(config, 'NOTICE', 'ready to handle connections');
  becomeDaemon({
    pidFile: config.pidFile, title: `php-fpm: master process (${CONF})`, reloadSignals: ['SIGUSR2'],
    reload: async () => { log(config, 'NOTICE', 'Reloading in progress ...'); },
    stop: async () => {
      log(config, 'NOTICE', 'Terminating ...');
      servers.forEach((server) => server.close());
      log(config, 'NOTICE', 'exiting, bye-bye!');
    },
  });
}

export async function runPhpFpm(argv: string[]): Promise<void> {
  if (argv.includes('-v')) {
    const version = installedPhpVersion() ?? '8.4.13';
    process.stdout.write(`PHP ${version} (fpm-fcgi) (built: Nov  1 2026 00:00:00) (simulated)\nCopyright (c) The PHP Group\nZend Engine v4.${version.split('.')[1]}.${version.split('.')[2]}, Copyright (c) Zend Technologies\n`);
    return;
  }
  const config = checkedConfig();
  if (argv.includes('-t') || argv.includes('--test')) {
    process.stderr.write(`[${fpmTime()}] NOTICE: configuration file ${CONF} test is successful\n\n`);
    return;
  }
  if (isDaemonChild() || argv.includes('-F') || argv.includes('--nodaemonize')) return serve(config);
  await detach(LAUNCHER, argv);
}
