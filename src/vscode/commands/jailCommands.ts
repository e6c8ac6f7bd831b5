/**
 * The commands on jails and hosts in the tree (context menus, inline icons, the command palette with
 * pickers): lifecycle, terminals, jail.conf, files, logs, the browser, copying, refresh and disconnect.
 * Each takes a tree node (with the multi-selection), or `{ host, jail }` from scripts and tests.
 */
import * as vscode from 'vscode';
import { primaryAddress } from '../../core/jails/jailAddress';
import { locateJailDefinition, remoteConfigFileSystem } from '../../core/jails/jailBlock';
import { existingLogs, jailRootPath, logCandidates } from '../../core/jails/jailLogs';
import { RemoteFiles } from '../../core/jails/remoteFiles';
import { sshCommandLine } from '../../core/jails/sshCommandLine';
import { LocalPortTakenError } from '../../core/ssh/portTunnel';
import type { DemoHost } from '../demoHost';
import { alreadyConfirmed, confirmDroppingConnection } from './connectionDrop';
import { BrowsePlacement, showJailFiles } from '../fs/browseFiles';
import { registerJailFileSystem } from '../fs/jailFileSystem';
import type { HostConnections } from '../hostConnections';
import type { JailConfLanguage } from '../language';
import { JailTerminals } from '../terminal/jailTerminals';
import { HostAccess, remoteScheme, remoteUri } from '../tree/hostAccess';
import { HostsTreeProvider, JailNode, TreeNode, TunnelNode } from '../tree/hostsTreeProvider';
import { hostTarget, jailTargets } from '../tree/jailTargets';
import { setJailFilter } from '../tree/jailOrder';
import { LifecycleActions } from '../tree/lifecycleActions';
import { refreshWhileVisible } from '../tree/refreshWhileVisible';
import { TunnelRegistry } from '../tunnels/tunnelRegistry';

export interface JailCommandServices {
  tree: HostsTreeProvider;
  access: HostAccess;
  terminals: JailTerminals;
  tunnels: TunnelRegistry;
  lifecycle: LifecycleActions;
  log: vscode.LogOutputChannel;
}

/** What Run Command… and Open in Browser accept from scripts and tests besides `{ host, jail }`. */
export interface RunCommandArgs {
  command?: string;
}

export interface BrowserArgs {
  port?: number;
  localPort?: number;
  /** Open in the system browser instead of the Simple Browser. */
  external?: boolean;
}

async function openAt(uri: vscode.Uri, line?: number, range?: vscode.Range): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const selection = range ?? (line !== undefined ? new vscode.Range(line, 0, line, 0) : undefined);
  return vscode.window.showTextDocument(document, { selection, preview: false });
}

async function openJailConf({ tree, access }: JailCommandServices, clicked?: unknown): Promise<vscode.TextEditor | undefined> {
  const node = (await jailTargets(tree, 'config', clicked, undefined, 'Open the jail.conf of which jail?'))?.jails[0];
  const source = node?.jail.config?.source.file;
  if (!node || !source) return undefined;
  const files = new RemoteFiles(async () => (await access.connection(node.host)).sftp());
  const definition = await locateJailDefinition(source, node.jail.name, remoteConfigFileSystem(files)).catch(() => undefined);
  const at = definition?.range;
  return openAt(remoteUri(node.host, definition?.file ?? source), undefined,
    at ? new vscode.Range(at.start.line, at.start.character, at.end.line, at.end.character) : undefined);
}

async function runCommand({ tree, terminals }: JailCommandServices, clicked?: unknown): Promise<vscode.Terminal | undefined> {
  const node = (await jailTargets(tree, 'run', clicked, undefined, 'Run a command in which jail?'))?.jails[0];
  if (!node) return undefined;
  const given = (clicked as RunCommandArgs | undefined)?.command;
  const command = given ?? (await vscode.window.showInputBox({
    title: `Run Command in ${node.jail.name}`,
    prompt: 'A command line for the jail\'s /bin/sh, run as root with a clean environment (jexec -l)',
    placeHolder: 'service -e',
    ignoreFocusOut: true,
  }));
  if (!command?.trim()) return undefined;
  return terminals.runInJail(node, command);
}

async function browseFiles({ tree }: JailCommandServices, clicked?: unknown): Promise<vscode.Uri | undefined> {
  const node = (await jailTargets(tree, 'files', clicked, undefined, 'Browse the files of which jail?'))?.jails[0];
  const root = node ? jailRootPath(node.jail) : undefined;
  if (!node || !root) return undefined;
  const uri = remoteUri(node.host, root);
  await showJailFiles(uri, `${node.jail.name} (${node.host.entry.name})`, (clicked as { placement?: BrowsePlacement } | undefined)?.placement);
  return uri;
}

