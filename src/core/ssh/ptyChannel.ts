/**
 * Terminals in fewer round trips than ssh2's exec gives. ssh2 asks for the pseudo-terminal, waits for the
 * answer, then sends exec: three round trips with the channel's opening. OpenSSH's own client sends pty-req
 * and exec together (RFC 4254 §5.4 lets a client send requests without waiting; §4 has the replies come back
 * in order), and so does this file: two round trips, or one on a session channel opened beforehand (a bare
 * session costs sshd no process, no pty and no login record until a request arrives).
 *
 * ssh2 has no public call for a bare session or for pipelined requests, so this reaches into the internals of
 * the pinned ssh2 version (a channel manager, the protocol writer, a channel's reply queue), checked at run
 * time: where they are not as expected, `pipelinedPtySupported` is false and the caller uses ssh2's exec.
 */
import type { Client, ClientChannel, PseudoTtyOptions } from 'ssh2';

type ReplyCallback = (failed: boolean | Error) => void;

interface ProtocolWriter {
  session(localId: number, window: number, packetSize: number): void;
  pty(remoteId: number, rows: number, cols: number, height: number, width: number, term: string, modes: null, wantReply: boolean): void;
  exec(remoteId: number, commandLine: string, wantReply: boolean): void;
  shell(remoteId: number, wantReply: boolean): void;
}

interface ClientInternals {
  _protocol?: ProtocolWriter;
  _chanMgr?: { add(opened: OpenCallback): number };
}

type OpenCallback = ((error: Error | undefined, channel: ClientChannel) => void) & { type?: string };

interface ChannelInternals {
  outgoing: { id: number; state: string };
  _callbacks: ReplyCallback[];
  subtype?: string;
  allowHalfOpen?: boolean;
}

// What ssh2 itself announces for a session (lib/Channel.js): window and largest packet.
const sessionWindow = 2 * 1024 * 1024;
const sessionPacketSize = 32 * 1024;

function internalsOf(client: Client): Required<ClientInternals> | undefined {
  const inner = client as unknown as ClientInternals;
  const protocol = inner._protocol;
  const manager = inner._chanMgr;
  const usable = protocol && manager && typeof manager.add === 'function'
    && ['session', 'pty', 'exec', 'shell'].every((method) => typeof (protocol as unknown as Record<string, unknown>)[method] === 'function');
  return usable ? { _protocol: protocol, _chanMgr: manager } : undefined;
}

export function pipelinedPtySupported(client: Client): boolean {
  return internalsOf(client) !== undefined;
}

/** Opens a session channel and sends nothing on it yet. */
export function openBareSession(client: Client, done: (error: Error | undefined, channel: ClientChannel) => void): void {
  const inner = internalsOf(client);
  if (!inner) {
    done(new Error('this ssh2 version cannot open a bare session'), undefined as unknown as ClientChannel);
    return;
  }
  const opened: OpenCallback = (error, channel) => done(error, channel);
  // ssh2's confirmation handler reads the type to decide what kind of channel object to make.
  opened.type = 'session';
  const localId = inner._chanMgr.add(opened);
  if (localId === -1) {
    done(new Error('No free channels available'), undefined as unknown as ClientChannel);
    return;
  }
  inner._protocol.session(localId, sessionWindow, sessionPacketSize);
}

/**
 * Sends pty-req and then exec (or shell, when commandLine is undefined) on an open session channel without
 * waiting between them; `done` hears once, after both replies. If the host refuses the terminal, the command
 * has already been sent: the channel is closed, which ends it.
 */
export function startOnPty(channel: ClientChannel, commandLine: string | undefined, pty: PseudoTtyOptions,
  done: (error: Error | undefined) => void): void {
  const inner = channel as unknown as ChannelInternals;
  const protocol = internalsOf((channel as unknown as { _client: Client })._client)?._protocol;
  if (!protocol || inner.outgoing.state !== 'open') {
    done(new Error('Channel is not open'));
    return;
  }
  let ptyFailure: Error | undefined;
  inner._callbacks.push((failed) => {
    if (failed) ptyFailure = failed instanceof Error ? failed : new Error('Unable to request a pseudo-terminal');
  });
  inner._callbacks.push((failed) => {
    const failure = ptyFailure ?? (failed ? (failed instanceof Error ? failed : new Error(commandLine === undefined ? 'Unable to open a shell' : 'Unable to exec')) : undefined);
    if (failure) {
      channel.close();
      done(failure);
      return;
    }
    inner.subtype = commandLine === undefined ? 'shell' : 'exec';
    inner.allowHalfOpen = true;
    done(undefined);
  });
  const rows = pty.rows ?? 24;
  const cols = pty.cols ?? 80;
  protocol.pty(inner.outgoing.id, rows, cols, pty.height ?? 480, pty.width ?? 640, pty.term ?? 'vt100', null, true);
  if (commandLine === undefined) protocol.shell(inner.outgoing.id, true);
  else protocol.exec(inner.outgoing.id, commandLine, true);
}

export function channelIsOpen(channel: ClientChannel): boolean {
  return (channel as unknown as ChannelInternals).outgoing?.state === 'open';
}
