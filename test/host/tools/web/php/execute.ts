/**
 * Runs one PHP file for a SAPI: collects the output, status and headers, shows diagnostics where
 * display_errors says, logs them to php.ini's error_log or hands them to the SAPI's own log (the web
 * server's error log, or stderr for the CLI), and turns a fatal error into HTTP 500 when nothing shows it.
 */
import { readFileSync } from 'node:fs';
import { displayText, PhpDiagnostic, writeToErrorLog } from './diagnostics';
import { ExecutionState } from './builtins';
import { PhpStop, runPhp } from './interpreter';
import { PhpSettings } from './settings';

export interface PhpResult {
  body: string;
  status: number;
  headers: Array<[string, string]>;
  diagnostics: PhpDiagnostic[];
}

/** The SAPI's logger for diagnostics that php.ini's error_log does not take. */
export type SapiLog = (diagnostic: PhpDiagnostic) => void;

export function poweredBy(settings: PhpSettings): Array<[string, string]> {
  return settings.exposePhp ? [['X-Powered-By', `PHP/${settings.version} (simulated)`]] : [];
}

export function executePhp(file: string, settings: PhpSettings, sapiLog: SapiLog, source = readFileSync(file, 'utf8')): PhpResult {
  const result: PhpResult = { body: '', status: 200, headers: [...poweredBy(settings), ['Content-type', 'text/html; charset=UTF-8']], diagnostics: [] };
  const state: ExecutionState = {
    settings, file, line: 1, status: 200, headers: [],
    output: (text) => { result.body += text; },
    raise: (diagnostic) => {
      const fatal = diagnostic.severity === 'Fatal error';
      if (fatal || (settings.errorReporting & diagnostic.level) !== 0) {
        result.diagnostics.push(diagnostic);
        if (settings.displayErrors) {
          const shown = displayText(diagnostic, settings.htmlErrors);
          if (settings.displayToStderr) process.stderr.write(shown);
          else result.body += shown;
        }
        if (settings.logErrors && !writeToErrorLog(settings, diagnostic)) sapiLog(diagnostic);
      }
      if (fatal) {
        if (!settings.displayErrors) state.status = 500;
        throw new PhpStop();
      }
    },
  };
  try {
    runPhp(source, state);
  } catch (error) {
    if (!(error instanceof PhpStop)) throw error;
  }
  result.status = state.status;
  for (const [name, value] of state.headers) {
    result.headers = result.headers.filter(([existing]) => existing.toLowerCase() !== name.toLowerCase());
    result.headers.push([name, value]);
  }
  return result;
}
