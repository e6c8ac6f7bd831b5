// The jail.conf settings: severity overrides per diagnostic code, the FreeBSD release files are written
// for, and whether includes are followed.
import * as vscode from 'vscode';
import { DiagnosticCode } from '../../core/jailconf';

export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface LanguageSettings {
  readonly severity: Readonly<Partial<Record<DiagnosticCode, SeverityOverride>>>;
  readonly targetVersion?: string;
  readonly followIncludes: boolean;
}

export function readLanguageSettings(scope?: vscode.Uri): LanguageSettings {
  const config = vscode.workspace.getConfiguration('jails.jailconf', scope);
  const version = config.get<string>('targetVersion', '').trim();
  return {
    severity: config.get<Partial<Record<DiagnosticCode, SeverityOverride>>>('severity', {}),
    targetVersion: version === '' ? undefined : version,
    followIncludes: config.get<boolean>('followIncludes', true),
  };
}

export function affectsLanguageSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('jails.jailconf');
}
