/**
 * jexec(8): run a command (or the user's shell) inside a running jail, as root or as a user looked up on
 * the host (-u) or in the jail (-U), in the jail's root or another directory (-d), optionally with a clean
 * login environment (-l). Messages follow jexec.c.
 */
import { statSync } from 'node:fs';
import { fail, ToolExit, usage } from './runtime/exit';
import { parseOptions } from './runtime/getopt';
import { findJail, notFoundMessage, readJailTable } from './kernel/jailTable';
import { execInJail, execveRefusal, findProgramInJail } from './kernel/jailProcesses';
import { strerror } from './runtime/strerror';
import { resolveInRoot } from './runtime/rootedPath';
import { lookupUser, PasswdEntry } from './runtime/passwd';
import { loginPath } from './login';

const USAGE = 'usage: jexec [-l] [-d working-directory] [-u username | -U username] jail\n             [command ...]';

function isDirectoryInJail(root: string, path: string): boolean {
  const resolved = resolveInRoot(root, path);
  return resolved !== undefined && statSync(resolved).isDirectory();
}

export async function runJexec(argv: string[]): Promise<void> {
  const parsed = parseOptions('jexec', argv, 'd:lnu:U:', USAGE);
  let workdir = '/', clean = false, hostUser: string | undefined, jailUser: string | undefined;
  for (const { flag, value } of parsed.options) {
    if (flag === 'd') workdir = value ?? '/';
    else if (flag === 'l') clean = true;
    else if (flag === 'u') hostUser = value;
    else if (flag === 'U') jailUser = value;
  }
  const [key, ...command] = parsed.operands;
  if (key === undefined || (hostUser !== undefined && jailUser !== undefined)) usage(USAGE);
  let user: PasswdEntry | undefined;
  if (hostUser !== undefined) {
    user = lookupUser('/etc/passwd', hostUser);
    if (!user) fail('jexec', `${hostUser}: no such user`);
  }
  const jail = findJail(readJailTable().jails, key);
  if (!jail || jail.holderPid === undefined) fail('jexec', notFoundMessage(key));
  if (process.geteuid?.() !== 0) fail('jexec', `jail_attach(${jail.jid}): Operation not permitted`);
  const root = String(jail.params.path);
  if (jailUser !== undefined) {
    user = lookupUser(resolveInRoot(root, '/etc/passwd'), jailUser);
    if (!user) fail('jexec', `${jailUser}: no such user`);
  }
  const account = user ?? lookupUser(resolveInRoot(root, '/etc/passwd'), 'root') ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' };
  let env: NodeJS.ProcessEnv = { ...process.env };
  if (clean) {
    // jexec -l clears the environment, then setusercontext(LOGIN_SETPATH) sets PATH from the login class.
    env = { HOME: account.home, SHELL: account.shell, USER: account.name, PATH: loginPath(account.home), ...(process.env.TERM ? { TERM: process.env.TERM } : {}) };
    if (workdir === '/' && isDirectoryInJail(root, account.home)) workdir = account.home;
  }
  const program = command.length > 0 ? command : [account.shell || '/bin/sh'];
  if (!isDirectoryInJail(root, workdir)) fail('jexec', `chdir(): ${workdir}: No such file or directory`);
  const found = findProgramInJail(root, program[0], env.PATH ?? '/bin:/usr/bin');
  const refusal = found === undefined ? 'ENOENT' : execveRefusal(root, found);
  if (refusal) fail('jexec', `execvp(): ${program[0]}: ${strerror(refusal)}`);
  const status = await execInJail({
    holderPid: jail.holderPid, path: root, holderRoot: jail.holderRoot, argv: [found as string, ...program.slice(1)], workdir, env,
    uid: user && user.uid !== 0 ? user.uid : undefined, gid: user && user.uid !== 0 ? user.gid : undefined,
  });
  throw new ToolExit(status);
}
