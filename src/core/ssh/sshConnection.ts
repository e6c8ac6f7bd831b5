/**
 * The one SSH connection to a host (architecture principle 4). Exec, SFTP, terminals and port forwards all
 * use it. It opens on the first operation, not before; concurrent operations share the attempt in flight,
 * so a burst of them costs one TCP connection. When the link drops, every operation on it fails at once with
 * "connection to HOST lost", and the next operation connects again. Failed attempts back off (1 s, 2 s, 4 s …
 * 30 s): during the pause operations fail at once with the last error instead of waiting. Failures that
 * retrying cannot mend (authentication, host keys, settings) stay until `reconnect()`.
 */
import type { ClientChannel, PseudoTtyOptions, SFTPWrapper } from 'ssh2';
import { ChannelSlots } from './channelSlots';
import { OperationGuard, OperationOptions } from './operationGuard';
import { channelIsOpen, openBareSession, pipelinedPtySupported, startOnPty } from './ptyChannel';
import { ClientDependencies, openSshClient, SshClient } from './sshClient';
import { ResolvedSshConfig } from './sshConfig';
import { SshError } from './sshError';
import { StandingShell } from './standingShell';
import type { StandardInput } from './remoteCommand';

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'lost'; error: SshError }
  | { kind: 'failed'; error: SshError; retryAt?: Date }
  | { kind: 'closed' };

export interface ConnectionOptions extends ClientDependencies {
  /** Resolves the host's settings; called for every attempt, so edits to ~/.ssh/config apply. */
  resolveConfig(): Promise<ResolvedSshConfig>;
  defaultOperationTimeoutMs?: number;
  /** Command channels open at once (below sshd's MaxSessions, leaving room for SFTP and terminals). */
  maxConcurrentCommands?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Largest stdout or stderr kept from one command. */
  maxOutputBytes?: number;
}

export interface ExecOptions extends OperationOptions {
  stdin?: StandardInput;
  /**
   * The command is a shell that runs the script given as stdin (text): run it in a shell of that command kept
   * open for the next ones (one round trip instead of three), or on a channel of its own while that one is busy.
   */
  standing?: boolean;
  /** Names the operation in errors ("jls on web1 did not finish…"); the command itself by default. */
  label?: string;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  /** The exit status, or null when a signal ended the command. */
  exitCode: number | null;
  /** The signal that ended it, as ssh2 names it (SIGTERM). */
  signal?: string;
}

export interface PtyOptions extends OperationOptions {
  rows: number;
  cols: number;
  term?: string;
}

/** The server would not open a channel (at its MaxSessions, say): the command never started. */
class ChannelRefused extends SshError {}

/** Pauses before asking again for a refused command channel: sshd frees a session slot a moment after it closes. */
const channelRetryDelaysMs = [20, 50, 100, 200, 400, 800];

const defaults = { defaultOperationTimeoutMs: 120_000, maxConcurrentCommands: 6, initialBackoffMs: 1000, maxBackoffMs: 30_000, maxOutputBytes: 64 * 1024 * 1024 };

export class SshConnection {
  private current: ConnectionState = { kind: 'idle' };
  private session: SshClient | undefined;
  private attempt: Promise<SshClient> | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private readonly standing = new Map<string, { session: SshClient; shell: Promise<StandingShell> }>();
  /** A session channel opened ahead of the next terminal, once this session has had one. */
  private spare: { session: SshClient; channel: Promise<ClientChannel | undefined> } | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastError: SshError | undefined;
  private readonly closing = new AbortController();
  private readonly slots: ChannelSlots;
  private readonly settings: typeof defaults;
  private readonly listeners = new Set<(state: ConnectionState) => void>();

