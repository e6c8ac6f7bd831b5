/**
 * A throwaway provisioner for a host, built from the host's pooled connection, its probed capabilities and
 * the jails.throwaway settings. The demo host's jails take loopback addresses, as the simulated host expects.
 */
import * as vscode from 'vscode';
import { httpProbeOver } from '../../core/provision/httpProbe';
import { ThrowawayProvisioner } from '../../core/provision/provisioner';
import { provisionSettings } from '../../core/provision/settings';
import type { CommandRunner } from '../../core/ssh/commandRunner';
import type { HostAccess } from '../tree/hostAccess';

export interface HostProvisioner {
  provisioner: ThrowawayProvisioner;
  runner: CommandRunner;
}

export class HostProvisioners {
  constructor(private readonly access: HostAccess) {}

  /** Reads the host again, so that the tree shows what a creation or destruction changed. */
  refresh(name: string): void {
    const host = this.access.tree.hostNodes().find((h) => h.entry.name === name);
    if (host) void this.access.tree.refreshHost(host);
  }

  hostNames(): string[] {
    return this.access.tree.hostNodes().map((h) => h.entry.name);
  }

  async forHost(name: string): Promise<HostProvisioner> {
    const host = this.access.tree.hostNodes().find((h) => h.entry.name === name);
    if (!host) throw new Error(`no host named "${name}" in the jails.hosts setting`);
    const runner = await this.access.runner(host);
    const config = vscode.workspace.getConfiguration('jails.throwaway');
    const settings = provisionSettings({
      root: config.get<string>('root'),
      addressPool: host.entry.demo ? '127.213.0.0/24' : config.get<string>('addressPool'),
      interfaceName: config.get<string>('interface'),
    });
    const capabilities = this.access.capabilities(host);
    if (!capabilities) throw new Error(`${name} is not connected`);
    const connection = await this.access.connection(host);
    const probeHttp = httpProbeOver((address, port, signal) => connection.forwardOut(address, port, { signal }));
    // Built afresh each time, on the host's current connection: what creations on a host share (templates,
    // names, addresses) is serialised by the core per host, whatever the number of provisioners.
    return { provisioner: new ThrowawayProvisioner({ name, shell: runner, capabilities, probeHttp }, settings), runner };
  }
}
