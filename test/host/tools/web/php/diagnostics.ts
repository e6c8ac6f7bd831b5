/**
 * PHP's error messages in PHP's own formats: the log line ("[29-Nov-2026 06:50:00 UTC] PHP Warning:  m in
 * /path/x.php on line 3"), the displayed text (HTML for the web SAPIs), and where each goes by SAPI.
 */
import { appendFileSync } from 'node:fs';
import { PhpSettings } from './settings';

export type Severity = 'Fatal error' | 'Warning' | 'Notice' | 'Deprecated' | 'Parse error';

export interface PhpDiagnostic {
  severity: Severity;
  /** The E_* bit, for error_reporting. */
  level: number;
  message: string;
  file: string;
  line: number;
  /** Uncaught Error: the location is already in the message, as "in FILE:LINE\nStack trace…". */
  uncaught?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');

/** "29-Nov-2026 06:50:00 UTC" (date.timezone is unset on a fresh FreeBSD install: UTC). */
export function phpLogTime(date = new Date()): string {
  return `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC`;
}

/** "PHP Warning:  m in /x.php on line 3" */
export function logText(diagnostic: PhpDiagnostic): string {
  if (diagnostic.uncaught) {
    return `PHP ${diagnostic.severity}:  ${diagnostic.message} in ${diagnostic.file}:${diagnostic.line}\nStack trace:\n#0 {main}\n  thrown in ${diagnostic.file} on line ${diagnostic.line}`;
  }
  return `PHP ${diagnostic.severity}:  ${diagnostic.message} in ${diagnostic.file} on line ${diagnostic.line}`;
}

/** What display_errors shows in the page (HTML) or on the console (text). */
export function displayText(diagnostic: PhpDiagnostic, html: boolean): string {
  const message = diagnostic.uncaught
    ? `${diagnostic.message} in ${diagnostic.file}:${diagnostic.line}\nStack trace:\n#0 {main}\n  thrown`
    : diagnostic.message;
  return html
    ? `<br />\n<b>${diagnostic.severity}</b>:  ${message} in <b>${diagnostic.file}</b> on line <b>${diagnostic.line}</b><br />\n`
    : `\n${diagnostic.severity}: ${message} in ${diagnostic.file} on line ${diagnostic.line}\n`;
}

/** Appends to php.ini's error_log; returns false when there is none (the SAPI's own log takes the line). */
export function writeToErrorLog(settings: PhpSettings, diagnostic: PhpDiagnostic): boolean {
  if (!settings.errorLog) return false;
  try {
    appendFileSync(settings.errorLog, `[${phpLogTime()}] ${logText(diagnostic)}\n`);
  } catch {
    return false;
  }
  return true;
}