  constructor(readonly name: string, private readonly options: ConnectionOptions) {
    this.settings = {
      defaultOperationTimeoutMs: options.defaultOperationTimeoutMs ?? defaults.defaultOperationTimeoutMs,
      maxConcurrentCommands: options.maxConcurrentCommands ?? defaults.maxConcurrentCommands,
      initialBackoffMs: options.initialBackoffMs ?? defaults.initialBackoffMs,
      maxBackoffMs: options.maxBackoffMs ?? defaults.maxBackoffMs,
      maxOutputBytes: options.maxOutputBytes ?? defaults.maxOutputBytes,
    };
    this.slots = new ChannelSlots(this.settings.maxConcurrentCommands);
  }

  get state(): ConnectionState {
    return this.current;
  }

  onDidChangeState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Forgets the last failure and its back-off (the Reconnect action), and drops the current session. */
  reconnect(): void {
    this.failures = 0;
    this.retryAt = 0;
    this.lastError = undefined;
    const session = this.session;
    // Forgotten first, so that its end reads as the reconnect it is, not as a lost link.
    this.session = undefined;
    this.sftpSession = undefined;
    session?.close();
    if (!this.attempt && this.current.kind !== 'closed') this.setState({ kind: 'idle' });
  }

  /** Ends the session for good; operations still running fail, later ones are refused. */
  close(): void {
    this.closing.abort();
    this.session?.close();
    this.setState({ kind: 'closed' });
  }

  /** Opens the session if needed: the one in use, the attempt in flight, or a new attempt. */
  private connected(): Promise<SshClient> {
    if (this.closing.signal.aborted) return Promise.reject(new SshError('cancelled', this.name, `the connection to ${this.name} is closed`));
    if (this.session) return Promise.resolve(this.session);
    if (this.attempt) return this.attempt;
    if (this.lastError && (!this.lastError.transient || Date.now() < this.retryAt)) return Promise.reject(this.lastError);
    this.setState({ kind: 'connecting' });
    this.attempt = this.options.resolveConfig()
      .then((config) => openSshClient(config, this.options, this.closing.signal))
      .then((session) => this.adopt(session), (error: unknown) => this.attemptFailed(error))
      .finally(() => { this.attempt = undefined; });
    return this.attempt;
  }

  private adopt(session: SshClient): SshClient {
    if (this.closing.signal.aborted) {
      session.close();
      throw new SshError('cancelled', this.name, `the connection to ${this.name} is closed`);
    }
    this.session = session;
    this.failures = 0;
    this.lastError = undefined;
    this.setState({ kind: 'connected' });
    void session.lost.then((error) => {
      if (this.session !== session) return;
      this.session = undefined;
      this.sftpSession = undefined;
      this.options.log(error.message);
      if (!this.closing.signal.aborted) this.setState({ kind: 'lost', error });
    });
    return session;
  }

  private attemptFailed(error: unknown): never {
    const failure = error instanceof SshError ? error : new SshError('config', this.name, error instanceof Error ? error.message : String(error));
    this.failures++;
    const pause = Math.min(this.settings.initialBackoffMs * 2 ** (this.failures - 1), this.settings.maxBackoffMs);
    this.retryAt = Date.now() + pause;
    this.lastError = failure;
    this.options.log(failure.message);
    if (!this.closing.signal.aborted) this.setState({ kind: 'failed', error: failure, retryAt: failure.transient ? new Date(this.retryAt) : undefined });
    throw failure;
  }

  /** Runs `body` on the session under the operation's timeout, signal and the link's loss. */
  private async operate<T>(what: string, options: OperationOptions, body: (session: SshClient, guard: OperationGuard) => Promise<T>): Promise<T> {
    const guard = new OperationGuard(what, this.name, options.timeoutMs ?? this.settings.defaultOperationTimeoutMs, options.signal);
    try {
      const session = await guard.race(this.connected());
      guard.failOn(session.lost);
      return await guard.race(body(session, guard));
    } finally {
      guard.dispose();
    }
  }

