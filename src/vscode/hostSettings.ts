import * as vscode from 'vscode';

/** One entry of the `jails.hosts` setting. */
export interface HostEntry {
  name: string;
  destination: string;
  /** Tried before the identities of ~/.ssh/config, as `ssh -i`. */
  identityFile?: string;
  /** The simulated demo host started by this extension on this machine. */
  demo?: boolean;
}

const section = 'jails';
const key = 'hosts';

export function readHosts(): HostEntry[] {
  const raw = vscode.workspace.getConfiguration(section).get<unknown>(key, []);
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (h): h is HostEntry => typeof h === 'object' && h !== null && typeof h.name === 'string' && typeof h.destination === 'string',
  );
}

export async function writeHosts(hosts: HostEntry[]): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, hosts, vscode.ConfigurationTarget.Global);
}

export function onHostsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${section}.${key}`)) listener();
  });
}
