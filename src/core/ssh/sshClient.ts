/**
 * Opens one logged-in ssh2 Client for a resolved host: the stream (TCP, ProxyCommand, or a forwardOut
 * channel through the ProxyJump hop, itself opened the same way), the host key check inside hostVerifier,
 * so before any credential is sent, then authentication. ConnectTimeout covers the whole of it, except
 * time spent waiting for a person. Every failure is a classified SshError, and a failed attempt leaves no
 * socket, channel or process behind.
 */
import type { Client, ClientChannel } from 'ssh2';
import { authenticationHandler } from './authentication';
import { ConnectTimer } from './connectTimer';
import { HostKeyCheck } from './hostKeyCheck';
import { LocalSystem } from './localSystem';
import { SshPrompts } from './prompts';
import { ssh2 } from './ssh2Library';
import { ResolvedSshConfig } from './sshConfig';
import { authFailed, cancelled, connectFailed, connectTimedOut, linkLost, SshError } from './sshError';
import { openProxyCommand, openTcp, Transport } from './transport';

export interface ClientDependencies {
  system: LocalSystem;
  prompts: SshPrompts;
  log(line: string): void;
  /** When ConnectTimeout is not set. */
  defaultConnectTimeoutMs: number;
  /** When ServerAliveInterval is not set: OpenSSH's default (none) would leave a dead link unnoticed. */
  defaultKeepaliveIntervalMs: number;
}

export interface SshClient {
  client: Client;
  target: string;
  /** Settles once, when this session or a hop under it is gone, with the reason. */
  lost: Promise<SshError>;
  close(): void;
}

type Ssh2Error = Error & { level?: string };

function forwardThrough(jump: SshClient, target: string, hostName: string, port: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    jump.client.forwardOut('127.0.0.1', 0, hostName, port, (error: Error | undefined, channel: ClientChannel) => {
      if (error) {
        reject(new SshError('proxy-failed', target, `the jump host ${jump.target} could not connect to ${hostName} port ${port}: ${error.message}`));
        return;
      }
      resolve({ stream: channel, close: () => channel.destroy() });
    });
  });
}

class Handshake {
  private readonly target: string;
  private settled = false;
  private transport: Transport | undefined;
  private transportFailure: (() => Promise<SshError>) | undefined;
  private client: Client | undefined;
  private refusal: SshError | undefined;
  private tried: string[] = [];
  private unusable: string[] = [];
  private readonly timer: ConnectTimer;
  private reject: (error: SshError) => void = () => undefined;

  constructor(private readonly config: ResolvedSshConfig, private readonly deps: ClientDependencies,
    private readonly jump: SshClient | undefined, private readonly signal: AbortSignal | undefined) {
    this.target = config.label;
    const timeoutMs = config.connectTimeoutMs ?? deps.defaultConnectTimeoutMs;
    this.timer = new ConnectTimer(timeoutMs, () => this.fail(connectTimedOut(this.target, timeoutMs)));
  }

  private readonly onAbort = () => this.fail(cancelled(this.target, 'connecting'));

