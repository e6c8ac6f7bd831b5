/**
 * Runs a jail's exec.* commands as command.c does: a command with shell metacharacters goes to
 * /bin/sh -c, others are split on blanks and executed directly (a lone trailing "&" runs it in the
 * background); exec.start, command and exec.stop run inside the jail. A failure is reported as
 * "NAME: COMMAND: failed" (or "exited on signal N", "timed out").
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execInJailSync, execveRefusal, findProgramInJail } from '../kernel/jailProcesses';
import { JailRun, note, StepFailed, warn } from './jailContext';
import { strerror } from '../runtime/strerror';

const SHELL_CHARACTERS = /[!"$&'()*;<>?[\\\]`{|}~]/;

function commandArgv(command: string): { argv: string[]; background: boolean } {
  const special = SHELL_CHARACTERS.exec(command);
  if (special && !(special[0] === '&' && special.index === command.length - 1)) return { argv: ['/bin/sh', '-c', command], background: false };
  const background = special !== null;
  const words = (background ? command.slice(0, -1) : command).split(/[ \t\f\v\r\n]+/).filter(Boolean);
  return { argv: words, background };
}

export interface CommandPlace {
  inJail: boolean;
  holderPid?: number;
  /** The holder's own root, when a jail created it (KernelJail.holderRoot). */
  holderRoot?: string;
  path: string;
}

export function runCommands(run: JailRun, parameter: string, place: CommandPlace): void {
  for (const command of run.spec.commands.get(parameter) ?? []) runCommand(run, command, place);
}

/** vnet.interface: `/sbin/ifconfig IF vnet JID` on the host for each interface (command.c IP_VNET_INTERFACE). */
export function moveInterfacesIn(run: JailRun, path: string): void {
  for (const name of run.spec.lists.get('vnet.interface') ?? []) {
    runArgv(run, ['/sbin/ifconfig', name, 'vnet', String(run.jid)], false, { inJail: false, path });
  }
}

function runCommand(run: JailRun, command: string, place: CommandPlace): void {
  const { argv, background } = commandArgv(command);
  if (argv.length === 0) return;
  runArgv(run, argv, background, place);
}

function runArgv(run: JailRun, argv: string[], background: boolean, place: CommandPlace): void {
  const commandLine = argv.join(' ');
  if (run.verbose > 0) note(run, `run command${place.inJail ? ' in jail' : ''}: ${commandLine}`);
  const env = { ...process.env, JID: String(run.jid ?? ''), JNAME: run.spec.label ?? '', JPATH: place.path };
  const consoleLog = place.inJail ? run.spec.strings.get('exec.consolelog') : undefined;
  const output = consoleLog ? openSync(consoleLog, 'a') : 'inherit';
  const timeout = (run.spec.numbers.get('exec.timeout') ?? 0) * 1000 || undefined;
  const stdio: ['ignore', typeof output, typeof output] = ['ignore', output, output];
  try {
    const program = place.inJail ? findProgramInJail(place.path, argv[0], process.env.PATH ?? '/bin:/usr/bin') : argv[0];
    // command.c's child reports a failed execvp(3) itself, then exits 1.
    const execFailed = (code: string) => {
      warn(run, `exec ${argv[0]}: ${strerror(code)}`);
      warn(run, `${commandLine}: failed`);
      throw new StepFailed();
    };
    if (program === undefined && !background) execFailed('ENOENT');
    const refusal = place.inJail && !background ? execveRefusal(place.path, program as string) : undefined;
    if (refusal) execFailed(refusal);
    const finalArgv = background ? ['/bin/sh', '-c', `${argv.map(shellQuote).join(' ')} &`] : [program as string, ...argv.slice(1)];
    const result = place.inJail && place.holderPid !== undefined
      ? execInJailSync({ holderPid: place.holderPid, holderRoot: place.holderRoot, path: place.path, argv: finalArgv, env, stdio })
      : spawnSync(finalArgv[0], finalArgv.slice(1), { env, stdio, timeout });
    const spawnError = (result.error as NodeJS.ErrnoException | undefined)?.code;
    if (spawnError === 'ENOENT' || spawnError === 'EACCES') execFailed(spawnError);
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      warn(run, `${commandLine}: timed out`);
      throw new StepFailed();
    }
    if (result.signal) {
      warn(run, `${commandLine}: exited on signal ${signalNumber(result.signal)}`);
      throw new StepFailed();
    }
    if (result.status !== 0) {
      warn(run, `${commandLine}: failed`);
      throw new StepFailed();
    }
  } finally {
    if (typeof output === 'number') closeSync(output);
  }
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
