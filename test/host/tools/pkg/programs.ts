/**
 * What the fixture packages install as programs and rc.d scripts. A program that is more than a script
 * (httpd, nginx, php, php-fpm) is a small sh launcher that runs the simulator's stand-in on the simulator's
 * own node: on the host at /.simulator, inside a jail through /proc/1/root, the root of the jail's first
 * process (its holder, which lives in the host's tree), so the process itself stays chrooted in the jail.
 */

/** The launcher installed at `path` for the stand-in `program` (a name the tools bundle dispatches on). */
export function launcherScript(program: string): string {
  return `#!/bin/sh
# Simulated ${program}: runs the FreeBSD simulator's stand-in (see test/host/README.md), not the real program.
r=/.simulator; [ -x "$r/bin/node" ] || r=/proc/1/root/.simulator
exec "$r/lib/ld.so" --library-path "$r/lib" "$r/bin/node" --preserve-symlinks --preserve-symlinks-main \\
  -e 'require(process.argv[1]).run(${JSON.stringify(program)})' "$r/tools.cjs" "$@"
`;
}

export interface DaemonScript {
  /** rc.d name, also the rc.conf prefix (apache24, nginx, php_fpm). */
  service: string;
  command: string;
  commandArgs?: string;
  pidfile: string;
  /** What rc's sanity check names ("apache24", "nginx", "php-fpm") and the command line that tests. */
  checkName: string;
  checkCommand: string;
  /** Signal for reload (and graceful, which Apache alone has). */
  reloadSignal: 'HUP' | 'USR2';
  graceful?: boolean;
}

const ENABLED = (service: string) => `enabled() { grep -Eq "^${service}_enable=\\"?(YES|yes|TRUE|true|ON|on|1)\\"?" /etc/rc.conf 2>/dev/null; }`;
// A daemon that ended stays a zombie until the jail's first process reaps it: count it as gone.
const RUNNING = `alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
running() { [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; }`;
const ENABLE_CHECK = `cmd="$1"
case "$cmd" in one*) cmd="\${cmd#one}" ;; *) if [ "$cmd" != status ] && [ "$cmd" != rcvar ] && [ "$cmd" != configtest ] && ! enabled; then
  echo "Cannot '$cmd' $name. Set \${rcvar} to YES in /etc/rc.conf or use 'one$cmd' instead of '$cmd'." >&2; exit 1; fi ;; esac`;
const STOP = `stop_it() {
  if ! running; then echo "$name not running? (check $pidfile)."; return 1; fi
  echo "Stopping $name."; pid="$(cat "$pidfile")"; kill -TERM "$pid"
  tries=0; while alive "$pid" && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
  echo "Waiting for PIDS: $pid."; rm -f "$pidfile"
}`;
const STATUS = 'status) if running; then echo "$name is running as pid $(cat "$pidfile")."; else echo "$name is not running."; exit 1; fi ;;';
const RCVAR = 'rcvar) echo "# $name"; echo "#"; echo "${rcvar}=\\"NO\\"" ;;';

/** rc.subr's behaviour for a daemon: enable checks, sanity check before start, pid file, messages. */
export function daemonRcScript(daemon: DaemonScript): string {
  const extra = daemon.graceful ? 'graceful|' : '';
  return `#!/bin/sh
# PROVIDE: ${daemon.service}
# REQUIRE: LOGIN cleanvar
# KEYWORD: shutdown
name="${daemon.service}"
rcvar="${daemon.service}_enable"
command="${daemon.command}"
pidfile="${daemon.pidfile}"
${ENABLED(daemon.service)}
${RUNNING}
checkconfig() { echo "Performing sanity check on ${daemon.checkName} configuration:"; ${daemon.checkCommand}; }
${STOP}
${ENABLE_CHECK}
case "$cmd" in
start) if running; then echo "$name already running? (pid=$(cat "$pidfile"))."; exit 1; fi
  checkconfig || exit 1
  echo "Starting $name."
  if ! $command ${daemon.commandArgs ?? ''}; then echo "$0: WARNING: failed to start $name" >&2; exit 1; fi ;;
stop) stop_it || exit 1 ;;
restart) checkconfig || exit 1; stop_it; "$0" onestart ;;
${extra}reload) if ! running; then echo "$name not running? (check $pidfile)."; exit 1; fi
  checkconfig || exit 1;${daemon.graceful ? ' echo "Performing a graceful restart";' : ''} kill -${daemon.reloadSignal} "$(cat "$pidfile")" ;;
configtest) checkconfig ;;
${STATUS}
${RCVAR}
*) echo "Usage: $0 [fast|force|one|quiet](start|stop|restart|rcvar|enable|disable|delete|enabled|describe|extracommands|status|poll|configtest|reload${daemon.graceful ? '|graceful' : ''})" >&2; exit 1 ;;
esac
`;
}

/** A service whose daemon the simulator does not model: a sleeping process with a pid file. */
export function sleeperRcScript(service: string): string {
  return `#!/bin/sh
# PROVIDE: ${service}
# REQUIRE: LOGIN
# KEYWORD: shutdown
name="${service}"
rcvar="${service}_enable"
pidfile="/var/run/${service}.pid"
${ENABLED(service)}
${RUNNING}
${STOP}
${ENABLE_CHECK}
case "$cmd" in
start) if running; then echo "$name already running? (pid=$(cat "$pidfile"))."; exit 1; fi
  echo "Starting $name."; (sleep 2147483647 </dev/null >/dev/null 2>&1 & echo $! > "$pidfile") ;;
stop) stop_it || exit 1 ;;
restart) stop_it; "$0" onestart ;;
${STATUS}
${RCVAR}
*) echo "Usage: $0 [fast|force|one|quiet](start|stop|restart|rcvar|enable|disable|delete|enabled|describe|extracommands|status|poll)" >&2; exit 1 ;;
esac
`;
}