async function showLogs({ tree, access, terminals }: JailCommandServices, clicked?: unknown): Promise<vscode.Terminal | undefined> {
  const node = (await jailTargets(tree, 'logs', clicked, undefined, 'Show the logs of which jail?'))?.jails[0];
  if (!node) return undefined;
  const logs = await (await access.runner(node.host)).run(existingLogs(logCandidates(node.jail)));
  if (logs.length === 0) {
    void vscode.window.showInformationMessage(`${node.jail.name} has no console log (exec.consolelog) and no system or web server log yet.`);
    return undefined;
  }
  // Scripts and tests name the log (its path or label) instead of picking it.
  const named = (clicked as { log?: unknown } | undefined)?.log;
  const given = typeof named === 'string' ? logs.find((log) => log.path === named || log.label === named) : undefined;
  if (typeof named === 'string' && !given) throw new Error(`${node.jail.name} has no log "${named}"; it has ${logs.map((log) => log.path).join(', ')}.`);
  const picked = given ? { log: given } : logs.length === 1 ? { log: logs[0] } : await vscode.window.showQuickPick(
    logs.map((log) => ({ label: log.label, description: log.path, log })), { title: `Logs of ${node.jail.name} (followed as they grow)` });
  if (!picked) return undefined;
  return terminals.followLog(node.host, `${node.jail.name}: ${picked.log.label}`, picked.log.path);
}

async function askPort(jailName: string): Promise<number | undefined> {
  const choices = [{ label: '80', description: 'HTTP' }, { label: '8080', description: 'HTTP (alternate)' }, { label: '443', description: 'HTTPS' }, { label: 'Other port…', description: '' }];
  const picked = await vscode.window.showQuickPick(choices, { title: `Open ${jailName} in the browser: which port of the jail?` });
  if (!picked) return undefined;
  const text = picked.label !== 'Other port…' ? picked.label : await vscode.window.showInputBox({
    title: `Port of ${jailName}`,
    validateInput: (value) => (/^\d+$/.test(value) && Number(value) > 0 && Number(value) < 65536 ? undefined : 'A port number from 1 to 65535'),
  });
  return text ? Number(text) : undefined;
}

async function showInBrowser(localPort: number, remotePort: number, external: boolean): Promise<void> {
  const url = `${remotePort === 443 ? 'https' : 'http'}://127.0.0.1:${localPort}/`;
  if (external) await vscode.env.openExternal(vscode.Uri.parse(url));
  else await vscode.commands.executeCommand('simpleBrowser.show', url);
}

/**
 * Opens one channel to the jail's port before anything is shown: a port nothing listens on would otherwise
 * give a blank error page in the browser with no word of why.
 */
async function ensurePortAnswers(access: HostAccess, node: JailNode, address: string, port: number): Promise<void> {
  try {
    const probe = await (await access.connection(node.host)).forwardOut(address, port, { timeoutMs: 15_000 });
    probe.close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /connection refused/i.test(message) ? 'connection refused' : message;
    throw new Error(`Nothing answers on ${node.jail.name} port ${port} (${address}): ${reason}. `
      + 'Start the web server in the jail (for instance service apache24 start, or service nginx start), or pick the port it listens on.');
  }
}

async function openInBrowser({ tree, tunnels, access }: JailCommandServices, clicked?: unknown): Promise<{ localPort: number; url: string } | undefined> {
  const node = (await jailTargets(tree, 'browser', clicked, undefined, 'Open which jail in the browser?'))?.jails[0];
  const address = node ? primaryAddress(node.jail) : undefined;
  if (!node || !address) return undefined;
  const args = (clicked ?? {}) as BrowserArgs;
  const port = args.port ?? (await askPort(node.jail.name));
  if (!port) return undefined;
  await ensurePortAnswers(access, node, address, port);
  try {
    const tunnel = await tunnels.open(node.host, node.jail.name, address, port, args.localPort ?? 0);
    await showInBrowser(tunnel.localPort, port, args.external === true);
    return { localPort: tunnel.localPort, url: `http://127.0.0.1:${tunnel.localPort}/` };
  } catch (error) {
    if (error instanceof LocalPortTakenError) throw new Error(`Cannot forward to ${node.jail.name}: ${error.message}.`);
    throw error;
  }
}

async function copyAddress({ tree }: JailCommandServices, clicked?: unknown): Promise<string | undefined> {
  const node = (await jailTargets(tree, 'address', clicked, undefined, 'Copy the address of which jail?'))?.jails[0];
  const address = node ? primaryAddress(node.jail) : undefined;
  if (!address) return undefined;
  await vscode.env.clipboard.writeText(address);
  vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  return address;
}

async function copySshCommand({ tree, access }: JailCommandServices, clicked?: unknown): Promise<string | undefined> {
  const node = (await jailTargets(tree, 'terminal', clicked, undefined, 'Copy an ssh command into which jail?'))?.jails[0];
  if (!node) return undefined;
  const line = sshCommandLine(await access.sshTarget(node.host), node.jail.name);
  await vscode.env.clipboard.writeText(line);
  vscode.window.setStatusBarMessage('Copied the ssh command line', 3000);
  return line;
}

