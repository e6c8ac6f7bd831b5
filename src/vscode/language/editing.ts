// Formatting and quick fixes: the formatter's minimal edit, and the fixes the core attaches to a misspelt
// parameter, a forgotten `;` or an unsafe unquoted value.
import * as vscode from 'vscode';
import { formatJailConf, minimalEdit, quickFixesFor } from '../../core/jailconf';
import { DocumentAnalyses, documentPath } from './analyses';
import { spanToRange } from './convert';

export function registerEditing(selector: vscode.DocumentSelector, analyses: DocumentAnalyses): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits(document, options) {
        const before = document.getText();
        const after = formatJailConf(before, { indent: options.insertSpaces ? ' '.repeat(options.tabSize) : '\t' });
        const edit = after === undefined ? undefined : minimalEdit(before, after);
        return edit ? [vscode.TextEdit.replace(spanToRange(document, edit), edit.newText)] : [];
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        async provideCodeActions(document, _range, context) {
          const analysis = await analyses.get(document);
          const path = documentPath(document.uri);
          const actions: vscode.CodeAction[] = [];
          for (const shown of context.diagnostics) {
            if (shown.source !== 'jail.conf') continue;
            const core = analysis.diagnostics.find((d) => d.file === path && d.code === shown.code && spanToRange(document, d).isEqual(shown.range));
            for (const fix of core ? quickFixesFor(core) : []) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.edit = new vscode.WorkspaceEdit();
              action.edit.replace(document.uri, spanToRange(document, fix.edit), fix.edit.newText);
              action.diagnostics = [shown];
              action.isPreferred = fix.preferred;
              actions.push(action);
            }
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