  /** Runs a command line exactly as given (the runner builds it) and collects its output. */
  exec(commandLine: string, options: ExecOptions = {}): Promise<ExecResult> {
    const what = options.label ?? commandLine;
    return this.operate(what, options, async (session, guard) => {
      const script = options.standing && typeof options.stdin === 'string' ? options.stdin : undefined;
      const standing = script !== undefined ? await this.runStanding(session, guard, commandLine, what, script) : undefined;
      if (standing) return standing;
      const slot = this.slots.acquire();
      guard.onStop(() => void slot.then((release) => release()));
      const release = await guard.race(slot);
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            return await this.openChannel(session, guard, what, (done) => session.client.exec(commandLine, done),
              (channel) => this.collect(channel, what, options.stdin));
          } catch (error) {
            const delayMs = channelRetryDelaysMs[attempt];
            if (!(error instanceof ChannelRefused) || delayMs === undefined) throw error;
            this.dropSpare();
            await guard.race(new Promise((resolve) => setTimeout(resolve, delayMs)));
          }
        }
      } finally {
        release();
      }
    });
  }

  /**
   * Runs the script on the standing shell of `commandLine` in this session, opening it on first use; undefined
   * when that shell is busy with another script or cannot be opened (the caller then uses a channel of its own).
   */
  private async runStanding(session: SshClient, guard: OperationGuard, commandLine: string, what: string, script: string): Promise<ExecResult | undefined> {
    // A second pass opens a new shell when the one found has ended (a script timed out on it, say).
    for (let pass = 0; pass < 2; pass++) {
      let entry = this.standing.get(commandLine);
      if (entry?.session !== session) {
        const shell = this.openChannel(session, guard, what, (done) => session.client.exec(commandLine, done),
          (channel) => new StandingShell(channel, this.name, this.settings.maxOutputBytes));
        entry = { session, shell };
        this.standing.set(commandLine, entry);
      }
      const found = entry;
      const shell = await found.shell.catch(() => undefined);
      if (shell?.alive) {
        // Claimed in this same turn: a caller that wakes up next finds it busy and takes a channel of its own.
        if (!shell.idle) return undefined;
        guard.onStop(() => shell.close());
        return shell.run(script);
      }
      if (this.standing.get(commandLine) === found) this.standing.delete(commandLine);
      if (!shell) return undefined;
    }
    return undefined;
  }

  /**
   * Opens a channel that is closed if the operation stops, even when it opens only after that. `prepare`
   * runs in ssh2's callback itself: a fast command's output and exit status can arrive in the same read as
   * the channel's confirmation, and an 'exit' event emitted before anyone listens is gone.
   */
  private openChannel<R>(session: SshClient, guard: OperationGuard, what: string,
    open: (done: (error: Error | undefined, channel: ClientChannel) => void) => void, prepare: (channel: ClientChannel) => R): Promise<Awaited<R>> {
    return guard.race(new Promise<Awaited<R>>((resolve, reject) => {
      open((error, channel) => {
        if (error) {
          reject(new ChannelRefused('channel-failed', this.name, `could not start ${what} on ${session.target}: ${error.message}`));
          return;
        }
        guard.onStop(() => {
          // Ask the command to end too: closing the channel alone leaves it running on the host.
          if (!channel.destroyed) channel.signal('TERM');
          channel.close();
        });
        resolve(prepare(channel) as Awaited<R>);
      });
    }));
  }

  private collect(channel: ClientChannel, what: string, stdin: StandardInput | undefined): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let exit: { code: number | null; signal?: string } | undefined;
      const keep = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.settings.maxOutputBytes) {
          channel.close();
          reject(new SshError('channel-failed', this.name, `${what} on ${this.name} wrote more than ${this.settings.maxOutputBytes} bytes`));
        } else into.push(chunk);
      };
      channel.on('data', keep(stdout));
      channel.stderr.on('data', keep(stderr));
      channel.on('exit', (code: number | null, signal?: string) => { exit = { code: signal ? null : code, signal }; });
      channel.on('close', () => {
        if (!exit) {
          reject(new SshError('channel-failed', this.name, `${what} on ${this.name} ended without an exit status`));
          return;
        }
        resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), exitCode: exit.code, signal: exit.signal });
      });
      channel.on('error', (error: Error) => reject(new SshError('channel-failed', this.name, `${what} on ${this.name}: ${error.message}`)));
      if (stdin instanceof Promise) stdin.then((input) => channel.end(input), () => channel.end());
      else channel.end(stdin);
    });
  }

  /**
   * A command (or the login shell, when commandLine is undefined) on a pseudo-terminal, for terminals: on a
   * session channel opened beforehand when there is one, with pty-req and exec sent together (ptyChannel.ts).
   */
  openPty(commandLine: string | undefined, options: PtyOptions): Promise<ClientChannel> {
    const pty: PseudoTtyOptions = { rows: options.rows, cols: options.cols, term: options.term ?? 'xterm-256color' };
    const what = commandLine ?? 'a terminal';
    return this.operate(what, options, async (session, guard) => {
      if (!pipelinedPtySupported(session.client)) {
        return this.openChannel(session, guard, what, (done) => (commandLine === undefined
          ? session.client.shell(pty, done) : session.client.exec(commandLine, { pty }, done)), (channel) => channel);
      }
      const channel = await this.takeSpare(session) ?? await this.openChannel(session, guard, what, (done) => openBareSession(session.client, done), (bare) => bare);
      guard.onStop(() => channel.close());
      await guard.race(new Promise<void>((resolve, reject) => startOnPty(channel, commandLine, pty, (error) => (error
        ? reject(new SshError('channel-failed', this.name, `could not start ${what} on ${session.target}: ${error.message}`)) : resolve()))));
      this.keepSpare(session);
      return channel;
    });
  }

  private async takeSpare(session: SshClient): Promise<ClientChannel | undefined> {
    const spare = this.spare;
    if (spare?.session !== session) return undefined;
    this.spare = undefined;
    const channel = await spare.channel;
    return channel && channelIsOpen(channel) ? channel : undefined;
  }

  private keepSpare(session: SshClient): void {
    if (this.spare?.session === session || this.session !== session) return;
    const channel = new Promise<ClientChannel | undefined>((resolve) => openBareSession(session.client, (error, opened) => resolve(error ? undefined : opened)));
    this.spare = { session, channel };
  }

  /** Gives the spare's slot back to the host when it refuses channels (a low MaxSessions). */
  private dropSpare(): void {
    const spare = this.spare;
    this.spare = undefined;
    void spare?.channel.then((channel) => channel?.close());
  }

  /** The SFTP session of this connection, opened once and reused until it or the link closes. */
  sftp(options: OperationOptions = {}): Promise<SFTPWrapper> {
    return this.operate('SFTP', options, (session, guard) => guard.race(this.sftpOf(session)));
  }

  private sftpOf(session: SshClient): Promise<SFTPWrapper> {
    if (this.sftpSession) return this.sftpSession;
    const forget = () => {
      if (this.sftpSession === opened) this.sftpSession = undefined;
    };
    const opened = new Promise<SFTPWrapper>((resolve, reject) => {
      session.client.sftp((error, sftp) => {
        if (error) {
          reject(new SshError('channel-failed', this.name, `could not start SFTP on ${this.name}: ${error.message}`));
          return;
        }
        sftp.on('close', forget);
        resolve(sftp);
      });
    });
    opened.catch(forget);
    this.sftpSession = opened;
    return opened;
  }

  /** A TCP connection from the host to host:port (a tunnel), as a stream. */
  forwardOut(host: string, port: number, options: OperationOptions = {}): Promise<ClientChannel> {
    const what = `a tunnel to ${host} port ${port}`;
    return this.operate(what, options, async (session, guard) => {
      return this.openChannel(session, guard, what, (done) => session.client.forwardOut('127.0.0.1', 0, host, port, done), (channel) => channel);
    });
  }
}
