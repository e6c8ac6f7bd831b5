/**
 * New Throwaway Jail…, Destroy and Destroy All Throwaway Jails. A creation shows one notification with each
 * step and a Cancel button (which undoes what was made), then opens a tunnel to the web server and the page
 * in the browser. Destroy asks first, closes the jail's tunnels, and reports anything left on the host.
 * Commands given an argument object (tests, other features) skip the questions they answer.
 */
import * as vscode from 'vscode';
import type { DestroyOutcome } from '../../core/provision/destroy';
import type { CreateResult } from '../../core/provision/provisioner';
import type { ThrowawaySpec } from '../../core/provision/throwawaySpec';
import { populateFrom } from '../../core/provision/matrix/matrixServices';
import type { HostAccess } from '../tree/hostAccess';
import { HostNode, JailNode } from '../tree/hostsTreeProvider';
import type { TunnelRegistry } from '../tunnels/tunnelRegistry';
import { hostProvisioner } from './hostProvisioner';
import { runWizard, WizardGiven } from './throwawayWizard';

/** Never uploaded from a workspace folder. */
const uploadExclude = ['.git/**', 'node_modules/**', '.jails.yaml', '.jails.yml', '.vscode/**'];

export interface NewThrowawayArgs extends WizardGiven {
  host?: string;
  /** Open the page in the browser when done (default true). */
  openBrowser?: boolean;
}

export interface CreatedThrowaway {
  result: CreateResult;
  /** The local end of the tunnel to the web server. */
  localPort?: number;
}

export interface DestroyThrowawayArgs {
  host: string;
  names: string[] | 'all';
  /** The caller already asked (tests); otherwise a modal dialog asks. */
  confirmed?: boolean;
}

export interface ThrowawayServices {
  access: HostAccess;
  tunnels: TunnelRegistry;
  log: vscode.LogOutputChannel;
}

async function chooseHost(services: ThrowawayServices, given?: string): Promise<HostNode | undefined> {
  const hosts = services.access.tree.hostNodes();
  if (given) {
    const host = hosts.find((h) => h.entry.name === given);
    if (!host) throw new Error(`no host named "${given}" in the jails.hosts setting`);
    return host;
  }
  if (hosts.length === 0) {
    void vscode.window.showInformationMessage('Add a FreeBSD host first (or try the demo host).', 'Add FreeBSD Host…', 'Try the Demo Host')
      .then((choice) => choice && vscode.commands.executeCommand(choice === 'Try the Demo Host' ? 'jails.tryDemoHost' : 'jails.addHost'));
    return undefined;
  }
  if (hosts.length === 1) return hosts[0];
  const chosen = await vscode.window.showQuickPick(hosts.map((host) => ({ label: host.entry.name, description: host.entry.destination, host })), { title: 'New Throwaway Jail (1/7): host' });
  return chosen?.host;
}

function failureText(spec: ThrowawaySpec, result: Extract<CreateResult, { ok: false }>): string {
  if (result.cancelled) return `Cancelled the creation of ${spec.name}; what was made is undone.`;
  const remains = result.leftovers.length > 0 ? ` Undoing failed too, so this may remain on the host: ${result.leftovers.map((l) => l.message).join('; ')}` : '';
  return `Could not create ${spec.name} (${result.stepTitle}): ${result.message}${remains}`;
}

async function create(services: ThrowawayServices, host: HostNode, spec: ThrowawaySpec, uploadFolder: string | undefined, openBrowser: boolean): Promise<CreatedThrowaway> {
  const { provisioner, runner } = await hostProvisioner(services.access, host);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Throwaway jail ${spec.name} on ${host.entry.name}`, cancellable: true },
    async (progress, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => cancel.abort());
      let shown = 0;
      return provisioner.create(spec, {
        signal: cancel.signal,
        populateDocumentRoot: uploadFolder ? populateFrom(runner, { folder: uploadFolder, filter: { include: ['**/*'], exclude: uploadExclude } }) : undefined,
        confirmInterface: async (name, commands) => (await vscode.window.showWarningMessage(
          `${host.entry.name} has no ${name} interface for the jails' addresses. Create it? This runs, as root:\n${commands.join('\n')}\n(the second line changes /etc/rc.conf so that ${name} comes back after a reboot)`,
          { modal: true }, 'Create')) === 'Create',
        onEvent: (event) => {
          services.log.info(`${host.entry.name}: ${spec.name}: ${JSON.stringify(event)}`);
          if (event.kind === 'started') {
            const done = event.step === 'check' ? 0 : Math.round(((event.index + 1) / (event.total + 1)) * 100);
            progress.report({ message: event.title, increment: done - shown });
            shown = done;
          } else if (event.kind === 'undoing') {
            progress.report({ message: `Undoing: ${event.title}` });
          }
        },
      });
    },
  );
  void services.access.tree.refreshHost(host);
  if (!result.ok) {
    services.log.error(`${host.entry.name}: ${spec.name}: failed at ${result.failedStep}: ${result.message}`);
    if (result.cancelled) void vscode.window.showInformationMessage(failureText(spec, result));
    else void vscode.window.showErrorMessage(failureText(spec, result), 'Show Log').then((choice) => choice && services.log.show());
    return { result };
  }
  const { jail } = result;
  if (jail.webPort === undefined) {
    void vscode.window.showInformationMessage(`${jail.name} is running at ${jail.address} on ${host.entry.name}.`);
    return { result };
  }
  const tunnel = await services.tunnels.open(host, jail.name, jail.address, jail.webPort);
  const url = `http://127.0.0.1:${tunnel.localPort}/`;
  if (openBrowser) void vscode.env.openExternal(vscode.Uri.parse(url));
  void vscode.window.showInformationMessage(`${jail.name} (${jail.stack}${jail.php ? `, PHP ${jail.php}` : ''}) is serving at ${url}`, 'Open in Browser', 'Destroy')
    .then((choice) => {
      if (choice === 'Open in Browser') void vscode.env.openExternal(vscode.Uri.parse(url));
      if (choice === 'Destroy') void vscode.commands.executeCommand('jails.destroyThrowawayJail', { host: host.entry.name, names: [jail.name] });
    });
  return { result, localPort: tunnel.localPort };
}

