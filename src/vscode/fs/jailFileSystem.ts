/**
 * `jails://HOST/path`: the files of a host in the tree (its jail.conf, any file in a jail's root) as an
 * editor file system over the host's SFTP session (core RemoteFiles). A jail.conf is checked with the host's
 * own `jail -f FILE -e` before it replaces the real one; when FreeBSD refuses it, the save is refused unless
 * the user insists. Changes made on the host since the editor read a file surface as VS Code's own
 * "file is newer" conflict, from the modification time `stat` reports.
 */
import * as vscode from 'vscode';
import { isJailConfPath, jailConfCheck } from '../../core/jails/jailConfCheck';
import { RemoteFileError, RemoteFiles, RemoteFileType } from '../../core/jails/remoteFiles';
import type { HostAccess } from '../tree/hostAccess';
import { remoteScheme } from '../tree/hostAccess';
import type { HostNode } from '../tree/hostsTreeProvider';

const fileTypes: Record<RemoteFileType, vscode.FileType> = {
  file: vscode.FileType.File,
  directory: vscode.FileType.Directory,
  symlink: vscode.FileType.SymbolicLink,
  other: vscode.FileType.Unknown,
};

function editorError(error: unknown, uri: vscode.Uri): Error {
  if (!(error instanceof RemoteFileError)) return error instanceof Error ? error : new Error(String(error));
  switch (error.kind) {
    case 'not-found':
      return vscode.FileSystemError.FileNotFound(uri);
    case 'exists':
      return vscode.FileSystemError.FileExists(uri);
    case 'permission':
      return vscode.FileSystemError.NoPermissions(error.message);
    case 'refused':
      return new vscode.FileSystemError(error.message);
    case 'is-a-directory':
      return vscode.FileSystemError.FileIsADirectory(uri);
    case 'not-a-directory':
      return vscode.FileSystemError.FileNotADirectory(uri);
    default:
      return vscode.FileSystemError.Unavailable(error.message);
  }
}

export class JailFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Documents the user chose to save once more without the jail(8) check. */
  private readonly insisted = new Set<string>();
  /** The last refusal shown per document, so that repeated saves of the same text do not repeat it. */
  private readonly refusals = new Map<string, string>();

  constructor(
    private readonly access: HostAccess,
    /** Told after a jail.conf was saved, so the tree shows what it now configures. */
    private readonly configSaved: (host: HostNode) => void,
  ) {}

  private host(uri: vscode.Uri): HostNode {
    const host = this.access.byAuthority(uri.authority);
    if (!host) throw vscode.FileSystemError.Unavailable(`no host "${uri.authority}" in the Jails view`);
    return host;
  }

  private async files(uri: vscode.Uri): Promise<RemoteFiles> {
    const connection = await this.access.connection(this.host(uri));
    return new RemoteFiles(() => connection.sftp());
  }

  private async attempt<T>(uri: vscode.Uri, body: (files: RemoteFiles) => Promise<T>): Promise<T> {
    try {
      return await body(await this.files(uri));
    } catch (error) {
      throw editorError(error, uri);
    }
  }

  watch(): vscode.Disposable {
    // SFTP has no change notifications; the editor learns of changes on the host when it saves.
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.attempt(uri, async (files) => {
      const stat = await files.stat(uri.path);
      return { type: fileTypes[stat.type], ctime: stat.mtime, mtime: stat.mtime, size: stat.size };
    });
  }

  readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.attempt(uri, async (files) => (await files.readDirectory(uri.path)).map(([name, type]) => [name, fileTypes[type]]));
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.attempt(uri, (files) => files.readFile(uri.path));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const host = this.host(uri);
    const checked = isJailConfPath(uri.path) && this.access.capabilities(host)?.jailConfigDump === true;
    await this.attempt(uri, (files) => files.writeFile(uri.path, content, { ...options, check: checked ? (candidate) => this.checkJailConf(host, candidate, uri) : undefined }));
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    if (checked) this.configSaved(host);
  }

  /**
   * Refuses a jail.conf FreeBSD would refuse. The refusal is a notification, not a dialog, because editors
   * that save after every pause (VS Code in a browser does by default) would raise one per pause; "Save
   * Anyway" saves the document once without the check.
   */
  private async checkJailConf(host: HostNode, candidate: string, uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.insisted.delete(key)) return;
    const verdict = await (await this.access.runner(host)).run(jailConfCheck(candidate, uri.path));
    if (verdict.ok) {
      this.refusals.delete(key);
      return;
    }
    const messages = verdict.errors.map((e) => e.message).join('; ');
    if (this.refusals.get(key) !== messages) {
      this.refusals.set(key, messages);
      void this.offerToInsist(uri, messages);
    }
    throw new RemoteFileError('refused', `FreeBSD's jail(8) refuses this file, so it was not saved: ${messages}`);
  }

  private async offerToInsist(uri: vscode.Uri, messages: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`${uri.path} was not saved: FreeBSD's jail(8) refuses it (${messages}).`, 'Save Anyway');
    if (choice !== 'Save Anyway') return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document) return;
    this.insisted.add(uri.toString());
    await document.save();
  }

  createDirectory(uri: vscode.Uri): Promise<void> {
    return this.attempt(uri, (files) => files.createDirectory(uri.path));
  }

  delete(uri: vscode.Uri): Promise<void> {
    return this.attempt(uri, (files) => files.delete(uri.path));
  }

  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    if (from.authority !== to.authority) throw vscode.FileSystemError.NoPermissions('files move between hosts by copying, not renaming');
    return this.attempt(from, (files) => files.rename(from.path, to.path, options.overwrite));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerJailFileSystem(access: HostAccess, configSaved: (host: HostNode) => void): vscode.Disposable {
  const provider = new JailFileSystem(access, configSaved);
  return vscode.Disposable.from(provider, vscode.workspace.registerFileSystemProvider(remoteScheme, provider, { isCaseSensitive: true }));
}
