/**
 * The ports forwarded to jails: opened over the host's one SSH connection (core openPortTunnel), listed
 * under their jail in the tree, closed by the user, or ended when their jail stops, their host disconnects
 * or the extension goes away.
 */
import * as vscode from 'vscode';
import type { HostState } from '../../core/hosts/hostSession';
import { openPortTunnel, PortTunnel } from '../../core/ssh/portTunnel';
import type { HostAccess } from '../tree/hostAccess';
import type { HostNode } from '../tree/hostsTreeProvider';

interface OpenTunnel {
  hostName: string;
  jailName: string;
  tunnel: PortTunnel;
}

export class TunnelRegistry implements vscode.Disposable {
  private readonly tunnels: OpenTunnel[] = [];
  private readonly watched = new Set<HostNode>();
  private readonly stopWatching: (() => void)[] = [];

  constructor(
    private readonly access: HostAccess,
    private readonly changed: () => void,
  ) {}

  forJail(hostName: string, jailName: string): PortTunnel[] {
    return this.tunnels.filter((t) => t.hostName === hostName && t.jailName === jailName).map((t) => t.tunnel);
  }

  countOn(hostName: string): number {
    return this.tunnels.filter((t) => t.hostName === hostName).length;
  }

  byLocalPort(localPort: number): PortTunnel | undefined {
    return this.tunnels.find((t) => t.tunnel.localPort === localPort)?.tunnel;
  }

  async open(host: HostNode, jailName: string, remoteHost: string, remotePort: number, localPort = 0): Promise<PortTunnel> {
    const existing = this.forJail(host.entry.name, jailName).find((t) => t.remotePort === remotePort && (localPort === 0 || t.localPort === localPort));
    if (existing) return existing;
    const tunnel = await openPortTunnel(await this.access.connection(host), { remoteHost, remotePort, localPort });
    const entry: OpenTunnel = { hostName: host.entry.name, jailName, tunnel };
    this.tunnels.push(entry);
    tunnel.onDidClose(() => {
      this.tunnels.splice(this.tunnels.indexOf(entry), 1);
      this.changed();
    });
    this.watch(host);
    this.changed();
    return tunnel;
  }

  private watch(host: HostNode): void {
    if (this.watched.has(host)) return;
    this.watched.add(host);
    this.stopWatching.push(host.session.onDidChange((state) => this.follow(host, state)));
  }

  /** Ends the tunnels of jails that are no longer running, and of a host that was disconnected. */
  private follow(host: HostNode, state: HostState): void {
    const running = state.kind === 'connected' ? new Set(state.inventory.jails.filter((j) => j.state === 'running').map((j) => j.name)) : undefined;
    if (state.kind === 'connecting' || state.kind === 'failed') return;
    for (const entry of this.tunnels.filter((t) => t.hostName === host.entry.name)) {
      if (running?.has(entry.jailName)) continue;
      const why = running ? `${entry.jailName} stopped` : `${host.entry.name} was disconnected`;
      void vscode.window.showInformationMessage(`Closed the tunnel from localhost:${entry.tunnel.localPort} to ${entry.jailName} port ${entry.tunnel.remotePort}: ${why}.`);
      void entry.tunnel.close();
    }
  }

  closeHost(hostName: string): void {
    for (const entry of this.tunnels.filter((t) => t.hostName === hostName)) void entry.tunnel.close();
  }

  dispose(): void {
    for (const stop of this.stopWatching) stop();
    for (const entry of [...this.tunnels]) void entry.tunnel.close();
  }
}
