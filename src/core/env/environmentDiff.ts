/**
 * What Up has to do: the difference between the environment as the file wants it and the jail as its
 * marker on the host records it. Some differences are applied in place (packages, php.ini, rc.conf, web
 * server snippets, new provisioning commands, ports: the first is the web server's port, the others are
 * only tunnelled); others change what the jail was built from (its
 * release, stack or PHP version, or provisioning commands that already ran) and need a new jail.
 */
import { stackServesWeb } from '../provision/stacks';
import type { ThrowawaySpec } from '../provision/throwawaySpec';

/** The web server's port in a jail whose `ports` list is empty. */
const defaultWebPort = 80;

export type InPlaceChange =
  | { kind: 'packages'; add: string[]; remove: string[] }
  | { kind: 'phpExtensions'; add: string[]; remove: string[] }
  | { kind: 'phpIni'; settings: ThrowawaySpec['phpIni']; changed: string[] }
  | { kind: 'sysrc'; set: Record<string, string>; unset: string[] }
  | { kind: 'webServerSnippets'; snippets: string[] }
  | { kind: 'provision'; commands: string[] }
  /** `webPort` when the first port, the web server's, changed (the stack has one). */
  | { kind: 'ports'; ports: number[]; webPort?: { from: number; to: number } };

export type EnvironmentDiff =
  | { kind: 'absent' }
  | { kind: 'unchanged' }
  | { kind: 'update'; changes: InPlaceChange[] }
  | { kind: 'recreate'; reasons: string[] };

function without<T>(items: readonly T[], others: readonly T[]): T[] {
  return items.filter((item) => !others.includes(item));
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** `14.3-RELEASE` asks for any patch level of it; an absent release asks for the host's, whatever it was. */
function releaseMatches(wanted: string | undefined, actual: string | undefined): boolean {
  if (wanted === undefined || actual === undefined) return true;
  return wanted === actual || (!/-p\d+$/.test(wanted) && actual.replace(/-p\d+$/, '') === wanted);
}

function recreateReasons(wanted: ThrowawaySpec, actual: ThrowawaySpec): string[] {
  const reasons: string[] = [];
  if (!releaseMatches(wanted.release, actual.release)) reasons.push(`the release changed from ${actual.release} to ${wanted.release}`);
  if (wanted.stack !== actual.stack) reasons.push(`the stack changed from ${actual.stack} to ${wanted.stack}`);
  else if ((wanted.php ?? '') !== (actual.php ?? '')) reasons.push(`PHP changed from ${actual.php ?? 'none'} to ${wanted.php ?? 'none'}`);
  const ran = actual.provision;
  if (!sameList(wanted.provision.slice(0, ran.length), ran)) {
    reasons.push('provisioning commands that already ran were changed or removed (they cannot be undone)');
  }
  return reasons;
}

function phpIniChanges(wanted: ThrowawaySpec['phpIni'], actual: ThrowawaySpec['phpIni']): string[] {
  const keys = new Set([...Object.keys(wanted), ...Object.keys(actual)]);
  return [...keys].filter((key) => wanted[key] !== actual[key]).sort();
}

function sysrcChanges(wanted: Record<string, string>, actual: Record<string, string>): { set: Record<string, string>; unset: string[] } {
  const set = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => actual[key] !== value));
  const unset = Object.keys(actual).filter((key) => !(key in wanted)).sort();
  return { set, unset };
}

