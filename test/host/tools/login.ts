/**
 * login(1) for a user someone has already authenticated: `login -f USER` (root, or USER themselves), as a
 * jail's terminal is opened (`jexec JAIL login -f root`). Like FreeBSD's login it stays as the parent
 * ("login [pam] (login)" in ps) of the user's shell, started as a login shell ("-sh") in the home
 * directory (or "/" with login's notice) under the user's ids, with a new environment unless -p: HOME,
 * SHELL, USER, LOGNAME, TERM and PATH (login.conf's default class). No message of the day is shown.
 * Password logins are not simulated: they end as a wrong password does.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ToolExit, usage } from './runtime/exit';
import { getopt, hasFlag, ParsedOptions, UnknownOptionError } from './runtime/getopt';
import { lookupUser } from './runtime/passwd';

const USAGE = 'usage: login [-fp] [-h hostname] [username]';
/** login.conf's default class: path=/sbin /bin /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin ~/bin */
export const loginPath = (home: string): string => `/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:${home === '/' ? '' : home}/bin`;

function incorrect(): never {
  process.stdout.write('Password:\nLogin incorrect\n');
  throw new ToolExit(1);
}

export function runLogin(argv: string[]): Promise<void> {
  let parsed: ParsedOptions;
  try {
    parsed = getopt(argv, 'fh:p');
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write(`login: ${error.message}\n`);
    usage(USAGE);
  }
  const uid = process.getuid?.() ?? 0;
  if (hasFlag(parsed, 'h') && uid !== 0) usage('login: -h option: Operation not permitted');
  const [name] = parsed.operands;
  const account = name === undefined ? undefined : lookupUser('/etc/passwd', name);
  if (!account || !hasFlag(parsed, 'f') || (uid !== 0 && uid !== account.uid)) incorrect();
  let home = account.home;
  if (!home || !existsSync(home) || !statSync(home).isDirectory()) {
    process.stdout.write('No home directory.\nLogging in with home = "/".\n');
    home = '/';
  }
  const shell = account.shell || '/bin/sh';
  const kept = hasFlag(parsed, 'p') ? process.env : {};
  const env: NodeJS.ProcessEnv = {
    ...kept, SHELL: shell, HOME: home, LOGNAME: account.name, USER: account.name,
    TERM: process.env.TERM || 'su', PATH: hasFlag(parsed, 'p') && process.env.PATH ? process.env.PATH : loginPath(home),
  };
  process.title = 'login [pam] (login)';
  // The parent waits as FreeBSD's does; the terminal's signals are the shell's business.
  for (const signal of ['SIGINT', 'SIGQUIT', 'SIGTSTP'] as const) process.on(signal, () => undefined);
  const child = spawn(shell, [], {
    argv0: `-${basename(shell)}`, cwd: home, env, stdio: 'inherit',
    ...(account.uid !== uid ? { uid: account.uid, gid: account.gid } : {}),
  });
  return new Promise((done, failed) => {
    child.on('error', () => failed(new ToolExit(1)));
    child.on('exit', (status) => (status === 0 ? done() : failed(new ToolExit(status ?? 1))));
  });
}
