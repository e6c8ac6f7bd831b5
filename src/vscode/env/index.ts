/** `.jails.yaml` in the editor (diagnostics, CodeLens, Up, Down, Open), Sync Now and Watch, and the PHP Version Matrix panel. */
import * as vscode from 'vscode';
import type { SshConnection } from '../../core/ssh/sshConnection';
import { MatrixPanelApi, registerMatrixPanel } from '../matrix/matrixPanel';
import type { HostAccess } from '../tree/hostAccess';
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

export function registerEnvironments(access: HostAccess, log: (line: string) => void): EnvironmentsApi & { disposables: vscode.Disposable[] } {
  const provisioners = new HostProvisioners(access);
  const connectionOf = async (name: string): Promise<SshConnection> => {
    const host = access.tree.hostNodes().find((h) => h.entry.name === name);
    if (!host) throw new Error(`no host named "${name}" in the jails.hosts setting`);
    return access.connection(host);
  };
  const matrix = registerMatrixPanel(provisioners, connectionOf);
  const sync = registerSyncCommands(provisioners, log);
  return {
    matrix: matrix.api,
    watching: sync.watching,
    disposables: [...registerEnvironmentDiagnostics(), registerEnvironmentLens(), ...registerEnvironmentCommands(provisioners, connectionOf, log), ...matrix.disposables, ...sync.disposables],
  };
}
