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
  /** jail(8) knows -e (absent from files written before the option existed here: true). */
  jailConfigDump?: boolean;
  zpool: string;
}

/** __FreeBSD_version of releases whose value is not simply MAJOR*100000 + MINOR*1000. */
const RELEASE_OSRELDATES: Record<string, number> = {
  '11.1': 1101001, '12.0': 1200086, '13.0': 1300139, '13.2': 1302001, '14.0': 1400097, '15.0': 1500068,
};

/** kern.osreldate of a release name: 14.3-RELEASE-p2 → 1403000, 11.1-RELEASE → 1101001. */
export function osreldateOf(release: string): number {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (!match) throw new Error(`not a FreeBSD release name: ${release}`);
  return RELEASE_OSRELDATES[`${match[1]}.${match[2]}`] ?? Number(match[1]) * 100000 + Number(match[2]) * 1000;
}

export const HOST_CONFIG_PATH = '/.simulator/host.json';
export const STATE_DIR = '/.simulator/state';
