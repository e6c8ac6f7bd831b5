/** Problems of `.jails.yaml` files as diagnostics, from the same schema the editor is given (yamlValidation). */
import * as vscode from 'vscode';
import { parseEnvironmentFile } from '../../core/env/environmentFile';

export function isEnvironmentFile(document: vscode.TextDocument): boolean {
  return /(^|[/\\])\.jails\.ya?ml$/.test(document.uri.path);
}

export function registerEnvironmentDiagnostics(): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('jails-yaml');
  const check = (document: vscode.TextDocument) => {
    if (!isEnvironmentFile(document)) return;
    const { problems } = parseEnvironmentFile(document.getText());
    collection.set(document.uri, problems.map((p) => {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line, p.column, p.endLine, p.endColumn), p.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = '.jails.yaml';
      return diagnostic;
    }));
  };
  vscode.workspace.textDocuments.forEach(check);
  return [
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
  ];
}