async function newThrowawayJail(services: ThrowawayServices, arg: unknown): Promise<CreatedThrowaway | undefined> {
  const given: NewThrowawayArgs = arg instanceof HostNode ? { host: arg.entry.name } : arg && typeof arg === 'object' && !(arg instanceof JailNode) ? arg as NewThrowawayArgs : {};
  const host = await chooseHost(services, given.host);
  if (!host) return undefined;
  const answer = await runWizard(host.entry.name, await hostProvisioner(services.access, host), given);
  if (!answer) return undefined;
  return create(services, host, answer.spec, answer.uploadFolder, given.openBrowser ?? true);
}

function destroyReport(hostName: string, outcomes: DestroyOutcome[]): void {
  const failed = outcomes.filter((o) => !o.ok);
  const destroyed = outcomes.filter((o) => o.ok).map((o) => o.name);
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(destroyed.length ? `Destroyed ${destroyed.join(', ')} on ${hostName}; nothing of them is left.` : `${hostName} has no throwaway jails.`);
    return;
  }
  const lines = failed.map((o) => `${o.name}: ${[o.message, o.leftovers.length ? `still on the host: ${o.leftovers.join(', ')}` : ''].filter(Boolean).join('; ')}`);
  void vscode.window.showErrorMessage(`${destroyed.length ? `Destroyed ${destroyed.join(', ')}. ` : ''}${lines.join(' — ')}`);
}

async function destroy(services: ThrowawayServices, args: DestroyThrowawayArgs): Promise<DestroyOutcome[] | undefined> {
  const host = await chooseHost(services, args.host);
  if (!host) return undefined;
  const { provisioner } = await hostProvisioner(services.access, host);
  const names = args.names === 'all' ? (await provisioner.list()).map((j) => j.name) : args.names;
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`${host.entry.name} has no throwaway jails.`);
    return [];
  }
  if (!args.confirmed) {
    const what = names.length === 1 ? names[0] : `${names.length} throwaway jails (${names.join(', ')})`;
    const answer = await vscode.window.showWarningMessage(`Destroy ${what} on ${host.entry.name}?`,
      { modal: true, detail: 'Each is stopped, and its files, dataset, configuration and tunnels are removed. This cannot be undone.' }, 'Destroy');
    if (answer !== 'Destroy') return undefined;
  }
  for (const name of names) for (const tunnel of services.tunnels.forJail(host.entry.name, name)) await tunnel.close();
  const outcomes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Destroying ${names.join(', ')} on ${host.entry.name}` },
    () => provisioner.destroy(args.names === 'all' ? 'all' : names));
  void services.access.tree.refreshHost(host);
  destroyReport(host.entry.name, outcomes);
  return outcomes;
}

/** The throwaway jails among a tree selection, grouped by host. */
function selectedThrowaways(node: unknown, selection: unknown): Map<string, string[]> {
  const nodes = (Array.isArray(selection) && selection.length > 0 ? selection : [node]).filter((n): n is JailNode => n instanceof JailNode && n.jail.manager === 'throwaway');
  const byHost = new Map<string, string[]>();
  for (const n of nodes) byHost.set(n.host.entry.name, [...(byHost.get(n.host.entry.name) ?? []), n.jail.name]);
  return byHost;
}

export function registerThrowawayCommands(services: ThrowawayServices): vscode.Disposable[] {
  const guarded = <T>(work: () => Promise<T>) => work().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  });
  return [
    vscode.commands.registerCommand('jails.newThrowawayJail', (arg?: unknown) => guarded(() => newThrowawayJail(services, arg))),
    vscode.commands.registerCommand('jails.destroyThrowawayJail', (node?: unknown, selection?: unknown) => guarded(async () => {
      if (node && typeof node === 'object' && 'names' in node) return destroy(services, node as DestroyThrowawayArgs);
      const outcomes: DestroyOutcome[] = [];
      for (const [host, names] of selectedThrowaways(node, selection)) outcomes.push(...((await destroy(services, { host, names })) ?? []));
      return outcomes;
    })),
    vscode.commands.registerCommand('jails.destroyAllThrowawayJails', (arg?: unknown) => guarded(async () => {
      const args: DestroyThrowawayArgs | undefined = arg instanceof HostNode ? { host: arg.entry.name, names: 'all' }
        : arg && typeof arg === 'object' && 'host' in arg ? { names: 'all', ...(arg as Partial<DestroyThrowawayArgs>) } as DestroyThrowawayArgs : undefined;
      if (args) return destroy(services, args);
      const host = await chooseHost(services);
      return host ? destroy(services, { host: host.entry.name, names: 'all' }) : undefined;
    })),
  ];
}
