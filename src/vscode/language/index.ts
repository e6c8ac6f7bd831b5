// The jail.conf language in the editor. src/extension.ts calls registerJailConfLanguage(context) once.
import * as vscode from 'vscode';
import { DocumentAnalyses, ParameterSource } from './analyses';
import { languageId, registerDiagnostics } from './diagnostics';
import { registerEditing } from './editing';
import { registerFeatures } from './features';

export type { ParameterSource } from './analyses';

export interface JailConfLanguage {
  /**
   * Gives the parameters a document's host supports (its `sysctl -N security.jail.param`), so that
   * validation and completion follow that host rather than the built-in table.
   */
  setParameterSource(source: ParameterSource): void;
}

export function registerJailConfLanguage(context: vscode.ExtensionContext): JailConfLanguage {
  const selector: vscode.DocumentSelector = { language: languageId };
  const analyses = new DocumentAnalyses();
  context.subscriptions.push(analyses, registerDiagnostics(analyses), registerFeatures(selector, analyses), registerEditing(selector, analyses));
  return { setParameterSource: (source) => analyses.setParameterSource(source) };
}
