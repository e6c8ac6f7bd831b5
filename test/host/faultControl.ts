/**
 * The harness side of fault injection: writes the instance's "faults" state document that the simulated
 * tools consult (tools/runtime/faults.ts), so a test can make any step of a provisioning run fail the way
 * FreeBSD would.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR } from './hostConfig';
import { DISK_FULL_MARKER, FAULTS_DOCUMENT, FaultRule, FaultState } from './tools/runtime/faults';

export type { FaultRule } from './tools/runtime/faults';

/** Where jail managers keep jails (the throwaway root is under it): the disk-full switch's default. */
export const JAILS_ROOT = '/usr/local/jails';

export interface FaultControl {
  /** The next runs of `rule.command` whose arguments match fail as the rule says (all of them unless `times`). */
  injectFault(rule: FaultRule): void;
  /** Removes every rule and turns the disk-full switch off. */
  clearFaults(): void;
  /** Writes under `path` (a path in the host's tree) fail with "No space left on device" while on. */
  setDiskFull(full: boolean, path?: string): void;
}

export function faultControl(rootDir: string): FaultControl {
  const file = join(rootDir, STATE_DIR, `${FAULTS_DOCUMENT}.json`);
  const read = (): FaultState => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as FaultState : { rules: [], fullPaths: [] });
  const write = (state: FaultState) => {
    writeFileSync(`${file}.harness`, JSON.stringify(state, null, 1));
    renameSync(`${file}.harness`, file);
    const marker = join(rootDir, STATE_DIR, DISK_FULL_MARKER);
    if (state.fullPaths.length > 0) writeFileSync(marker, state.fullPaths.join('\n'));
    else rmSync(marker, { force: true });
  };
  return {
    injectFault: (rule) => write({ ...read(), rules: [...read().rules, rule] }),
    clearFaults: () => write({ rules: [], fullPaths: [] }),
    setDiskFull(full, path = JAILS_ROOT) {
      const state = read();
      const others = state.fullPaths.filter((candidate) => candidate !== path);
      write({ ...state, fullPaths: full ? [...others, path] : others });
    },
  };
}
