/**
 * The runner of architecture principle 2: it takes command descriptions (remoteCommand.ts), has them turned
 * into exact invocations for the host's privilege mode, runs them on the host's one connection, and hands
 * their output to their parser. It also runs whole scripts (the probe, the inventory) and opens terminals,
 * so that no other code builds a command line.
 */
import { constants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import { OperationOptions } from './operationGuard';
import { Invocation, planInvocation, planScript, PrivilegeMode, RemoteCommand } from './remoteCommand';
import { ExecOptions, ExecResult, PtyOptions } from './sshConnection';

/** What the runner needs of a connection (SshConnection; tests may give something local). */
export interface CommandChannel {
  exec(commandLine: string, options?: ExecOptions): Promise<ExecResult>;
  openPty(commandLine: string | undefined, options: PtyOptions): Promise<ClientChannel>;
}

export interface ScriptOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface TerminalOptions extends PtyOptions {
  privileged?: boolean;
}

/** A shell's way of reporting death by a signal: 128 + its number. */
function exitStatus(result: ExecResult): number {
  if (result.exitCode !== null) return result.exitCode;
  const name = result.signal?.replace(/^(?!SIG)/, 'SIG');
  const number = name ? constants.signals[name as keyof typeof constants.signals] : undefined;
  return 128 + (number ?? 0);
}

function label(argv: readonly string[]): string {
  const text = argv.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export class CommandRunner {
  constructor(private readonly channel: CommandChannel, readonly privilege: PrivilegeMode = 'none') {}

  /** The same connection, with the privilege mode the host's probe found. */
  withPrivilege(privilege: PrivilegeMode): CommandRunner {
    return new CommandRunner(this.channel, privilege);
  }

  private async execute(invocation: Invocation, what: string, options: OperationOptions & { standing?: boolean }): Promise<ScriptOutput> {
    const result = await this.channel.exec(invocation.commandLine, { ...options, stdin: invocation.stdin, label: what });
    return { stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), exitCode: exitStatus(result) };
  }

  async run<T>(command: RemoteCommand<T>, options: OperationOptions = {}): Promise<T> {
    const output = await this.execute(planInvocation(command, this.privilege), label(command.argv), options);
    return command.parse(output.stdout, output.stderr, output.exitCode);
  }

  /**
   * A multi-line sh script in one round trip; fits hosts/hostSession's ScriptRunner. A script that needs no
   * doas or sudo runs in the connection's standing shell, whose channel is already open; one through doas or
   * sudo gets a channel of its own, so that their refusal comes back as the script's own output and status.
   */
  runScript(script: string, options: OperationOptions & { privileged?: boolean } = {}): Promise<ScriptOutput> {
    const { privileged = false, ...operation } = options;
    const standing = !privileged || this.privilege === 'root';
    return this.execute(planScript(script, privileged, this.privilege), 'a script', { ...operation, standing });
  }

  /** A terminal running argv (a jail's shell, say), or the login shell when argv is undefined. */
  openTerminal(argv: readonly string[] | undefined, options: TerminalOptions): Promise<ClientChannel> {
    if (argv === undefined) return this.channel.openPty(undefined, options);
    const invocation = planInvocation({ argv, privileged: options.privileged }, this.privilege);
    if (invocation.stdin !== undefined) throw new Error('a terminal command cannot contain a newline');
    return this.channel.openPty(invocation.commandLine, options);
  }
}