function inPlaceChanges(wanted: ThrowawaySpec, actual: ThrowawaySpec): InPlaceChange[] {
  const changes: InPlaceChange[] = [];
  const packages = { add: without(wanted.packages, actual.packages), remove: without(actual.packages, wanted.packages) };
  if (packages.add.length || packages.remove.length) changes.push({ kind: 'packages', ...packages });
  const extensions = { add: without(wanted.phpExtensions, actual.phpExtensions), remove: without(actual.phpExtensions, wanted.phpExtensions) };
  if (extensions.add.length || extensions.remove.length) changes.push({ kind: 'phpExtensions', ...extensions });
  const changed = phpIniChanges(wanted.phpIni, actual.phpIni);
  if (changed.length) changes.push({ kind: 'phpIni', settings: { ...wanted.phpIni }, changed });
  const sysrc = sysrcChanges(wanted.sysrc, actual.sysrc);
  if (Object.keys(sysrc.set).length || sysrc.unset.length) changes.push({ kind: 'sysrc', ...sysrc });
  if (!sameList(wanted.webServerSnippets, actual.webServerSnippets)) changes.push({ kind: 'webServerSnippets', snippets: [...wanted.webServerSnippets] });
  const newCommands = wanted.provision.slice(actual.provision.length);
  if (newCommands.length) changes.push({ kind: 'provision', commands: newCommands });
  if (!sameList(wanted.ports, actual.ports)) {
    const webPort = { from: actual.ports[0] ?? defaultWebPort, to: wanted.ports[0] ?? defaultWebPort };
    changes.push({ kind: 'ports', ports: [...wanted.ports], ...(stackServesWeb(wanted.stack) && webPort.from !== webPort.to ? { webPort } : {}) });
  }
  return changes;
}

export interface DiffOptions {
  /**
   * False for a thin jail: its /usr/local programs and libraries are the template's, mounted read-only, so
   * packages can only change with a new jail on a template that has them.
   */
  packagesInPlace: boolean;
}

/** `actual` is what the jail records it was made with, or undefined when the host has no such jail. */
export function diffEnvironment(wanted: ThrowawaySpec, actual: ThrowawaySpec | undefined, options: DiffOptions = { packagesInPlace: true }): EnvironmentDiff {
  if (!actual) return { kind: 'absent' };
  const reasons = recreateReasons(wanted, actual);
  const changes = inPlaceChanges(wanted, actual);
  if (!options.packagesInPlace && changes.some((c) => c.kind === 'packages' || c.kind === 'phpExtensions')) {
    reasons.push('packages or PHP extensions changed, and this thin jail shares its read-only programs with its template');
  }
  if (reasons.length) return { kind: 'recreate', reasons };
  return changes.length ? { kind: 'update', changes } : { kind: 'unchanged' };
}

function describeChange(change: InPlaceChange): string {
  const list = (items: string[]) => items.join(', ');
  switch (change.kind) {
    case 'packages':
    case 'phpExtensions': {
      const what = change.kind === 'packages' ? 'packages' : 'PHP extensions';
      return [change.add.length ? `install ${what} ${list(change.add)}` : '', change.remove.length ? `remove ${what} ${list(change.remove)}` : '']
        .filter(Boolean).join('; ');
    }
    case 'phpIni':
      return `set php.ini ${list(change.changed)}`;
    case 'sysrc':
      return [Object.keys(change.set).length ? `set rc.conf ${list(Object.keys(change.set))}` : '', change.unset.length ? `remove rc.conf ${list(change.unset)}` : '']
        .filter(Boolean).join('; ');
    case 'webServerSnippets':
      return 'rewrite the web server snippets';
    case 'provision':
      return `run ${change.commands.length} new provisioning command${change.commands.length === 1 ? '' : 's'}`;
    case 'ports':
      return [change.webPort ? `move the web server from port ${change.webPort.from} to ${change.webPort.to}` : '',
        change.ports.length ? `tunnel ports ${change.ports.join(', ')}` : 'no tunnels'].filter(Boolean).join('; ');
  }
}

/** One sentence for a notification or the command line. */
export function describeDiff(diff: EnvironmentDiff, jailName: string): string {
  switch (diff.kind) {
    case 'absent':
      return `${jailName} does not exist yet: it will be created`;
    case 'unchanged':
      return `${jailName} is up to date`;
    case 'update':
      return `${jailName}: ${diff.changes.map(describeChange).join('; ')}`;
    case 'recreate':
      return `${jailName} must be re-created: ${diff.reasons.join('; ')}. Run Down, then Up`;
  }
}
