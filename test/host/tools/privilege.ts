/**
 * doas(1) and sudo(8) for the simulated host's logins. Their stubs run with the set-uid node, so the
 * real user is the caller; the rules of /usr/local/etc/doas.conf or /usr/local/etc/sudoers decide, then
 * the command runs as root with the environment those tools give it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fail, ToolExit } from './runtime/exit';
import { getopt, UnknownOptionError } from './runtime/getopt';

interface Caller { name: string; groups: string[] }

const SAFE_PATH = '/bin:/sbin:/usr/bin:/usr/sbin:/usr/local/bin:/usr/local/sbin';

function caller(): Caller {
  const uid = process.getuid?.() ?? 0;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  const name = passwd.find((fields) => Number(fields[2]) === uid)?.[0] ?? String(uid);
  const gids = new Set([...(process.getgroups?.() ?? []), process.getgid?.() ?? 0]);
  const groups = readFileSync('/etc/group', 'utf8').split('\n').map((line) => line.split(':'))
    .filter((fields) => gids.has(Number(fields[2])) || (fields[3] ?? '').split(',').includes(name)).map((fields) => fields[0]);
  return { name, groups };
}

/** The last matching doas.conf rule: "permit nopass :wheel", "deny user", "permit persist alice as root". */
function doasRule(who: Caller, target: string, command: string): { permit: boolean; nopass: boolean } | undefined {
  const file = '/usr/local/etc/doas.conf';
  if (!existsSync(file)) return undefined;
  let verdict: { permit: boolean; nopass: boolean } | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words[0] !== 'permit' && words[0] !== 'deny') continue;
    const options = new Set<string>();
    let index = 1;
    while (['nopass', 'nolog', 'persist', 'keepenv'].includes(words[index]) || words[index]?.startsWith('setenv')) options.add(words[index++]);
    const identity = words[index++];
    const matchesIdentity = identity?.startsWith(':') ? who.groups.includes(identity.slice(1)) : identity === who.name;
    const asTarget = words[index] === 'as' ? words[index + 1] : undefined;
    const commandRule = words.indexOf('cmd') >= 0 ? words[words.indexOf('cmd') + 1] : undefined;
    if (matchesIdentity && (asTarget === undefined || asTarget === target) && (commandRule === undefined || commandRule === command)) {
      verdict = { permit: words[0] === 'permit', nopass: options.has('nopass') };
    }
  }
  return verdict;
}

function runAsRoot(program: string, command: string[], env: NodeJS.ProcessEnv): never {
  process.setgid?.(0);
  process.setuid?.(0);
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
  if (result.error) fail(program, `${command[0]}: ${(result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : result.error.message}`, program === 'sudo' ? 1 : 127);
  throw new ToolExit(result.status ?? 1);
}

const rootEnvironment = (who: Caller) => ({ HOME: '/root', LOGNAME: 'root', USER: 'root', SHELL: '/bin/sh', PATH: SAFE_PATH,
  ...(process.env.TERM ? { TERM: process.env.TERM } : {}), DOAS_USER: who.name });

export function runDoas(argv: string[]): void {
  let parsed;
  try {
    parsed = getopt(argv, 'a:C:Lnsu:');
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write('usage: doas [-Lns] [-a style] [-C config] [-u user] command [args]\n');
    throw new ToolExit(1);
  }
  const who = caller();
  const target = parsed.options.find((option) => option.flag === 'u')?.value ?? 'root';
  const nonInteractive = parsed.options.some((option) => option.flag === 'n');
  const command = parsed.operands.length > 0 ? parsed.operands : ['/bin/sh'];
  const rule = doasRule(who, target, command[0]);
  if (!rule || !rule.permit) fail('doas', 'Operation not permitted');
  if (!rule.nopass) fail('doas', nonInteractive ? 'Authentication required' : 'Authentication failed');
  runAsRoot('doas', command, rootEnvironment(who));
}

/** sudoers lines "root ALL=(ALL:ALL) ALL" and "%wheel ALL=(ALL:ALL) NOPASSWD: ALL". */
function sudoRule(who: Caller): { nopasswd: boolean } | undefined {
  const file = '/usr/local/etc/sudoers';
  if (!existsSync(file)) return undefined;
  let verdict: { nopasswd: boolean } | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*(%?[\w-]+)\s+ALL\s*=\s*\([^)]*\)\s*(NOPASSWD:)?\s*ALL\s*$/.exec(line);
    if (!match) continue;
    const subject = match[1];
    if (subject.startsWith('%') ? who.groups.includes(subject.slice(1)) : subject === who.name) verdict = { nopasswd: match[2] !== undefined || who.name === 'root' };
  }
  return verdict;
}

export function runSudo(argv: string[]): void {
  let parsed;
  try {
    parsed = getopt(argv, 'bEHnPSiu:g:C:D:h:p:');
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write(`sudo: ${error.message.replace('illegal option', 'invalid option')}\nusage: sudo -h | -K | -k | -V\n`);
    throw new ToolExit(1);
  }
  const who = caller();
  const rule = sudoRule(who);
  if (!rule || !rule.nopasswd) {
    if (parsed.options.some((option) => option.flag === 'n')) fail('sudo', 'a password is required');
    fail('sudo', 'a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper');
  }
  if (parsed.operands.length === 0) {
    process.stderr.write('usage: sudo -h | -K | -k | -V\n');
    throw new ToolExit(1);
  }
  runAsRoot('sudo', parsed.operands, { ...rootEnvironment(who), SUDO_USER: who.name });
}
