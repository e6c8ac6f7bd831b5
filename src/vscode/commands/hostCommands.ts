import * as vscode from 'vscode';
import { formatDestination, parseDestination } from '../../core/hosts/destination';
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

export function registerHostCommands(tree: HostsTreeProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('jails.addHost', addHost),
    vscode.commands.registerCommand('jails.removeHost', removeHost),
    vscode.commands.registerCommand('jails.tryDemoHost', tryDemoHost),
    vscode.commands.registerCommand('jails.refresh', () => tree.refresh()),
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

async function removeHost(target?: HostNode | RemoveHostArgs): Promise<void> {
  const hosts = readHosts();
  const given = target instanceof HostNode ? target.entry.name : target?.name;
  const name = given ?? (await vscode.window.showQuickPick(hosts.map((h) => h.name), { title: 'Remove Host' }));
  if (!name) return;
  if (!(target && !(target instanceof HostNode) && target.confirmed)) {
    const answer = await vscode.window.showWarningMessage(
      `Remove "${name}" from the Jails view? Nothing on the host changes.`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return;
  }
  await writeHosts(hosts.filter((h) => h.name !== name));
}

async function tryDemoHost(): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    'The demo host, a simulated FreeBSD host that runs on this machine, is not available in this version yet. ' +
      'Until it is, add a FreeBSD host you reach over SSH.',
    'Add FreeBSD Host…',
  );
  if (choice) await vscode.commands.executeCommand('jails.addHost');
}
