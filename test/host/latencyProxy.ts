/**
 * A TCP proxy in front of sshd that makes the loopback link behave like a distant one: each chunk is held
 * back by a one-way delay and paced to a bandwidth, and the link can be cut (connections reset) or
 * black-holed (bytes silently dropped while sockets stay open, as when a route disappears).
 */
import { createConnection, createServer, Server, Socket } from 'node:net';
import { LatencyOptions } from './scenario';

export type CutMode = 'reset' | 'blackhole';

export interface LatencyProxy {
  port: number;
  options: LatencyOptions;
  setOptions(options: LatencyOptions): void;
  /** Ends the link for current connections; new connections are refused until restore(). */
  cut(mode?: CutMode): void;
  restore(): void;
  activeConnections(): number;
  close(): Promise<void>;
}

/** Forwards one direction, delaying and pacing chunks while keeping their order. */
class DelayedPipe {
  private nextFreeAt = 0;

  constructor(private readonly proxy: { options: LatencyOptions; blackholed: boolean }, private readonly to: Socket) {}

  push(chunk: Buffer): void {
    if (this.proxy.blackholed) return;
    const { delayMs, bytesPerSecond } = this.proxy.options;
    const now = Date.now();
    const transmission = bytesPerSecond ? (chunk.length / bytesPerSecond) * 1000 : 0;
    const releaseAt = Math.max(now + delayMs, this.nextFreeAt + transmission);
    this.nextFreeAt = releaseAt;
    setTimeout(() => {
      if (!this.proxy.blackholed && !this.to.destroyed) this.to.write(chunk);
    }, releaseAt - now);
  }
}

export async function startLatencyProxy(targetPort: number, initial: LatencyOptions): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const state = { options: { ...initial }, blackholed: false, refusing: false };
  const server: Server = createServer((client) => {
    if (state.refusing) { client.resetAndDestroy(); return; }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const toUpstream = new DelayedPipe(state, upstream);
    const toClient = new DelayedPipe(state, client);
    client.on('data', (chunk) => toUpstream.push(chunk));
    upstream.on('data', (chunk) => toClient.push(chunk));
    // Close the other side only after the delayed bytes have gone out.
    client.on('end', () => setTimeout(() => upstream.end(), state.options.delayMs + 1));
    upstream.on('end', () => setTimeout(() => client.end(), state.options.delayMs + 1));
    client.on('close', () => setTimeout(() => upstream.destroy(), state.options.delayMs + 1));
    upstream.on('close', () => setTimeout(() => client.destroy(), state.options.delayMs + 1));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('latency proxy has no port');
  return {
    port: address.port,
    get options() { return state.options; },
    setOptions(options) { state.options = { ...options }; },
    cut(mode = 'reset') {
      state.refusing = true;
      if (mode === 'blackhole') state.blackholed = true;
      else for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      state.refusing = false;
      state.blackholed = false;
    },
    activeConnections: () => sockets.size / 2,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
