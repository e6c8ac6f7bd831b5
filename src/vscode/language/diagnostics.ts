// Diagnostics as you type: each jail.conf document is analysed shortly after every change and its
// diagnostics published with the user's severity overrides.
import * as vscode from 'vscode';
import { Diagnostic } from '../../core/jailconf';
import { DocumentAnalyses, documentPath } from './analyses';
import { severityFor, toRange } from './convert';
import { affectsLanguageSettings, readLanguageSettings } from './settings';

export const languageId = 'jailconf';
const delayMs = 150;

/** The VS Code diagnostic for a core one, or undefined when its code is turned off. */
export function toVscodeDiagnostic(d: Diagnostic, scope: vscode.Uri): vscode.Diagnostic | undefined {
  const severity = severityFor(d.code, d.severity, readLanguageSettings(scope).severity);
  if (severity === undefined) return undefined;
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, severity);
  diagnostic.code = d.code;
  diagnostic.source = 'jail.conf';
  if (d.code === 'deprecated-parameter') diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  return diagnostic;
}

export function registerDiagnostics(analyses: DocumentAnalyses): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(languageId);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const update = async (document: vscode.TextDocument) => {
    if (document.languageId !== languageId) return;
    const version = document.version;
    const analysis = await analyses.get(document);
    if (document.isClosed || document.version !== version) return;
    const own = analysis.diagnostics.filter((d) => d.file === documentPath(document.uri));
    collection.set(document.uri, own.flatMap((d) => toVscodeDiagnostic(d, document.uri) ?? []));
  };
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void update(document).catch(() => undefined), delayMs));
  };
  const refreshAll = () => {
    analyses.invalidate();
    vscode.workspace.textDocuments.forEach((d) => void update(d).catch(() => undefined));
  };

  vscode.workspace.textDocuments.forEach((d) => void update(d).catch(() => undefined));
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void update(d).catch(() => undefined)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidSaveTextDocument(() => refreshAll()),
    analyses.onDidChange(() => refreshAll()),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      analyses.invalidate(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLanguageSettings(e)) refreshAll();
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
