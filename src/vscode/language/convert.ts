// Conversions between the core's positions and spans and VS Code's.
import * as vscode from 'vscode';
import { Analysis, DiagnosticCode, Range, Severity, Span } from '../../core/jailconf';
import { SeverityOverride } from './settings';

export const toRange = (range: Range): vscode.Range => new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);

export const spanToRange = (document: vscode.TextDocument, span: Span): vscode.Range => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));

/** A span of any file of the analysis as a Location next to `base`. */
export function locationOf(analysis: Analysis, base: vscode.Uri, span: Span & { file: string }): vscode.Location | undefined {
  const file = analysis.config.files.get(span.file);
  if (!file) return undefined;
  return new vscode.Location(base.with({ path: span.file }), toRange(file.lines.rangeOf(span)));
}

/** The severity to show, after the user's override; undefined when the code is turned off. */
export function severityFor(code: DiagnosticCode, severity: Severity, overrides: Readonly<Partial<Record<DiagnosticCode, SeverityOverride>>>): vscode.DiagnosticSeverity | undefined {
  const chosen = overrides[code] ?? (severity === 'info' ? 'information' : severity);
  switch (chosen) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return undefined;
  }
}
