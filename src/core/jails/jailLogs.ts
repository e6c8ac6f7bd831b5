/**
 * The logs worth looking at for a jail: its console log (exec.consolelog, where jail(8) writes what
 * exec.start and exec.stop print; Bastille points it at /var/log/bastille) and, inside its root, the system
 * log and the web servers' logs at their FreeBSD package defaults. One exec finds which of them exist.
 */
import type { InventoryJail } from '../hosts/inventory';
import type { RemoteCommand } from '../ssh/remoteCommand';

export interface LogFile {
  /** Path on the host. */
  path: string;
  label: string;
}

const insideJail: { path: string; label: string }[] = [
  { path: '/var/log/messages', label: 'System log' },
  { path: '/var/log/httpd-access.log', label: 'Apache access log' },
  { path: '/var/log/httpd-error.log', label: 'Apache error log' },
  { path: '/var/log/nginx/access.log', label: 'nginx access log' },
  { path: '/var/log/nginx/error.log', label: 'nginx error log' },
  { path: '/var/log/php-fpm.log', label: 'PHP-FPM log' },
];

export function jailRootPath(jail: InventoryJail): string | undefined {
  const configured = jail.config?.parameters.path;
  return jail.running?.path || (typeof configured === 'string' && configured !== '' ? configured : undefined);
}

export function logCandidates(jail: InventoryJail): LogFile[] {
  const candidates: LogFile[] = [];
  const consoleLog = jail.config?.parameters['exec.consolelog'];
  if (typeof consoleLog === 'string' && consoleLog.startsWith('/')) candidates.push({ path: consoleLog, label: 'Console log' });
  const root = jailRootPath(jail);
  if (root && root !== '/') for (const log of insideJail) candidates.push({ path: `${root.replace(/\/$/, '')}${log.path}`, label: log.label });
  return candidates;
}

/** Which of the candidates are regular files on the host now. */
export function existingLogs(candidates: readonly LogFile[]): RemoteCommand<LogFile[]> {
  return {
    argv: ['/bin/sh', '-c', 'for f; do [ -f "$f" ] && printf "%s\\n" "$f"; done; exit 0', 'sh', ...candidates.map((c) => c.path)],
    parse: (stdout) => {
      const present = new Set(stdout.split('\n'));
      return candidates.filter((c) => present.has(c.path));
    },
  };
}

/** The last lines, then whatever is appended; -F follows a log rotated by newsyslog. */
export function followLogArgv(path: string, lines = 200): string[] {
  return ['tail', '-n', String(lines), '-F', path];
}
