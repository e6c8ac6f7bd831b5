/**
 * PHP Version Matrix…: asks for the host, the stack and the PHP versions, creates one jail per version
 * through the provisioner with the workspace folder uploaded, and shows a webview listing for each version
 * the HTTP status, the response time and the new PHP errors and warnings, with Open, Re-run and Destroy All.
 */
import * as vscode from 'vscode';
import { jailNameFor } from '../../core/env/environmentSpec';
import { provisionerMatrixServices } from '../../core/provision/matrix/matrixServices';
import { MatrixRow, PhpMatrix } from '../../core/provision/matrix/phpMatrix';
import { stackLabels, stacks } from '../../core/provision/stacks';
import type { Stack, ThrowawaySpec } from '../../core/provision/throwawaySpec';
import type { HostProvisioners } from '../env/hostProvisioners';
import type { OpenTunnel } from '../env/index';
import { matrixHtml } from './matrixHtml';

export interface MatrixPanelApi {
  /** The rows of the panel open now, for the extension tests. */
  rows(): MatrixRow[] | undefined;
}

async function askChoices(provisioners: HostProvisioners): Promise<{ host: string; stack: Stack; versions: string[] } | undefined> {
  const hosts = provisioners.hostNames();
  const host = hosts.length === 1 ? hosts[0] : await vscode.window.showQuickPick(hosts, { placeHolder: 'Host for the matrix' });
  if (!host) return undefined;
  const stack = await vscode.window.showQuickPick(stacks.filter((s) => s !== 'bare').map((s) => ({ label: stackLabels[s], stack: s })), { placeHolder: 'Web stack' });
  if (!stack) return undefined;
  const { provisioner } = await provisioners.forHost(host);
  const offered = await provisioner.phpVersions();
  const picked = await vscode.window.showQuickPick(offered.map((v) => ({ label: `PHP ${v}`, version: v, picked: true })), { canPickMany: true, placeHolder: 'PHP versions (one jail each)' });
  if (!picked || picked.length === 0) return undefined;
  return { host, stack: stack.stack, versions: picked.map((p) => p.version) };
}

export function registerMatrixPanel(provisioners: HostProvisioners, openTunnel: OpenTunnel): { api: MatrixPanelApi; disposables: vscode.Disposable[] } {
  let current: { matrix: PhpMatrix; panel: vscode.WebviewPanel; host: string } | undefined;

  const start = async (choices?: { host: string; stack: Stack; versions: string[] }): Promise<MatrixRow[] | undefined> => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage('Open a workspace folder to run it on several PHP versions.');
      return undefined;
    }
    const chosen = choices ?? (await askChoices(provisioners));
    if (!chosen) return undefined;
    const { provisioner, runner } = await provisioners.forHost(chosen.host);
    const base: ThrowawaySpec = {
      host: chosen.host, name: jailNameFor(folder.name, 'matrix'), stack: chosen.stack, packages: [], phpExtensions: [], phpIni: {},
      webServerSnippets: [], sysrc: {}, provision: [], ports: [80],
    };
    const services = provisionerMatrixServices(provisioner, runner, { folder: folder.uri.fsPath, filter: { include: ['**/*'], exclude: ['.git/**', 'node_modules/**', '.jails.yaml'] } });
    const panel = vscode.window.createWebviewPanel('jails.phpMatrix', `PHP Matrix: ${folder.name}`, vscode.ViewColumn.Active, { enableScripts: true });
    const matrix = new PhpMatrix(services, base, chosen.versions, (rows) => { panel.webview.html = matrixHtml(rows, panel.webview.cspSource); });
    current = { matrix, panel, host: chosen.host };
    panel.webview.html = matrixHtml(matrix.rows, panel.webview.cspSource);
    panel.onDidDispose(() => { if (current?.panel === panel) current = undefined; });
    panel.webview.onDidReceiveMessage(async (message: { command: string; php?: string }) => {
      if (message.command === 'rerun') await matrix.rerun(new AbortController().signal);
      else if (message.command === 'destroyAll') {
        await matrix.destroyAll();
        provisioners.refresh(chosen.host);
      }
      else if (message.command === 'open') {
        const row = matrix.rows.find((r) => r.php === message.php);
        if (!row?.address) return;
        const tunnel = await openTunnel(chosen.host, row.jailName, row.address, row.webPort ?? 80);
        void vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${tunnel.localPort}/`));
      }
    });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating ${chosen.versions.length} PHP jails on ${chosen.host}`, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      await matrix.start(controller.signal);
    });
    provisioners.refresh(chosen.host);
    return matrix.rows;
  };

  const disposables = [
    vscode.commands.registerCommand('jails.phpMatrix', start),
    vscode.commands.registerCommand('jails.phpMatrix.rerun', async () => { await current?.matrix.rerun(new AbortController().signal); return current?.matrix.rows; }),
    vscode.commands.registerCommand('jails.phpMatrix.destroyAll', async () => {
      await current?.matrix.destroyAll();
      if (current) provisioners.refresh(current.host);
      return current?.matrix.rows;
    }),
  ];
  return { api: { rows: () => current?.matrix.rows }, disposables };
}
