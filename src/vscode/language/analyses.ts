// Keeps one analysis per open jail.conf document, recomputed when the text, its settings or the host's
// parameter list change. Includes are read through vscode.workspace.fs, so a document opened from a
// remote host's file system follows its includes on that host.
import * as vscode from 'vscode';
import { Analysis, analyzeConfig, analyzeText, ConfigFileSystem, DirectoryEntry, loadConfig, ParameterCatalog } from '../../core/jailconf';
import { readLanguageSettings } from './settings';

/** What is known of the FreeBSD host a document belongs to. */
export interface HostFacts {
  /** The jail parameters its kernel supports (`sysctl -N security.jail.param`, without the prefix). */
  readonly parameters?: readonly string[];
  /** Its release, such as "14.3-RELEASE-p2" (`freebsd-version -k`). */
  readonly freebsdVersion?: string;
}

/** Tells what is known of a document's host; undefined for a local file or a host not probed yet. */
export type HostFactsSource = (uri: vscode.Uri) => HostFacts | undefined;

/** The path core code sees for a document: POSIX, as on the FreeBSD host. */
export const documentPath = (uri: vscode.Uri): string => uri.path;

/** Reads files next to `base` (same scheme and authority) through VS Code's file systems. */
export function workspaceFileSystem(base: vscode.Uri): ConfigFileSystem {
  const at = (path: string) => base.with({ path });
  const rethrow = (error: unknown): never => {
    const code = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'ENOENT' : undefined;
    throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { code });
  };
  return {
    readFile: async (path) => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === at(path).toString());
      if (open) return open.getText();
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(at(path)).then(undefined, rethrow));
    },
    readDirectory: async (path): Promise<DirectoryEntry[]> =>
      (await vscode.workspace.fs.readDirectory(at(path)).then(undefined, rethrow)).map(([name, type]) => ({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 })),
  };
}

/** A file another one includes: its variables and jails may be defined elsewhere. */
export const isFragment = (uri: vscode.Uri): boolean => /\/jail\.conf\.d\/[^/]+$/.test(uri.path);

export class DocumentAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; analysis: Promise<Analysis> }>();
  private hostFacts: HostFactsSource = () => undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when every analysis is out of date (new host facts). */
  readonly onDidChange = this.changed.event;

  setHostFactsSource(source: HostFactsSource): void {
    this.hostFacts = source;
    this.cache.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  invalidate(uri?: vscode.Uri): void {
    if (uri) this.cache.delete(uri.toString());
    else this.cache.clear();
  }

  get(document: vscode.TextDocument): Promise<Analysis> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = this.compute(document);
    this.cache.set(key, { version: document.version, analysis });
    return analysis;
  }

  private async compute(document: vscode.TextDocument): Promise<Analysis> {
    const settings = readLanguageSettings(document.uri);
    const facts = this.hostFacts(document.uri);
    const catalog = facts?.parameters ? new ParameterCatalog(facts.parameters) : undefined;
    const options = { catalog, targetVersion: settings.targetVersion ?? facts?.freebsdVersion, fragment: isFragment(document.uri) };
    const path = documentPath(document.uri);
    const text = document.getText();
    if (!settings.followIncludes || !/\.include\b/.test(text)) return analyzeText(text, path, options);
    return analyzeConfig(await loadConfig(path, text, workspaceFileSystem(document.uri)), options);
  }
}
