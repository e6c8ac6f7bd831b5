/**
 * ZFS properties of the simulated datasets: values (human-readable like zfs_nicenum, or exact with -p),
 * sources (local, inherited, default, "-") and the dates zfs prints.
 */
import { Dataset } from './host/zfsState';

export const POOL_SIZE = 20937965568;

/** zfs_nicenum: 1024-based with one suffix letter, exact multiples without decimals, at most 5 characters. */
export function niceNumber(value: number): string {
  const suffixes = ['B', 'K', 'M', 'G', 'T', 'P'];
  let index = 0;
  while (value >= 1024 ** (index + 1) && index < suffixes.length - 1) index++;
  if (index === 0) return `${value}B`;
  const scaled = value / 1024 ** index;
  if (value % 1024 ** index === 0) return `${scaled}${suffixes[index]}`;
  for (const precision of [2, 1, 0]) {
    const text = `${scaled.toFixed(precision)}${suffixes[index]}`;
    if (text.length <= 5) return text;
  }
  return `${Math.round(scaled)}${suffixes[index]}`;
}

/** ctime-like date of `zfs get creation`: "Sat Nov 29  4:22 2025". */
export function zfsDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = `${String(date.getUTCHours()).padStart(2, ' ')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${day} ${time} ${date.getUTCFullYear()}`;
}

/** Inheritable properties and their defaults; the installer sets compression and atime on the pool root. */
const INHERITABLE: Record<string, string> = { compression: 'off', atime: 'on', readonly: 'off', recordsize: '128K', checksum: 'on', exec: 'on', setuid: 'on' };
const INSTALLER_SETTINGS: Record<string, Record<string, string>> = { zroot: { compression: 'lz4', atime: 'off' } };
const NON_INHERITED_DEFAULTS: Record<string, string> = { canmount: 'on', quota: 'none', reservation: 'none', jailed: 'off' };

export const ALL_PROPERTIES = ['type', 'creation', 'used', 'available', 'referenced', 'compressratio', 'mounted', 'origin', 'quota',
  'reservation', 'recordsize', 'mountpoint', 'checksum', 'compression', 'atime', 'exec', 'setuid', 'readonly', 'jailed', 'canmount'];

export interface PropertyValue { value: string; source: string }

function parentName(name: string): string | undefined {
  const base = name.split('@')[0];
  if (name.includes('@')) return base;
  const slash = base.lastIndexOf('/');
  return slash < 0 ? undefined : base.slice(0, slash);
}

export function available(datasets: Dataset[]): number {
  const used = datasets.filter((dataset) => dataset.type === 'filesystem').reduce((sum, dataset) => sum + dataset.used, 0);
  return POOL_SIZE - used - 1073741824;
}

export function propertyOf(dataset: Dataset, property: string, datasets: Dataset[], exact: boolean): PropertyValue | undefined {
  const size = (value: number) => (exact ? String(value) : niceNumber(value));
  const snapshot = dataset.type === 'snapshot';
  switch (property) {
    case 'name': return { value: dataset.name, source: '-' };
    case 'type': return { value: dataset.type, source: '-' };
    case 'creation': return { value: exact ? String(dataset.creation) : zfsDate(dataset.creation), source: '-' };
    case 'used': return { value: size(snapshot ? 0 : dataset.used), source: '-' };
    case 'available': case 'avail': return { value: snapshot ? '-' : size(available(datasets)), source: '-' };
    case 'referenced': case 'refer': return { value: size(dataset.referenced), source: '-' };
    case 'compressratio': return { value: exact ? '1.00' : '1.00x', source: '-' };
    case 'mounted': return { value: snapshot ? '-' : dataset.mounted ? 'yes' : 'no', source: '-' };
    case 'origin': return { value: dataset.origin, source: '-' };
    case 'mountpoint': {
      if (snapshot) return { value: '-', source: '-' };
      return { value: dataset.mountpoint, source: dataset.properties.mountpoint !== undefined || !parentName(dataset.name) ? 'local' : `inherited from ${parentName(dataset.name)}` };
    }
    default: break;
  }
  if (dataset.properties[property] !== undefined) return { value: dataset.properties[property], source: 'local' };
  if (INSTALLER_SETTINGS[dataset.name]?.[property] !== undefined) return { value: INSTALLER_SETTINGS[dataset.name][property], source: 'local' };
  if (property in NON_INHERITED_DEFAULTS) return { value: snapshot ? '-' : NON_INHERITED_DEFAULTS[property], source: snapshot ? '-' : 'default' };
  if (!(property in INHERITABLE)) return undefined;
  for (let ancestor = parentName(dataset.name); ancestor; ancestor = parentName(ancestor)) {
    const holder = datasets.find((candidate) => candidate.name === ancestor);
    const value = holder?.properties[property] ?? INSTALLER_SETTINGS[ancestor]?.[property];
    if (value !== undefined) return { value, source: `inherited from ${ancestor}` };
  }
  return { value: INHERITABLE[property], source: 'default' };
}