/** Runs a command body, turning a thrown error into a message instead of a silent failure. */
function guarded<A extends unknown[], R>(body: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args) => {
    try {
      return await body(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
}

export function registerJailCommands(services: JailCommandServices): vscode.Disposable[] {
  const { tree, access, terminals, tunnels, lifecycle } = services;
  const command = <A extends unknown[], R>(id: string, body: (...args: A) => Promise<R>) => vscode.commands.registerCommand(id, guarded(body));
  return [
    command('jails.start', (clicked?: unknown, selected?: unknown) => lifecycle.run('start', clicked, selected)),
    command('jails.stop', (clicked?: unknown, selected?: unknown) => lifecycle.run('stop', clicked, selected)),
    command('jails.restart', (clicked?: unknown, selected?: unknown) => lifecycle.run('restart', clicked, selected)),
    command('jails.openTerminal', async (clicked?: unknown) => {
      const node = (await jailTargets(tree, 'terminal', clicked, undefined, 'Open a terminal in which jail?'))?.jails[0];
      return node ? terminals.openJailShell(node) : undefined;
    }),
    command('jails.runCommand', (clicked?: unknown) => runCommand(services, clicked)),
    command('jails.openJailConf', (clicked?: unknown) => openJailConf(services, clicked)),
    command('jails.browseFiles', (clicked?: unknown) => browseFiles(services, clicked)),
    command('jails.showLogs', (clicked?: unknown) => showLogs(services, clicked)),
    command('jails.openInBrowser', (clicked?: unknown) => openInBrowser(services, clicked)),
    command('jails.copyAddress', (clicked?: unknown) => copyAddress(services, clicked)),
    command('jails.copySshCommand', (clicked?: unknown) => copySshCommand(services, clicked)),
    command('jails.refreshJail', async (clicked?: unknown) => {
      if (clicked instanceof JailNode) await tree.refreshHost(clicked.host);
      else tree.refresh();
    }),
    command('jails.openHostTerminal', async (clicked?: unknown) => {
      const host = await hostTarget(tree, clicked, 'Open a terminal on which host?');
      return host ? terminals.openHostShell(host) : undefined;
    }),
    command('jails.disconnect', async (clicked?: unknown) => {
      const host = await hostTarget(tree, clicked, 'Disconnect which host?');
      if (!host || !(await confirmDroppingConnection({ terminals, tunnels }, host.entry.name, 'Disconnect', alreadyConfirmed(clicked)))) return;
      tunnels.closeHost(host.entry.name);
      access.disconnect(host);
      tree.redraw();
    }),
    command('jails.closeTunnel', async (clicked?: unknown) => {
      const tunnel = clicked instanceof TunnelNode ? clicked.tunnel : tunnels.byLocalPort(Number((clicked as { localPort?: number } | undefined)?.localPort));
      await tunnel?.close();
    }),
    command('jails.openTunnelInBrowser', async (clicked?: { localPort?: number }) => {
      const tunnel = tunnels.byLocalPort(Number(clicked?.localPort));
      if (tunnel) await showInBrowser(tunnel.localPort, tunnel.remotePort, false);
    }),
    command('jails.filter', async () => {
      const text = await vscode.window.showInputBox({ title: 'Filter Jails', prompt: 'Show only jails whose name, address or manager contains this text' });
      if (text === undefined) return;
      setJailFilter(text);
      tree.redraw();
    }),
    command('jails.clearFilter', async () => {
      setJailFilter('');
      tree.redraw();
    }),
  ];
}

/** What the extension tests read of the jail features (terminal output, open tunnels). */
export interface JailsApi {
  terminals: JailTerminals;
  tunnels: TunnelRegistry;
}

export interface JailFeatureInputs {
  tree: HostsTreeProvider;
  view: vscode.TreeView<TreeNode>;
  connections: HostConnections;
  demo: DemoHost;
  log: vscode.LogOutputChannel;
  jailConf: JailConfLanguage;
}

/** Builds the jail features and registers their commands, file system and poll; the one call of activate(). */
export function registerJailFeatures(inputs: JailFeatureInputs): { api: JailsApi; disposables: vscode.Disposable[] } {
  const { tree, view, connections, demo, log, jailConf } = inputs;
  const access = new HostAccess(tree, connections, demo);
  const terminals = new JailTerminals(access);
  const tunnels = new TunnelRegistry(access, () => tree.redraw());
  tree.setTunnelSource((host, jail) => tunnels.forJail(host, jail));
  const lifecycle = new LifecycleActions(access, log);
  const polling = refreshWhileVisible(tree, view);
  jailConf.setHostFactsSource((uri) => {
    const host = uri.scheme === remoteScheme ? access.byAuthority(uri.authority) : undefined;
    const capabilities = host ? access.capabilities(host) : undefined;
    return capabilities ? { parameters: capabilities.jailParameters, freebsdVersion: capabilities.kernelVersion } : undefined;
  });
  const disposables = [
    terminals,
    tunnels,
    polling.disposable,
    registerJailFileSystem(access, (host) => void tree.refreshHost(host)),
    ...registerJailCommands({ tree, access, terminals, tunnels, lifecycle, log }),
  ];
  return { api: { terminals, tunnels }, disposables };
}
