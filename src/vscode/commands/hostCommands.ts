import * as vscode from 'vscode';
import { formatDestination, parseDestination } from '../../core/hosts/destination';
import { demoHostName, DemoHost } from '../demoHost';
import { HostConnections } from '../hostConnections';
import { readHosts, writeHosts } from '../hostSettings';
import { HostNode, HostsTreeProvider } from '../tree/hostsTreeProvider';

/** What scripts, keybindings and tests may pass instead of answering the prompts. */
export interface AddHostArgs {
  destination: string;
  name?: string;
}

export interface RemoveHostArgs {
  name: string;
  confirmed?: boolean;
}

export function registerHostCommands(tree: HostsTreeProvider, connections: HostConnections, demo: DemoHost): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('jails.addHost', addHost),
    vscode.commands.registerCommand('jails.removeHost', async (target?: HostNode | RemoveHostArgs) => {
      const removed = await removeHost(target);
      if (removed) connections.forget(removed);
    }),
    vscode.commands.registerCommand('jails.tryDemoHost', () => tryDemoHost(tree, demo)),
    vscode.commands.registerCommand('jails.refresh', (node?: HostNode) => (node instanceof HostNode ? tree.refreshHost(node) : tree.refresh())),
    vscode.commands.registerCommand('jails.reconnect', async (node?: HostNode) => {
      const host = node ?? tree.hostNodes().find((h) => h.session.state.kind === 'failed');
      if (!host) return;
      await connections.reconnect(host.entry).catch(() => undefined);
      host.session.reset();
      await tree.refreshHost(host);
    }),
  ];
}

function nameProblem(name: string, hosts: { name: string }[]): string | undefined {
  if (name.trim() === '') return 'The name cannot be empty.';
  return hosts.some((h) => h.name === name.trim()) ? `A host named "${name.trim()}" exists already.` : undefined;
}

/** Returns the saved entry's name, or undefined when the user cancelled. */
async function addHost(args?: AddHostArgs): Promise<string | undefined> {
  const typed =
    args?.destination ??
    (await vscode.window.showInputBox({
      title: 'Add FreeBSD Host',
      prompt: 'An ~/.ssh/config alias, or user@host[:port]',
      placeHolder: 'admin@jails.example.org:22',
      ignoreFocusOut: true,
      validateInput: (text) => {
        const parsed = parseDestination(text);
        return parsed.ok ? undefined : parsed.error;
      },
    }));
  if (typed === undefined) return undefined;
  const parsed = parseDestination(typed);
  if (!parsed.ok) throw new Error(parsed.error);
  const destination = formatDestination(parsed.destination);
  const hosts = readHosts();
  if (hosts.some((h) => h.destination === destination)) {
    void vscode.window.showWarningMessage(`${destination} is already in the Jails view.`);
    return undefined;
  }
  const suggested = parsed.destination.kind === 'alias' ? parsed.destination.alias : parsed.destination.host;
  const name =
    args?.name ??
    (await vscode.window.showInputBox({
      title: 'Add FreeBSD Host',
      prompt: 'A name for this host in the Jails view',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (text) => nameProblem(text, hosts),
    }));
  if (name === undefined) return undefined;
  const problem = nameProblem(name, hosts);
  if (problem) throw new Error(problem);
  await writeHosts([...hosts, { name: name.trim(), destination }]);
  return name.trim();
}

/** Returns the removed host's name, or undefined when nothing was removed. */
async function removeHost(target?: HostNode | RemoveHostArgs): Promise<string | undefined> {
  const hosts = readHosts();
  const given = target instanceof HostNode ? target.entry.name : target?.name;
  const name = given ?? (await vscode.window.showQuickPick(hosts.map((h) => h.name), { title: 'Remove Host' }));
  if (!name) return undefined;
  if (!(target && !(target instanceof HostNode) && target.confirmed)) {
    const answer = await vscode.window.showWarningMessage(
      `Remove "${name}" from the Jails view? Nothing on the host changes.`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return undefined;
  }
  await writeHosts(hosts.filter((h) => h.name !== name));
  return name;
}

/** Starts the simulated FreeBSD host on this machine and adds it to the view; resolves when it is connected. */
async function tryDemoHost(tree: HostsTreeProvider, demo: DemoHost): Promise<string | undefined> {
  const problem = demo.available;
  if (problem) {
    const choice = await vscode.window.showWarningMessage(problem, 'Add FreeBSD Host…');
    if (choice) await vscode.commands.executeCommand('jails.addHost');
    return undefined;
  }
  const hosts = readHosts();
  if (!hosts.some((h) => h.demo)) await writeHosts([...hosts, { name: demoHostName, destination: 'root@127.0.0.1', demo: true }]);
  const node = tree.findHost(demoHostName);
  if (!node) return undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting the simulated FreeBSD demo host…' },
    () => tree.refreshHost(node),
  );
  const state = node.session.state;
  if (state.kind === 'failed') void vscode.window.showErrorMessage(`The demo host did not start: ${state.message}`);
  return state.kind === 'connected' ? demoHostName : undefined;
}
