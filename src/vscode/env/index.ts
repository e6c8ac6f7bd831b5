/** `.jails.yaml` in the editor (diagnostics, CodeLens, Up, Down, Open), Sync Now and Watch, and the PHP Version Matrix panel. */
import * as vscode from 'vscode';
import { EnvironmentTunnels, reconcileTunnels } from '../../core/env/environmentTunnels';
import type { PortTunnel } from '../../core/ssh/portTunnel';
import { MatrixPanelApi, registerMatrixPanel } from '../matrix/matrixPanel';
import type { HostAccess } from '../tree/hostAccess';
import type { TunnelRegistry } from '../tunnels/tunnelRegistry';
import { registerEnvironmentCommands } from './environmentCommands';
import { registerEnvironmentDiagnostics } from './environmentDiagnostics';
import { registerEnvironmentLens } from './environmentLens';
import { HostProvisioners } from './hostProvisioners';
import { registerSyncCommands } from './syncCommands';

export interface EnvironmentsApi {
  matrix: MatrixPanelApi;
  /** `host/jail` of each jail under Watch. */
  watching(): string[];
}

/** Forwards a local port to a jail's port, listed under the jail in the tree until closed. */
export type OpenTunnel = (hostName: string, jailName: string, address: string, port: number) => Promise<PortTunnel>;

export function registerEnvironments(access: HostAccess, tunnels: TunnelRegistry, log: (line: string) => void): EnvironmentsApi & { disposables: vscode.Disposable[] } {
  const provisioners = new HostProvisioners(access);
  const openTunnel: OpenTunnel = async (hostName, jailName, address, port) => {
    const host = access.tree.hostNodes().find((h) => h.entry.name === hostName);
    if (!host) throw new Error(`no host named "${hostName}" in the jails.hosts setting`);
    return tunnels.open(host, jailName, address, port);
  };
  const tunnelsOf = (hostName: string): EnvironmentTunnels => ({
    ensure: (jailName, address, ports) => reconcileTunnels(tunnels.forJail(hostName, jailName), address, ports, (port) => openTunnel(hostName, jailName, address, port)),
    close: async (jailName) => {
      for (const tunnel of tunnels.forJail(hostName, jailName)) await tunnel.close();
    },
  });
  const matrix = registerMatrixPanel(provisioners, openTunnel);
  const sync = registerSyncCommands(provisioners, log);
  return {
    matrix: matrix.api,
    watching: sync.watching,
    disposables: [...registerEnvironmentDiagnostics(), registerEnvironmentLens(), ...registerEnvironmentCommands(provisioners, openTunnel, tunnelsOf, log), ...matrix.disposables, ...sync.disposables],
  };
}
