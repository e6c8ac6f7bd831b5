// The jail.conf language in the editor. src/extension.ts calls registerJailConfLanguage(context) once.
import * as vscode from 'vscode';
import { DocumentAnalyses, HostFactsSource } from './analyses';
import { languageId, registerDiagnostics } from './diagnostics';
import { registerEditing } from './editing';
import { registerFeatures } from './features';

export type { HostFacts, HostFactsSource } from './analyses';

export interface JailConfLanguage {
  /**
   * Tells what is known of each document's host (its jail parameters and FreeBSD release), so that
   * validation and completion follow that host rather than the built-in table alone.
   */
  setHostFactsSource(source: HostFactsSource): void;
}

export function registerJailConfLanguage(context: vscode.ExtensionContext): JailConfLanguage {
  const selector: vscode.DocumentSelector = { language: languageId };
  const analyses = new DocumentAnalyses();
  context.subscriptions.push(analyses, registerDiagnostics(analyses), registerFeatures(selector, analyses), registerEditing(selector, analyses));
  return { setHostFactsSource: (source) => analyses.setHostFactsSource(source) };
}