  /** Ends the attempt; the transport is closed only once the reason is known (a ProxyCommand's status). */
  private fail(error: SshError | Promise<SshError>): void {
    if (this.settled) return;
    this.settled = true;
    this.timer.stop();
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.client) {
      this.client.removeAllListeners();
      this.client.on('error', () => undefined);
      this.client.destroy();
    }
    void Promise.resolve(error).then((reason) => {
      this.transport?.close();
      this.reject(reason);
    });
  }

  run(): Promise<SshClient> {
    return new Promise((resolve, reject) => {
      this.reject = reject;
      if (this.signal?.aborted) return this.onAbort();
      this.signal?.addEventListener('abort', this.onAbort, { once: true });
      this.start(resolve).catch((error: unknown) => {
        this.fail(error instanceof SshError ? error : new SshError('handshake-failed', this.target, `cannot connect to ${this.target}: ${String(error)}`));
      });
    });
  }

  private async openTransport(): Promise<Transport> {
    const { config, target } = this;
    if (this.jump) return forwardThrough(this.jump, target, config.hostName, config.port);
    if (config.proxyCommand) {
      const proxy = openProxyCommand(target, config.proxyCommand);
      this.transportFailure = proxy.failure;
      return proxy;
    }
    return openTcp(target, config.hostName, config.port);
  }

  private classify(error: Ssh2Error): SshError | Promise<SshError> {
    const { config, target } = this;
    if (this.refusal) return this.refusal;
    if (error.level === 'client-authentication') return authFailed(target, config.user, this.tried, this.unusable);
    if (error.level === 'client-timeout') return connectTimedOut(target, config.connectTimeoutMs ?? this.deps.defaultConnectTimeoutMs);
    if (this.transportFailure) return this.transportFailure();
    if (error.level === 'client-socket') return connectFailed(target, config.hostName, config.port, error);
    return new SshError('handshake-failed', target, `the SSH handshake with ${target} failed: ${error.message}`);
  }

  private async start(resolve: (client: SshClient) => void): Promise<void> {
    const { config, deps, target } = this;
    const check = await HostKeyCheck.prepare(config, deps.system);
    const transport = await this.openTransport();
    if (this.settled) return transport.close();
    this.transport = transport;
    const prompts = this.timer.pausing(deps.prompts);
    const { handler, tried, unusable } = authenticationHandler({ config, target, system: deps.system, prompts, log: deps.log });
    this.tried = tried;
    this.unusable = unusable;
    const client = (this.client = new (ssh2().Client)());
    client.on('error', (error: Ssh2Error) => {
      if (error.level === 'agent') deps.log(`agent: ${error.message}`);
      else this.fail(this.classify(error));
    });
    client.on('close', () => this.fail(this.refusal ?? this.transportFailure?.()
      ?? new SshError('unreachable', target, `${target} closed the connection before login`)));
    client.on('ready', () => {
      if (this.settled) return;
      this.settled = true;
      this.timer.stop();
      this.signal?.removeEventListener('abort', this.onAbort);
      deps.log(`connected to ${target} as ${config.user}`);
      resolve(this.connected(client, transport));
    });
    client.connect({
      sock: transport.stream,
      username: config.user,
      readyTimeout: 0,
      keepaliveInterval: config.serverAliveIntervalMs || deps.defaultKeepaliveIntervalMs,
      keepaliveCountMax: config.serverAliveCountMax,
      algorithms: { serverHostKey: check.algorithms as never },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        check.verify(key, prompts, deps.log).then(() => verify(true), (error: unknown) => {
          this.refusal = error instanceof SshError ? error : new SshError('host-key-unknown', target, String(error));
          verify(false);
        });
      },
      authHandler: handler,
    });
  }

  /** The session from now on: its loss (or its jump host's) is reported once, and closes everything. */
  private connected(client: Client, transport: Transport): SshClient {
    const { target, jump } = this;
    let reason: string | undefined;
    let reportLoss: (error: SshError) => void = () => undefined;
    const lost = new Promise<SshError>((resolve) => { reportLoss = resolve; });
    client.removeAllListeners('error');
    client.removeAllListeners('close');
    client.on('error', (error: Ssh2Error) => {
      reason = error.level === 'client-timeout' ? 'the server stopped answering keepalives' : error.message;
    });
    client.on('close', () => {
      transport.close();
      jump?.close();
      reportLoss(linkLost(target, reason));
    });
    void jump?.lost.then((jumpLoss) => {
      reason = `through ${jump.target}: ${jumpLoss.message}`;
      client.destroy();
    });
    return {
      client, target, lost,
      close() {
        reason = 'closed';
        client.end();
        // A server that does not answer the goodbye must not keep the socket open.
        setTimeout(() => client.destroy(), 1000).unref();
      },
    };
  }
}

/** Opens the session (and, first, the ProxyJump hop before it). */
export async function openSshClient(config: ResolvedSshConfig, deps: ClientDependencies, signal?: AbortSignal): Promise<SshClient> {
  const jump = config.proxyJump ? await openSshClient(config.proxyJump, deps, signal) : undefined;
  try {
    return await new Handshake(config, deps, jump, signal).run();
  } catch (error) {
    jump?.close();
    throw error;
  }
}
