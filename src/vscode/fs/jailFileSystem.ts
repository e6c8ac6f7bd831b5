/**
 * `jails://HOST/path`: the files of a host in the tree (its jail.conf, any file in a jail's root) as an
 * editor file system over the host's SFTP session (core RemoteFiles). A jail.conf is checked with the host's
 * own `jail -f FILE -e` before it replaces the real one; when FreeBSD refuses it, the save is refused unless
 * the user insists. A file changed on the host since it was read here is not overwritten without asking:
 * VS Code's own "file is newer" check compares only sizes once the time moved, so the provider keeps the
 * version it read of each file (core fileVersion.ts) and refuses a save over anything else until the user
 * chooses Overwrite.
 */
import * as vscode from 'vscode';
import { FileVersion, fileVersion } from '../../core/jails/fileVersion';
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
  /** What was last read or written of each file, by URI. */
  private readonly versions = new Map<string, FileVersion>();
  /** Documents the user chose to save over the host's newer file once. */
  private readonly overwriting = new Set<string>();
  /** Documents whose conflict is on screen, so that saves after every pause do not raise it again. */
  private readonly conflicts = new Set<string>();

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
    return this.attempt(uri, async (files) => {
      const { content, version } = await files.readVersioned(uri.path);
      this.versions.set(uri.toString(), version);
      return content;
    });
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const host = this.host(uri);
    const key = uri.toString();
    const checked = isJailConfPath(uri.path) && this.access.capabilities(host)?.jailConfigDump === true;
    const expected = this.overwriting.delete(key) ? undefined : this.versions.get(key);
    const stat = await this.attempt(uri, (files) => files.writeFile(uri.path, content, {
      ...options, expected, check: checked ? (candidate) => this.checkJailConf(host, candidate, uri) : undefined,
    }).catch((error: unknown) => {
      if (error instanceof RemoteFileError && error.kind === 'conflict') this.noticeConflict(uri);
      throw error;
    }));
    this.versions.set(key, fileVersion(stat, content, Date.now()));
    this.conflicts.delete(key);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    if (checked) this.configSaved(host);
  }

  /** The save fails (the document stays dirty), and the user is asked once what to do about the host's version. */
  private noticeConflict(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.conflicts.has(key)) return;
    this.conflicts.add(key);
    void this.offerToOverwrite(uri);
  }

  private async offerToOverwrite(uri: vscode.Uri): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `${uri.path} changed on the host since it was opened here, so your version was not saved.`, 'Overwrite', 'Revert to the Host\'s Version');
    this.conflicts.delete(uri.toString());
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!choice || !document) return;
    if (choice === 'Overwrite') {
      this.overwriting.add(uri.toString());
      await document.save();
    } else {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
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
    this.versions.delete(uri.toString());
    return this.attempt(uri, (files) => files.delete(uri.path));
  }

  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    if (from.authority !== to.authority) throw vscode.FileSystemError.NoPermissions('files move between hosts by copying, not renaming');
    this.versions.delete(from.toString());
    this.versions.delete(to.toString());
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
