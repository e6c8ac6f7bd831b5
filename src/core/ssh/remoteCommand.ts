/**
 * A remote operation as a value (architecture principle 2): what to run, whether it needs root, what to
 * feed it, and how to read its answer. Building one is pure; `planInvocation` turns it into the exact bytes
 * sent over an exec channel, and is the only place where argv becomes a command line and where
 * `doas -n` / `sudo -n` are added.
 */
import { needsStandardInput, shellCommandLine, shellQuote, UnquotableError } from './shellQuote';

/**
 * What a command reads: text, bytes (an archive), or bytes given later, so that a command can be started
 * ahead of time and fed when its input exists (a file saved while a sync receiver waits).
 */
export type StandardInput = string | Buffer | Promise<string | Buffer>;

export interface RemoteCommand<T> {
  argv: readonly string[];
  privileged?: boolean;
  stdin?: StandardInput;
  parse(stdout: string, stderr: string, exitCode: number): T;
}

/** How this login becomes root on the host (hosts/probe.ts detects it); 'none' when it cannot. */
export type PrivilegeMode = 'root' | 'doas' | 'sudo' | 'none';

/** What an exec channel carries: the line sshd hands to the login shell, and standard input. */
export interface Invocation {
  commandLine: string;
  stdin?: StandardInput;
}

export class PrivilegeUnavailableError extends Error {
  constructor(readonly program: string) {
    super(`"${program}" needs root, and this login can use neither doas nor sudo without a password on the host `
      + '(configure doas.conf "permit nopass" or a sudoers NOPASSWD rule, or log in as root)');
  }
}

/** `-n`: a missing rule must fail at once instead of prompting over a channel nobody types into (§7). */
export function privilegePrefix(mode: PrivilegeMode, program: string): string[] {
  switch (mode) {
    case 'root':
      return [];
    case 'doas':
      return ['doas', '-n'];
    case 'sudo':
      return ['sudo', '-n'];
    case 'none':
      throw new PrivilegeUnavailableError(program);
  }
}

/** The POSIX shell every command runs under, whatever the login shell is. */
const posixShell = '/bin/sh';

function scriptOnStandardInput(script: string, prefix: string[]): Invocation {
  return { commandLine: shellCommandLine([...prefix, posixShell, '-s']), stdin: script };
}

/**
 * The invocation for argv. Normally `/bin/sh -c '<quoted argv>'`, so a csh login shell only ever sees one
 * quoted word. When a word holds a newline, which csh cannot quote, the command line goes on standard input
 * to `/bin/sh -s`, and the command's own input (if any) is handed to it from inside that script.
 */
export function planInvocation(command: Pick<RemoteCommand<unknown>, 'argv' | 'privileged' | 'stdin'>, privilege: PrivilegeMode): Invocation {
  const prefix = command.privileged ? privilegePrefix(privilege, command.argv[0] ?? '') : [];
  const line = shellCommandLine([...prefix, ...command.argv]);
  if (!needsStandardInput(line)) return { commandLine: shellCommandLine([posixShell, '-c', line]), stdin: command.stdin };
  // The script is the shell's standard input, so the command must not read it: give it its own or nothing.
  if (command.stdin !== undefined && typeof command.stdin !== 'string') throw new UnquotableError('a command holding a newline can only be given text as input');
  const script = command.stdin === undefined ? `${line} </dev/null\n` : `printf '%s' ${shellQuote(command.stdin)} | ${line}\n`;
  return scriptOnStandardInput(script, []);
}

/** A multi-line sh script (the probe, the inventory): always on standard input, which csh cannot spoil. */
export function planScript(script: string, privileged: boolean, privilege: PrivilegeMode): Invocation {
  return scriptOnStandardInput(script, privileged ? privilegePrefix(privilege, posixShell) : []);
}
