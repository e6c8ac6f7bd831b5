/**
 * A local TCP port whose connections are carried to a host-side address over the host's one SSH connection
 * (ssh2 `forwardOut`). Each accepted socket gets a channel of its own; the tunnel listens on 127.0.0.1 only,
 * so nothing off this machine can reach the jail through it.
 */
import { createServer, Server, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { OperationOptions } from './operationGuard';

/** The part of SshConnection a tunnel needs, so glue and tests can pass any connection-like object. */
export interface ForwardingConnection {
  forwardOut(host: string, port: number, options?: OperationOptions): Promise<Duplex>;
}

export interface PortTunnelOptions {
  /** Address as seen from the SSH host (a jail's address, or 127.0.0.1 for the host itself). */
  remoteHost: string;
  remotePort: number;
  /** 0 or absent: any free port. */
  localPort?: number;
  /** Per-channel opening timeout; the connection's default when absent. */
  channelTimeoutMs?: number;
}

export interface PortTunnel {
  readonly localPort: number;
  readonly remoteHost: string;
  readonly remotePort: number;
  /** Stops listening and ends every carried connection. Safe to call more than once. */
  close(): Promise<void>;
  /** Called once, when the tunnel closes for any reason; returns a function that removes the listener. */
  onDidClose(listener: (reason?: Error) => void): () => void;
}

export class LocalPortTakenError extends Error {
  constructor(readonly port: number) {
    super(`local port ${port} is already in use; choose another port or leave it empty for a free one`);
    this.name = 'LocalPortTakenError';
  }
}

export async function openPortTunnel(connection: ForwardingConnection, options: PortTunnelOptions): Promise<PortTunnel> {
  const server = createServer({ pauseOnConnect: true });
  const localPort = await listen(server, options.localPort ?? 0);
  return new ListeningTunnel(connection, server, localPort, options);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new LocalPortTakenError(port) : error);
    };
    server.once('error', failed);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

class ListeningTunnel implements PortTunnel {
  readonly remoteHost: string;
  readonly remotePort: number;
  private readonly carried = new Set<{ socket: Socket; channel?: Duplex }>();
  private readonly closeListeners = new Set<(reason?: Error) => void>();
  private closing: Promise<void> | undefined;

  constructor(private readonly connection: ForwardingConnection, private readonly server: Server, readonly localPort: number,
    private readonly options: PortTunnelOptions) {
    this.remoteHost = options.remoteHost;
    this.remotePort = options.remotePort;
    server.on('connection', (socket) => void this.carry(socket));
    server.on('error', (error) => void this.shutDown(error));
  }

  close(): Promise<void> {
    return this.shutDown(undefined);
  }

  onDidClose(listener: (reason?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private async carry(socket: Socket): Promise<void> {
    const pair: { socket: Socket; channel?: Duplex } = { socket };
    this.carried.add(pair);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      pair.channel?.destroy();
      this.carried.delete(pair);
    });
    let channel: Duplex;
    try {
      channel = await this.connection.forwardOut(this.remoteHost, this.remotePort, { timeoutMs: this.options.channelTimeoutMs });
    } catch {
      // The host refused (nothing listens there, or the link is gone): the local client sees a reset, as it
      // would connecting straight to a closed port.
      socket.resetAndDestroy();
      return;
    }
    if (socket.destroyed || this.closing) {
      channel.destroy();
      return;
    }
    pair.channel = channel;
    channel.on('error', () => socket.destroy());
    channel.on('close', () => socket.end());
    socket.pipe(channel);
    channel.pipe(socket);
    socket.resume();
  }

  private shutDown(reason: Error | undefined): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const { socket, channel } of this.carried) {
        channel?.destroy();
        socket.destroy();
      }
      this.carried.clear();
    }).then(() => {
      for (const listener of this.closeListeners) listener(reason);
      this.closeListeners.clear();
    });
    return this.closing;
  }
}
