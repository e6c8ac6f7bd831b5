import * as vscode from 'vscode';
import { connectionAdvice } from '../../core/hosts/connectionAdvice';
import { formatDestination, parseDestination } from '../../core/hosts/destination';
import { LocalSystem, nodeLocalSystem } from '../../core/ssh/localSystem';
import { SshError } from '../../core/ssh/sshError';
import { demoHostName, DemoHost } from '../demoHost';
import { HostConnections } from '../hostConnections';
import { HostEntry, readHosts, writeHosts } from '../hostSettings';
import { pickDestination } from '../hostPicker';
import { HostNode, HostsTreeProvider } from '../tree/hostsTreeProvider';
import { alreadyConfirmed, confirmDroppingConnection, OpenOnConnection } from './connectionDrop';

/** What scripts, keybindings and tests may pass instead of answering the prompts. */
export interface AddHostArgs {
  destination: string;
  name?: string;
}

export interface EditHostArgs {
  name: string;
  destination: string;
}

export interface RenameHostArgs {
  name: string;
  newName: string;
}

export interface RemoveHostArgs {
  name: string;
  confirmed?: boolean;
}

export function registerHostCommands(tree: HostsTreeProvider, connections: HostConnections, demo: DemoHost, open: OpenOnConnection): vscode.Disposable[] {
  const system = nodeLocalSystem();
  return [
    vscode.commands.registerCommand('jails.addHost', (args?: AddHostArgs) => addHost(connections, system, args)),
    vscode.commands.registerCommand('jails.editHost', (target?: HostNode | EditHostArgs) => editHost(connections, system, target)),
    vscode.commands.registerCommand('jails.renameHost', async (target?: HostNode | RenameHostArgs) => {
      const renamed = await renameHost(target);
      if (renamed) connections.forget(renamed);
      return renamed;
    }),
    vscode.commands.registerCommand('jails.removeHost', async (target?: HostNode | RemoveHostArgs) => {
      const removed = await removeHost(target);
      if (removed) connections.forget(removed);
    }),
    vscode.commands.registerCommand('jails.tryDemoHost', () => tryDemoHost(tree, demo)),
    vscode.commands.registerCommand('jails.refresh', (node?: HostNode) => (node instanceof HostNode ? tree.refreshHost(node) : tree.refresh())),
    vscode.commands.registerCommand('jails.reconnect', async (node?: HostNode, options?: { confirmed?: boolean }) => {
      const host = node ?? tree.hostNodes().find((h) => h.session.state.kind === 'failed');
      if (!host) return;
      const dropsSessions = host.session.state.kind === 'connected';
      if (dropsSessions && !(await confirmDroppingConnection(open, host.entry.name, 'Reconnect', alreadyConfirmed(options)))) return;
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

/** The destination in its normal form, or an Error saying what is wrong with it. */
function normalDestination(text: string): string {
  const parsed = parseDestination(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return formatDestination(parsed.destination);
}

/** Picks the entry a command acts on: the tree node, the name a caller gave, or one the user picks. */
async function chosenHost(target: HostNode | { name: string } | undefined, title: string): Promise<HostEntry | undefined> {
  const hosts = readHosts();
  const name = target instanceof HostNode ? target.entry.name : target?.name ?? (await vscode.window.showQuickPick(hosts.map((h) => h.name), { title }));
  if (name === undefined) return undefined;
  const entry = hosts.find((h) => h.name === name);
  if (!entry) throw new Error(`No host named "${name}" is in the Jails view.`);
  return entry;
}

/**
 * Connects to the host (its key verified, credentials asked for) and probes it, with progress. A failure is
 * one message: thrown to a caller that passed arguments, shown to a person otherwise.
 */
async function verified(connections: HostConnections, entry: HostEntry, scripted: boolean, replacing = false): Promise<boolean> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to ${entry.destination}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return connections.verify(entry, controller.signal, replacing);
      },
    );
    return true;
  } catch (error) {
    const advice = connectionAdvice(error instanceof SshError ? error.kind : undefined);
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    const message = `${entry.name} was not saved: ${reason}.${advice ? ` ${advice}` : ''}`;
    if (scripted) throw new Error(message);
    void vscode.window.showErrorMessage(message);
    return false;
  }
}

/** Returns the saved entry's name, or undefined when the user cancelled or the host did not answer as FreeBSD. */
async function addHost(connections: HostConnections, system: LocalSystem, args?: AddHostArgs): Promise<string | undefined> {
  const hosts = readHosts();
  const typed = args?.destination ?? (await pickDestination(system, { title: 'Add FreeBSD Host', saved: hosts.map((h) => h.destination) }));
  if (typed === undefined) return undefined;
  const destination = normalDestination(typed);
  if (hosts.some((h) => h.destination === destination)) {
    void vscode.window.showWarningMessage(`${destination} is already in the Jails view.`);
    return undefined;
  }
  const parsed = parseDestination(destination);
  const suggested = parsed.ok && parsed.destination.kind === 'address' ? parsed.destination.host : destination;
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
  const entry: HostEntry = { name: name.trim(), destination };
  if (!(await verified(connections, entry, args !== undefined))) return undefined;
  await writeHosts([...readHosts(), entry]);
  return entry.name;
}

/** A new destination for a host, connected to and probed before it replaces the old one. */
async function editHost(connections: HostConnections, system: LocalSystem, target?: HostNode | EditHostArgs): Promise<string | undefined> {
  const entry = await chosenHost(target, 'Edit Host');
  if (!entry) return undefined;
  if (entry.demo) throw new Error('The demo host\'s address is chosen when it starts; it cannot be edited.');
  const given = target && !(target instanceof HostNode) ? target.destination : undefined;
  const others = readHosts().filter((h) => h.name !== entry.name).map((h) => h.destination);
  const typed = given ?? (await pickDestination(system, { title: `Edit ${entry.name}: SSH destination`, value: entry.destination, saved: others }));
  if (typed === undefined) return undefined;
  const destination = normalDestination(typed);
  if (destination === entry.destination) return undefined;
  const edited = { ...entry, destination };
  if (!(await verified(connections, edited, given !== undefined, true))) return undefined;
  await writeHosts(readHosts().map((h) => (h.name === entry.name ? edited : h)));
  return destination;
}

/** Returns the old name once renamed (its connection is then closed), or undefined. */
async function renameHost(target?: HostNode | RenameHostArgs): Promise<string | undefined> {
  const entry = await chosenHost(target, 'Rename Host');
  if (!entry) return undefined;
  const hosts = readHosts().filter((h) => h.name !== entry.name);
  const newName =
    (target && !(target instanceof HostNode) ? target.newName : undefined) ??
    (await vscode.window.showInputBox({
      title: `Rename ${entry.name}`,
      value: entry.name,
      ignoreFocusOut: true,
      validateInput: (text) => nameProblem(text, hosts),
    }));
  if (newName === undefined || newName.trim() === entry.name) return undefined;
  const problem = nameProblem(newName, hosts);
  if (problem) throw new Error(problem);
  await writeHosts(readHosts().map((h) => (h.name === entry.name ? { ...h, name: newName.trim() } : h)));
  return entry.name;
}

/** Returns the removed host's name, or undefined when nothing was removed. */
async function removeHost(target?: HostNode | RemoveHostArgs): Promise<string | undefined> {
  const entry = await chosenHost(target, 'Remove Host');
  if (!entry) return undefined;
  if (!(target && !(target instanceof HostNode) && target.confirmed)) {
    const answer = await vscode.window.showWarningMessage(
      `Remove "${entry.name}" from the Jails view? Nothing on the host changes.`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return undefined;
  }
  await writeHosts(readHosts().filter((h) => h.name !== entry.name));
  return entry.name;
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
  // Found by its flag, not its name: it may have been renamed.
  const node = tree.hostNodes().find((h) => h.entry.demo);
  if (!node) return undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting the simulated FreeBSD demo host…' },
    () => tree.refreshHost(node),
  );
  const state = node.session.state;
  if (state.kind === 'failed') void vscode.window.showErrorMessage(`The demo host did not start: ${state.message}`);
  return state.kind === 'connected' ? node.entry.name : undefined;
}
