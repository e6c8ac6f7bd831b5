/**
 * Jails: Up, Jails: Down and Open for `.jails.yaml` environments: from a CodeLens (file and environment
 * given) or from the palette (pickers for both). Up and Down show their progress in one notification with
 * Cancel; Up also tunnels the environment's ports to this machine (re-opened after a restart, moved when
 * they change); Open opens the page through the web port's tunnel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Environment, parseEnvironmentFile } from '../../core/env/environmentFile';
import { specForEnvironment } from '../../core/env/environmentSpec';
import { downEnvironment, upEnvironment } from '../../core/env/environmentUp';
import type { EnvironmentTunnels } from '../../core/env/environmentTunnels';
import type { ThrowawaySpec } from '../../core/provision/throwawaySpec';
import type { HostProvisioner, HostProvisioners } from './hostProvisioners';
import type { OpenTunnel } from './index';

interface Chosen {
  uri: vscode.Uri;
  environment: Environment;
  workspaceName: string;
  folder: string;
}

async function chooseFile(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) return uri;
  const files = await vscode.workspace.findFiles('**/.jails.{yaml,yml}', '**/node_modules/**', 50);
  if (files.length <= 1) {
    if (files.length === 0) void vscode.window.showWarningMessage('No .jails.yaml in this workspace.');
    return files[0];
  }
  const picked = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { placeHolder: 'Which .jails.yaml?' });
  return picked?.uri;
}

async function choose(uri?: vscode.Uri, name?: string): Promise<Chosen | undefined> {
  const file = await chooseFile(uri);
  if (!file) return undefined;
  const { environments, problems } = parseEnvironmentFile(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(file)} has ${problems.length} problem(s); see the Problems view.`);
    return undefined;
  }
  let environment = environments.find((e) => e.name === name);
  if (!environment) {
    const picked = environments.length === 1 ? { environment: environments[0] }
      : await vscode.window.showQuickPick(environments.map((e) => ({ label: e.name, description: `${e.host} · ${e.stack}${e.php ? ` · PHP ${e.php}` : ''}`, environment: e })), { placeHolder: 'Which environment?' });
    environment = picked?.environment;
  }
  if (!environment) return undefined;
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(file);
  const base = path.dirname(file.fsPath);
  return { uri: file, environment, workspaceName: workspaceFolder?.name ?? path.basename(base), folder: path.resolve(base, environment.documentRoot) };
}

function withCancel<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, (message) => progress.report({ message }));
  });
}

/** Creating the addresses' interface changes the host's /etc/rc.conf: only with the user's yes. */
function askInterface(host: string): (name: string, commands: string[]) => Promise<boolean> {
  return async (name, commands) => (await vscode.window.showWarningMessage(
    `Up needs the ${name} interface on ${host} for the jail's address, and it is missing. Create it? As root, this runs:\n${commands.join('\n')}`,
    { modal: true }, 'Create')) === 'Create';
}

export interface EnvironmentCommandResult {
  ok: boolean;
  summary: string;
}

export function registerEnvironmentCommands(provisioners: HostProvisioners, openTunnel: OpenTunnel, tunnelsOf: (hostName: string) => EnvironmentTunnels,
  log: (line: string) => void): vscode.Disposable[] {
  const report = (result: EnvironmentCommandResult) => {
    log(result.summary);
    if (result.ok) void vscode.window.showInformationMessage(result.summary);
    else void vscode.window.showErrorMessage(result.summary);
    return result;
  };
  const fail = (error: unknown) => report({ ok: false, summary: error instanceof Error ? error.message : String(error) });

  /** Chooses the environment, finds its host's provisioner, runs `work`; failures become an error message. */
  const withEnvironment = async <T>(uri: vscode.Uri | undefined, name: string | undefined,
    work: (chosen: Chosen, spec: ThrowawaySpec, host: HostProvisioner) => Promise<T>): Promise<T | undefined> => {
    const chosen = await choose(uri, name);
    if (!chosen) return undefined;
    const spec = specForEnvironment(chosen.environment, chosen.workspaceName);
    try {
      return await work(chosen, spec, await provisioners.forHost(spec.host));
    } catch (error) {
      fail(error);
      return undefined;
    }
  };

  const up = (uri?: vscode.Uri, name?: string) => withEnvironment(uri, name, async (chosen, spec, { provisioner, runner }) => {
    const result = report(await withCancel(`Up: ${chosen.environment.name} on ${spec.host}`, (signal, progress) => upEnvironment(
      { provisioner, shell: runner, tunnels: tunnelsOf(spec.host) }, spec, { folder: chosen.folder, filter: { include: chosen.environment.sync.include, exclude: chosen.environment.sync.exclude } },
      { signal, onProgress: progress, create: { onEvent: (e) => { if (e.kind === 'started') progress(e.title); }, confirmInterface: askInterface(spec.host) } },
    )));
    provisioners.refresh(spec.host);
    if (result.ok && chosen.environment.sync.watch) await vscode.commands.executeCommand('jails.watch', chosen.uri, chosen.environment.name);
    return result;
  });

  const down = (uri?: vscode.Uri, name?: string) => withEnvironment(uri, name, async (chosen, spec, { provisioner }) => {
    await vscode.commands.executeCommand('jails.stopWatching', `${spec.host}/${spec.name}`);
    await tunnelsOf(spec.host).close(spec.name);
    const result = report(await withCancel(`Down: ${chosen.environment.name} on ${spec.host}`, (signal) => downEnvironment(provisioner, spec.name, signal)));
    provisioners.refresh(spec.host);
    return result;
  });

  const open = (uri?: vscode.Uri, name?: string) => withEnvironment(uri, name, async (_chosen, spec, { provisioner }) => {
    const jail = (await provisioner.list()).find((j) => j.name === spec.name);
    if (!jail) throw new Error(`${spec.name} does not exist on ${spec.host}; run Up first`);
    const tunnel = await openTunnel(spec.host, jail.name, jail.address, spec.ports[0] ?? jail.webPort ?? 80);
    const url = `http://127.0.0.1:${tunnel.localPort}/`;
    void vscode.env.openExternal(vscode.Uri.parse(url));
    return url;
  });

  return [
    vscode.commands.registerCommand('jails.up', up),
    vscode.commands.registerCommand('jails.down', down),
    vscode.commands.registerCommand('jails.openEnvironment', open),
  ];
}
