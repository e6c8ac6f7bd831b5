/**
 * PHP's own error log format, as written where php.ini's `error_log` points:
 *
 *   [29-Nov-2026 06:50:00 UTC] PHP Warning:  Undefined variable $x in /usr/local/www/index.php on line 3
 *
 * Uncaught exceptions continue over several lines (a stack trace); those lines belong to the entry above.
 */

export interface PhpLogEntry {
  /** As PHP wrote it (its own time zone and format). */
  time: string;
  /** Warning, Notice, Deprecated, Fatal error, Parse error … */
  level: string;
  message: string;
  file?: string;
  line?: number;
}

const entryStart = /^\[([^\]]+)\] PHP ([A-Za-z ]+?):\s+(.*)$/;
const location = /^(.*) in (\/\S.*?)(?: on line |:)(\d+)$/;

export function parsePhpErrorLog(text: string): PhpLogEntry[] {
  const entries: PhpLogEntry[] = [];
  let current: PhpLogEntry | undefined;
  for (const raw of text.split('\n')) {
    const lineText = raw.replace(/\r$/, '');
    const m = entryStart.exec(lineText);
    if (m) {
      const [, time, level, rest] = m;
      const at = location.exec(rest);
      current = at ? { time, level, message: at[1], file: at[2], line: Number(at[3]) } : { time, level, message: rest };
      entries.push(current);
    } else if (current && lineText.trim() !== '' && !/^\s*(Stack trace:|#\d+ |thrown in )/.test(lineText)) {
      current.message += `\n${lineText}`;
    }
  }
  return entries;
}

/** Errors first, then warnings, then the rest: what a summary should show first. */
export function severityRank(level: string): number {
  if (/error/i.test(level)) return 0;
  if (/warning/i.test(level)) return 1;
  return 2;
}
