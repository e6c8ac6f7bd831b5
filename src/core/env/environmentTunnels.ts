/**
 * The tunnels of an environment: one local port per entry of its `ports`, to the jail's address. Up makes
 * them exactly the environment's ports (opens the missing ones, closes those no longer listed, keeps the
 * rest), so that a second Up changes nothing and a changed port moves its tunnel.
 *
 * The editor keeps its tunnels in its registry (listed in the tree, closed when the jail stops); this
 * implementation, over the host's one SSH connection, serves the command line and the tests.
 */
import { openPortTunnel, PortTunnel, ForwardingConnection } from '../ssh/portTunnel';

export interface JailTunnel {
  /** The jail's port. */
  port: number;
  localPort: number;
  /** True when this Up opened it (it was not open before). */
  opened: boolean;
}

export interface EnvironmentTunnels {
  ensure(jailName: string, address: string, ports: readonly number[]): Promise<JailTunnel[]>;
  /** Closes every tunnel of the jail (Down, before the jail goes). */
  close(jailName: string): Promise<void>;
}

/** Makes `current` (the jail's open tunnels) match `ports`, with the given ways to open and close one. */
export async function reconcileTunnels(current: readonly PortTunnel[], address: string, ports: readonly number[],
  open: (port: number) => Promise<PortTunnel>): Promise<JailTunnel[]> {
  const kept = current.filter((t) => t.remoteHost === address && ports.includes(t.remotePort));
  for (const stale of current.filter((t) => !kept.includes(t))) await stale.close();
  const result: JailTunnel[] = [];
  for (const port of ports) {
    const existing = kept.find((t) => t.remotePort === port);
    result.push(existing ? { port, localPort: existing.localPort, opened: false } : { port, localPort: (await open(port)).localPort, opened: true });
  }
  return result;
}

export class ConnectionTunnels implements EnvironmentTunnels {
  private readonly open = new Map<string, PortTunnel[]>();

  constructor(private readonly connection: ForwardingConnection) {}

  forJail(jailName: string): PortTunnel[] {
    return [...(this.open.get(jailName) ?? [])];
  }

  ensure(jailName: string, address: string, ports: readonly number[]): Promise<JailTunnel[]> {
    return reconcileTunnels(this.forJail(jailName), address, ports, async (port) => {
      const tunnel = await openPortTunnel(this.connection, { remoteHost: address, remotePort: port });
      this.open.set(jailName, [...(this.open.get(jailName) ?? []), tunnel]);
      tunnel.onDidClose(() => this.open.set(jailName, (this.open.get(jailName) ?? []).filter((t) => t !== tunnel)));
      return tunnel;
    });
  }

  async close(jailName: string): Promise<void> {
    for (const tunnel of this.forJail(jailName)) await tunnel.close();
  }

  async closeAll(): Promise<void> {
    for (const tunnels of this.open.values()) for (const tunnel of [...tunnels]) await tunnel.close();
  }
}
