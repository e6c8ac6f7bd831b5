/**
 * The simulated pool's datasets (filesystems and snapshots). A filesystem's data is the directory at its
 * mountpoint in the tree; a snapshot's data is a copy kept under /.simulator/zfs-snapshots.
 */
import { readState, writeState } from '../runtime/stateStore';

export interface Dataset {
  name: string;
  type: 'filesystem' | 'snapshot';
  /** Absolute path, "none" or "legacy"; snapshots use "-". */
  mountpoint: string;
  mounted: boolean;
  /** Snapshot a clone was made from, or "-". */
  origin: string;
  /** Seconds since the epoch. */
  creation: number;
  used: number;
  referenced: number;
  /** Locally set properties (compression, atime, canmount...). */
  properties: Record<string, string>;
  /** A snapshot's GUID (decimal), which incremental streams name their source by. */
  guid?: string;
}

const DOCUMENT = 'zfs';
export const SNAPSHOT_STORE = '/.simulator/zfs-snapshots';

export function readDatasets(): Dataset[] {
  return readState<Dataset[]>(DOCUMENT, () => []);
}

export function writeDatasets(datasets: Dataset[]): void {
  datasets.sort((a, b) => sortKey(a.name).localeCompare(sortKey(b.name)));
  writeState(DOCUMENT, datasets);
}

/** zfs list order: a filesystem, then its snapshots in creation order (kept by the stable sort), then its children. */
function sortKey(name: string): string {
  const [path, snapshot] = name.split('@');
  return snapshot === undefined ? `${path}\u0001` : `${path}\u0000`;
}

export function filesystem(name: string, mountpoint: string, creation: number, properties: Record<string, string> = {}): Dataset {
  const mounted = mountpoint.startsWith('/') && properties.canmount !== 'off';
  return { name, type: 'filesystem', mountpoint, mounted, origin: '-', creation, used: 98304, referenced: 98304, properties };
}

/** Marks a mountpoint as set locally where it is not the one inherited from the parent (as zfs get shows). */
export function withMountpointSources(datasets: Dataset[]): Dataset[] {
  for (const dataset of datasets) {
    const slash = dataset.name.lastIndexOf('/');
    const parent = datasets.find((candidate) => candidate.name === dataset.name.slice(0, slash));
    const inherited = parent?.mountpoint.startsWith('/') ? `${parent.mountpoint === '/' ? '' : parent.mountpoint}/${dataset.name.slice(slash + 1)}` : undefined;
    if (dataset.mountpoint !== inherited) dataset.properties.mountpoint = dataset.mountpoint;
  }
  return datasets;
}

/** The datasets of a fresh FreeBSD ZFS install (bsdinstall's layout) plus the Handbook's jail datasets. */
export function installedDatasets(creation: number): Dataset[] {
  return [
    filesystem('zroot', '/zroot', creation, {}),
    filesystem('zroot/ROOT', 'none', creation),
    filesystem('zroot/ROOT/default', '/', creation),
    filesystem('zroot/home', '/home', creation),
    filesystem('zroot/tmp', '/tmp', creation),
    filesystem('zroot/usr', '/usr', creation, { canmount: 'off' }),
    filesystem('zroot/usr/ports', '/usr/ports', creation),
    filesystem('zroot/usr/src', '/usr/src', creation),
    filesystem('zroot/var', '/var', creation, { canmount: 'off' }),
    filesystem('zroot/var/log', '/var/log', creation),
    filesystem('zroot/var/tmp', '/var/tmp', creation),
    filesystem('zroot/jails', '/usr/local/jails', creation),
    filesystem('zroot/jails/containers', '/usr/local/jails/containers', creation),
    filesystem('zroot/jails/media', '/usr/local/jails/media', creation),
    filesystem('zroot/jails/templates', '/usr/local/jails/templates', creation),
  ];
}
