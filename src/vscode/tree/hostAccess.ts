/**
 * What a host in the tree gives the jail commands: its pooled SSH connection, a runner with the privilege
 * its probe found, an ssh command line for people, and the `jails://` authority that names it in URIs.
 */
import * as vscode from 'vscode';
import { parseDestination } from '../../core/hosts/destination';
import type { HostCapabilities } from '../../core/hosts/probe';
import type { SshCommandTarget } from '../../core/jails/sshCommandLine';
import { CommandRunner } from '../../core/ssh/commandRunner';
import type { SshConnection } from '../../core/ssh/sshConnection';
import type { DemoHost } from '../demoHost';
import type { HostConnections } from '../hostConnections';
import { HostNode, HostsTreeProvider } from './hostsTreeProvider';

export const remoteScheme = 'jails';

/** A host's name as a URI authority: lower case, with anything but letters, digits, dots and dashes made a dash. */
export function hostAuthority(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'host';
}

export function remoteUri(host: HostNode, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: remoteScheme, authority: hostAuthority(host.entry.name), path });
}

export class HostAccess {
  constructor(
    readonly tree: HostsTreeProvider,
    private readonly connections: HostConnections,
    private readonly demo: DemoHost,
  ) {}

  connection(host: HostNode): Promise<SshConnection> {
    return this.connections.connection(host.entry);
  }

  capabilities(host: HostNode): HostCapabilities | undefined {
    const state = host.session.state;
    return state.kind === 'connected' ? state.capabilities : state.kind === 'failed' ? state.capabilities : undefined;
  }

  /** A runner that prefixes privileged commands as this host needs (doas -n, sudo -n, or nothing for root). */
  async runner(host: HostNode): Promise<CommandRunner> {
    const capabilities = this.capabilities(host) ?? (await this.connected(host));
    return new CommandRunner(await this.connection(host), capabilities.privilege);
  }

  private async connected(host: HostNode): Promise<HostCapabilities> {
    const state = await host.session.refresh();
    if (state.kind !== 'connected') throw new Error(`${host.entry.name} is not connected${state.kind === 'failed' ? `: ${state.message}` : ''}`);
    return state.capabilities;
  }

  byAuthority(authority: string): HostNode | undefined {
    return this.tree.hostNodes().find((h) => hostAuthority(h.entry.name) === authority.toLowerCase());
  }

  async sshTarget(host: HostNode): Promise<SshCommandTarget> {
    const privilege = this.capabilities(host)?.privilege ?? 'none';
    if (host.entry.demo) {
      const details = await this.demo.ensureStarted();
      return { destination: { kind: 'address', user: details.user, host: details.host, port: details.port },
        identityFile: details.privateKeyPath, knownHostsFile: details.knownHostsFile, privilege };
    }
    const parsed = parseDestination(host.entry.destination);
    if (!parsed.ok) throw new Error(parsed.error);
    return { destination: parsed.destination, identityFile: host.entry.identityFile, privilege };
  }

  disconnect(host: HostNode): void {
    this.connections.forget(host.entry.name);
    host.session.reset();
  }
}
