/**
 * Sync Now and Watch for throwaway jails: from a `.jails.yaml` environment (its folder and filter), or from
 * a jail given as `{ host, name }` or a jail of the tree (the first workspace folder, everything but .git and
 * node_modules). Watch uploads each saved, created or changed file at once and runs a full sync
 * when something is deleted; the status bar shows what it watches and the last upload.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseEnvironmentFile } from '../../core/env/environmentFile';
import { specForEnvironment } from '../../core/env/environmentSpec';
import { jailSync } from '../../core/provision/matrix/matrixServices';
import { SyncWatcher } from '../../core/sync/syncWatcher';
import type { SyncSource } from '../../core/sync/workspaceSync';
import type { HostProvisioners } from './hostProvisioners';

export interface JailRef {
  host: string;
  name: string;
}

interface Watching {
  watcher: SyncWatcher;
  folder: string;
  disposables: vscode.Disposable[];
}

const defaultExclude = ['.git/**', 'node_modules/**', '.jails.yaml', '.jails.yml'];

/** `{ host, name }`, or a jail of the tree (a JailNode: its host's entry and its inventory record). */
function jailRefOf(value: unknown): JailRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = value as Partial<JailRef>;
  if (typeof ref.host === 'string' && typeof ref.name === 'string') return { host: ref.host, name: ref.name };
  const node = value as { host?: { entry?: { name?: unknown } }; jail?: { name?: unknown } };
  const host = node.host?.entry?.name;
  const name = node.jail?.name;
  return typeof host === 'string' && typeof name === 'string' ? { host, name } : undefined;
}

/** The jail and workspace source of an environment (a CodeLens or palette choice) or a jail reference. */
async function resolve(arg: unknown, name?: string): Promise<{ jail: JailRef; source: SyncSource } | undefined> {
  const ref = jailRefOf(arg);
  if (ref) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('open the workspace folder to upload first');
    return { jail: ref, source: { folder: folder.uri.fsPath, filter: { include: ['**/*'], exclude: defaultExclude } } };
  }
  const files = arg instanceof vscode.Uri ? [arg] : await vscode.workspace.findFiles('**/.jails.{yaml,yml}', '**/node_modules/**', 50);
  const choices = [];
  for (const file of files) {
    const { environments } = parseEnvironmentFile(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
    const workspaceName = vscode.workspace.getWorkspaceFolder(file)?.name ?? path.basename(path.dirname(file.fsPath));
    for (const environment of environments) {
      if (name && environment.name !== name) continue;
      choices.push({
        label: environment.name, description: `${environment.host} · ${vscode.workspace.asRelativePath(file)}`,
        jail: { host: environment.host, name: specForEnvironment(environment, workspaceName).name },
        source: { folder: path.resolve(path.dirname(file.fsPath), environment.documentRoot), filter: { include: environment.sync.include, exclude: environment.sync.exclude } },
      });
    }
  }
  const picked = choices.length <= 1 ? choices[0] : await vscode.window.showQuickPick(choices, { placeHolder: 'Which environment?' });
  return picked ? { jail: picked.jail, source: picked.source } : undefined;
}

export function registerSyncCommands(provisioners: HostProvisioners, log: (line: string) => void): { disposables: vscode.Disposable[]; watching(): string[] } {
  const watches = new Map<string, Watching>();
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = 'jails.stopWatching';
  const showStatus = (last?: string) => {
    if (watches.size === 0) {
      status.hide();
      return;
    }
    status.text = `$(sync) Watching ${[...watches.keys()].join(', ')}${last ? ` · ${last}` : ''}`;
    status.tooltip = 'Files saved in the workspace are uploaded to these throwaway jails. Click to stop.';
    status.show();
  };

  const target = async (jail: JailRef) => {
    const { provisioner, runner } = await provisioners.forHost(jail.host);
    const marker = (await provisioner.list()).find((j) => j.name === jail.name);
    if (!marker) throw new Error(`${jail.name} is not a throwaway jail on ${jail.host}`);
    return { marker, runner };
  };

  const syncNow = async (arg?: unknown, name?: string) => {
    try {
      const chosen = await resolve(arg, name);
      if (!chosen) return undefined;
      const { marker, runner } = await target(chosen.jail);
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading to ${chosen.jail.name}`, cancellable: true }, (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return jailSync(runner, marker, chosen.source).syncAll(controller.signal);
      });
      const message = `${chosen.jail.name}: ${report.uploaded.length} file(s) uploaded, ${report.deleted.length} deleted, ${report.unchanged} unchanged`;
      log(message);
      void vscode.window.showInformationMessage(message);
      return report;
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };

  const watch = async (arg?: unknown, name?: string) => {
    try {
      const chosen = await resolve(arg, name);
      if (!chosen) return undefined;
      const key = `${chosen.jail.host}/${chosen.jail.name}`;
      if (watches.has(key)) return key;
      const { marker, runner } = await target(chosen.jail);
      const sync = jailSync(runner, marker, chosen.source);
      const watcher = new SyncWatcher(sync, (event) => {
        const line = event.kind === 'synced' ? `${event.report.uploaded.length + event.report.deleted.length} file(s) in ${event.ms} ms` : `failed: ${event.message}`;
        log(`${key}: ${line}`);
        showStatus(line);
      });
      const folder = chosen.source.folder;
      const relativeOf = (uri: vscode.Uri) => {
        const relative = path.relative(folder, uri.fsPath);
        return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined;
      };
      const changed = (uri: vscode.Uri) => { const p = relativeOf(uri); if (p) watcher.changed(p); };
      const files = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const disposables = [
        files,
        vscode.workspace.onDidSaveTextDocument((document) => changed(document.uri)),
        files.onDidCreate(changed),
        files.onDidChange(changed),
        files.onDidDelete((uri) => { if (relativeOf(uri)) watcher.deleted(); }),
      ];
      watches.set(key, { watcher, folder, disposables });
      showStatus();
      return key;
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };

  const stop = (key?: string) => {
    for (const [k, w] of watches) {
      if (key && k !== key) continue;
      w.watcher.dispose();
      w.disposables.forEach((d) => d.dispose());
      watches.delete(k);
    }
    showStatus();
  };

  return {
    watching: () => [...watches.keys()],
    disposables: [
      status,
      vscode.commands.registerCommand('jails.syncNow', syncNow),
      vscode.commands.registerCommand('jails.watch', watch),
      vscode.commands.registerCommand('jails.stopWatching', stop),
      { dispose: () => stop() },
    ],
  };
}
