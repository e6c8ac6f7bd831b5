/**
 * The releases the mirror offers for a host's architecture, read on the host itself (the host is the one
 * that fetches base.txz, so what it can reach is what counts): `fetch -o - MIRROR/<machine>/<arch>/`, whose
 * answer on download.freebsd.org is nginx's HTML directory index, one `<a href="14.3-RELEASE/">` line per
 * release directory beside others (ISO-IMAGES/, ../). When the host cannot reach the mirror, the wizard
 * falls back to a fixed list and says so.
 */
import type { RemoteCommand } from '../ssh/remoteCommand';

/** Offered when the mirror cannot be read: the releases supported at the time of writing. */
export const fallbackReleases = ['15.0-RELEASE', '14.3-RELEASE', '14.2-RELEASE', '13.5-RELEASE'];

export type MirrorReleases =
  | { ok: true; url: string; releases: string[] }
  | { ok: false; url: string; message: string };

/** Seconds fetch(1) waits for the mirror (`-T`): a host without a route to it answers quickly anyway. */
const fetchTimeoutSeconds = 20;

/** The directory that holds one subdirectory per release, as templateSteps fetches from it. */
export function releaseIndexUrl(mirror: string, machine: string, machineArch: string): string {
  return `${mirror.replace(/\/+$/, '')}/${machine}/${machineArch}/`;
}

const stages = ['RELEASE', 'RC', 'BETA', 'ALPHA'];

function sortKey(release: string): number[] {
  const m = /^(\d+)\.(\d+)-(RELEASE|RC|BETA|ALPHA)(\d*)$/.exec(release);
  if (!m) return [0, 0, 0, 0];
  return [Number(m[1]), Number(m[2]), stages.length - stages.indexOf(m[3]), Number(m[4] || 0)];
}

function newestFirst(a: string, b: string): number {
  const [x, y] = [sortKey(a), sortKey(b)];
  const differing = x.findIndex((value, i) => value !== y[i]);
  return differing < 0 ? 0 : y[differing] - x[differing];
}

/**
 * The release directories of an index page, newest first: links to `N.N-RELEASE/` (and to RC, BETA and
 * ALPHA directories while a release is being made); other links and anything outside `<a href>` are not
 * releases.
 */
export function parseReleaseIndex(html: string): string[] {
  const releases = new Set<string>();
  for (const m of html.matchAll(/<a\s+href="(?:\.\/)?(\d+\.\d+-(?:RELEASE|RC\d+|BETA\d+|ALPHA\d+))\/"/gi)) releases.add(m[1].toUpperCase());
  return [...releases].sort(newestFirst);
}

/** Reading the index on the host: fetch(1) writes the page to standard output, its errors to standard error. */
export function releaseIndexCommand(url: string): RemoteCommand<MirrorReleases> {
  return {
    argv: ['fetch', '-q', '-T', String(fetchTimeoutSeconds), '-o', '-', url],
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) return { ok: false, url, message: stderr.trim().split('\n').slice(-3).join('\n') || `fetch exited with status ${exitCode}` };
      const releases = parseReleaseIndex(stdout);
      return releases.length > 0 ? { ok: true, url, releases } : { ok: false, url, message: 'the page lists no release directories' };
    },
  };
}
