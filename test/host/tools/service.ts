/**
 * service(8) with rc.d/jail built in (freebsd-reference.md §4.3): "Starting jails: a b.", the per-jail
 * config lookup (jail_NAME_conf, /etc/jail.conf.d/NAME.conf, /etc/jail.conf), jid files, enable checks;
 * other services run their rc.d script (on the host or, with -j, inside a jail); -e lists the enabled ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fail, ToolExit } from './runtime/exit';
import { lastValue, parseOptions } from './runtime/getopt';
import { findJail, notFoundMessage, readJailTable } from './kernel/jailTable';
import { execInJailSync } from './kernel/jailProcesses';
import { resolveInRoot } from './runtime/rootedPath';
import { assign, isYes, lookup } from './host/rcConf';

const USAGE = 'usage: service [-j <jail name or id>] -e\n       service [-j <jail name or id>] -R\n       service [-j <jail name or id>] [-v] -l | -r\n       service [-j <jail name or id>] [-v] <rc.d script> start|stop|etc.\n       service -h';
const RC_FILES = ['/etc/defaults/rc.conf', '/etc/rc.conf'];
const SCRIPT_DIRS = ['/etc/rc.d', '/usr/local/etc/rc.d'];
const JAIL_PATH = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin';

function jailConfigFile(name: string): string {
  const safe = name.replace(/[./]/g, '_');
  const explicit = lookup(RC_FILES, `jail_${safe}_conf`);
  if (explicit) return explicit;
  if (existsSync(`/etc/jail.${safe}.conf`)) return `/etc/jail.${safe}.conf`;
  if (existsSync(`/etc/jail.conf.d/${safe}.conf`)) return `/etc/jail.conf.d/${safe}.conf`;
  return lookup(RC_FILES, 'jail_conf') ?? '/etc/jail.conf';
}

function runJailTool(args: string[]): { status: number; output: string } {
  const result = spawnSync('/usr/sbin/jail', args, { encoding: 'utf8', env: { ...process.env, PATH: JAIL_PATH } });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function jailService(command: string, names: string[]): void {
  const once = command.startsWith('one');
  const action = once ? command.slice(3) : command;
  if (['start', 'stop', 'restart'].includes(action) && !once && !isYes(lookup(RC_FILES, 'jail_enable'))) {
    process.stderr.write(`Cannot '${action}' jail. Set jail_enable to YES in /etc/rc.conf or use 'one${action}' instead of '${action}'.\n`);
    throw new ToolExit(1);
  }
  const list = names.length > 0 ? names : (lookup(RC_FILES, 'jail_list') ?? '').split(/\s+/).filter(Boolean);
  if (action === 'status') {
    process.stdout.write(spawnSync('/usr/sbin/jls', ['-N'], { encoding: 'utf8' }).stdout);
    return;
  }
  if (action === 'stop' || action === 'restart') {
    let text = 'Stopping jails:';
    const stopping = list.length > 0 ? list : readJailTable().jails.map((jail) => jail.name);
    for (const name of (isYes(lookup(RC_FILES, 'jail_reverse_stop')) ? [...stopping].reverse() : stopping)) {
      const result = runJailTool(['-q', '-f', jailConfigFile(name), '-r', name]);
      text += result.status === 0 ? ` ${name}` : ` cannot stop jail "${name}": ${result.output.trim()}`;
      rmSync(`/var/run/jail_${name}.id`, { force: true });
    }
    process.stdout.write(`${text}.\n`);
  }
  if (action === 'start' || action === 'restart') {
    if (list.length === 0) {
      const result = runJailTool(['-f', lookup(RC_FILES, 'jail_conf') ?? '/etc/jail.conf', '-p1', '-c']);
      process.stdout.write(`Starting jails:${result.output ? ` ${result.output.trim().replace(/: created/g, '').replace(/\n/g, ' ')}` : ''}.\n`);
      return;
    }
    let text = 'Starting jails:';
    for (const name of list) {
      const result = runJailTool(['-i', '-f', jailConfigFile(name), '-c', name]);
      if (result.status === 0) {
        writeFileSync(`/var/run/jail_${name}.id`, result.output);
        text += ` ${name}`;
      } else text += ` cannot start jail "${name}": ${result.output.trim()}`;
    }
    process.stdout.write(`${text}.\n`);
  }
  if (action === 'enable' || action === 'disable') {
    const value = action === 'enable' ? 'YES' : 'NO';
    const old = lookup(['/etc/rc.conf'], 'jail_enable') ?? '';
    assign('/etc/rc.conf', 'jail_enable', value);
    process.stdout.write(`jail_enable: ${old} -> ${value}\njail ${action}d in /etc/rc.conf\n`);
  }
}

function scriptIn(root: string, name: string): string | undefined {
  for (const directory of SCRIPT_DIRS) {
    const path = `${directory}/${name}`;
    if (resolveInRoot(root, path) !== undefined) return path;
  }
  return undefined;
}

/** service -e: the scripts whose rcvar is set to YES in the root's rc.conf files, as full paths. */
function enabledScripts(root: string): string[] {
  const rcFiles = RC_FILES.map((file) => resolveInRoot(root, file)).filter((file): file is string => file !== undefined);
  return SCRIPT_DIRS.flatMap((directory) => {
    const path = resolveInRoot(root, directory);
    if (!path || !existsSync(path)) return [];
    return readdirSync(path).sort().filter((name) => {
      const rcvar = /^rcvar="?(\w+)"?/m.exec(readFileSync(`${path}/${name}`, 'utf8'))?.[1];
      return rcvar !== undefined && isYes(lookup(rcFiles, rcvar));
    }).map((name) => `${directory}/${name}`);
  });
}

export function runService(argv: string[]): void {
  const parsed = parseOptions('service', argv, 'ehj:lrRv', USAGE);
  const jailKey = lastValue(parsed, 'j');
  const jail = jailKey !== undefined ? findJail(readJailTable().jails, jailKey) : undefined;
  if (jailKey !== undefined && !jail) fail('service', notFoundMessage(jailKey));
  const root = jail ? String(jail.params.path) : '/';
  if (parsed.options.some((option) => option.flag === 'e')) {
    process.stdout.write(enabledScripts(root).map((path) => `${path}\n`).join(''));
    return;
  }
  if (parsed.options.some((option) => option.flag === 'l')) {
    const names = SCRIPT_DIRS.flatMap((directory) => {
      const path = resolveInRoot(root, directory);
      return path && existsSync(path) ? readdirSync(path) : [];
    });
    process.stdout.write(names.sort().map((name) => `${name}\n`).join(''));
    return;
  }
  const [name, command, ...rest] = parsed.operands;
  if (name === undefined || command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    throw new ToolExit(1);
  }
  if (name === 'jail' && !jail) return jailService(command, rest);
  const script = scriptIn(root, name);
  if (!script) fail('service', `${name} does not exist in /etc/rc.d or the local startup\ndirectories (/usr/local/etc/rc.d), or is not executable`);
  const argvInside = ['/bin/sh', script, command, ...rest];
  const env = { PATH: JAIL_PATH, HOME: '/', TERM: process.env.TERM ?? 'dumb' };
  const result = jail?.holderPid !== undefined
    ? execInJailSync({ holderPid: jail.holderPid, holderRoot: jail.holderRoot, path: root, argv: argvInside, env })
    : spawnSync(argvInside[0], argvInside.slice(1), { stdio: 'inherit', env });
  throw new ToolExit(result.status ?? 1);
}
