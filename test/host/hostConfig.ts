/**
 * The facts the simulated tools read at run time (/.simulator/host.json inside the tree), derived from a
 * Scenario. Shared by the tree builder and the tools bundle.
 */

export interface HostConfig {
  hostName: string;
  release: string;
  osreldate: number;
  machine: string;
  zfs: boolean;
  vimage: boolean;
  libxoVersion: '1' | '2' | '3';
  linuxHost: boolean;
  zpool: string;
}

/** kern.osreldate of a release name: 14.3-RELEASE-p2 → 1403000. */
export function osreldateOf(release: string): number {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (!match) throw new Error(`not a FreeBSD release name: ${release}`);
  return Number(match[1]) * 100000 + Number(match[2]) * 1000;
}

export const HOST_CONFIG_PATH = '/.simulator/host.json';
export const STATE_DIR = '/.simulator/state';
