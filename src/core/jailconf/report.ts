// Collects problems found while validating and turns them into diagnostics with positions. Problems that
// many jails share (a wildcard block's value, say) become one diagnostic naming those jails, the way a
// person would want to read them, instead of one per jail.
import { Diagnostic, DiagnosticCode, DiagnosticData, severityOf, Severity } from './diagnostics';
import { LineIndex } from './text';

/** One step less severe, for problems a file that may be included by another cannot decide alone. */
const lower: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };

export interface ProblemSpot {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

interface Pending {
  readonly code: DiagnosticCode;
  readonly spot: ProblemSpot;
  readonly text: string;
  readonly jails: string[];
  readonly data?: DiagnosticData;
  readonly severity: Severity;
}

export function jailList(names: readonly string[]): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more jails`;
}

export class Reporter {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly lines: (file: string) => LineIndex | undefined,
    private readonly downgrade: ReadonlySet<DiagnosticCode> = new Set(),
  ) {}

  /** A problem with a message of its own (no jail name in front). */
  add(code: DiagnosticCode, spot: ProblemSpot, message: string, data?: DiagnosticData): void {
    this.push(code, spot, message, undefined, data);
  }

  /** A problem of one jail; FreeBSD writes these as `NAME: message`. */
  addForJail(code: DiagnosticCode, jail: string, spot: ProblemSpot, text: string, data?: DiagnosticData): void {
    this.push(code, spot, text, jail, data);
  }

  private push(code: DiagnosticCode, spot: ProblemSpot, text: string, jail: string | undefined, data: DiagnosticData | undefined): void {
    const key = `${code}\u0000${spot.file}\u0000${spot.start}\u0000${spot.end}\u0000${text}`;
    const known = this.pending.get(key);
    if (known) {
      if (jail !== undefined && !known.jails.includes(jail)) known.jails.push(jail);
      return;
    }
    const severity = this.downgrade.has(code) ? lower[severityOf(code)] : severityOf(code);
    this.pending.set(key, { code, spot, text, jails: jail === undefined ? [] : [jail], data, severity });
  }

  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const p of this.pending.values()) {
      const lines = this.lines(p.spot.file);
      if (!lines) continue;
      const message = p.jails.length ? `${jailList(p.jails)}: ${p.text}` : p.text;
      out.push({ code: p.code, severity: p.severity, message, file: p.spot.file, range: lines.rangeOf(p.spot), start: p.spot.start, end: p.spot.end, data: p.data });
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.end - b.end));
  }
}
