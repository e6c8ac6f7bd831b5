/** What one jail(8) run carries while it works on a jail: the spec, its messages and its verbosity. */
import { JailSpec } from './jailSpec';

export interface JailRun {
  spec: JailSpec;
  /** -1 with -q or -i, 0 normally, 1 with -v. */
  verbose: number;
  /** The jid once created (or found running). */
  jid?: number;
}

/** jail_warnx: "jail: NAME: message" (or without NAME for an unnamed command-line jail). */
export function warn(run: JailRun, message: string): void {
  process.stderr.write(`jail: ${run.spec.label !== undefined ? `${run.spec.label}: ` : ''}${message}\n`);
}

/** jail_note: "NAME: message" on stdout. */
export function note(run: JailRun, message: string): void {
  process.stdout.write(`${run.spec.label !== undefined ? `${run.spec.label}: ` : ''}${message}\n`);
}

export class StepFailed extends Error {}
