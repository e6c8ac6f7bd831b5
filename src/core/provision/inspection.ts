/**
 * What a create needs to know of the host, in one exec round trip: every jail (running and configured, by the
 * inventory's own sections), the addresses in use, whether pkg and the address interface exist, where the
 * throwaway root lives (a ZFS dataset or a directory), and which releases, templates and markers are there.
 */
import { inventorySections, parseInventory } from '../hosts/inventory';
import type { HostCapabilities } from '../hosts/probe';
import { buildSectionedScript, Section, splitSections } from '../freebsd/sectionedScript';
import { bareAddress } from './addressPool';
import { q } from './hostScript';
import { Layout, Storage } from './layout';
import { parseMarkers, ThrowawayMarker } from './marker';
import type { ProvisionSettings } from './settings';

export interface HostInspection {
  /** uname -m and uname -p: the two parts of a release's path on the mirror (amd64/amd64, arm64/aarch64). */
  machine: string;
  machineArch: string;
  pkgBootstrapped: boolean;
  interfaceExists: boolean;
  layout: Layout;
  /** The ZFS dataset mounted at the root exists already (else the first release creates it). */
  rootDatasetExists: boolean;
  /** Finished releases and templates (ZFS: those with their @base / @ready snapshot). */
  releases: string[];
  templates: string[];
  markers: ThrowawayMarker[];
  /** Every IPv4 address a jail (running or configured) or the host itself holds, or a reservation. */
  usedAddresses: string[];
  /** Names of every jail on the host, running or configured, ours included. */
  takenNames: string[];
}

function ownSections(settings: ProvisionSettings): Section[] {
  const root = q(settings.root);
  return [
    { name: 'machine', script: 'uname -m; uname -p' },
    { name: 'pkg', script: 'pkg -N >/dev/null 2>&1 && echo yes || echo no' },
    { name: 'interface', script: `ifconfig ${q(settings.interfaceName)} >/dev/null 2>&1 && echo yes || echo no` },
    { name: 'host-addresses', script: "ifconfig -a inet | awk '$1 == \"inet\" { print $2 }'" },
    { name: 'filesystems', script: 'zfs list -H -o name,mountpoint -t filesystem 2>/dev/null || true' },
    {
      name: 'snapshots',
      script: `ds=$(zfs list -H -o name,mountpoint -t filesystem 2>/dev/null | awk -v r=${root} '$2 == r { print $1 }')\n[ -z "$ds" ] || zfs list -H -o name -t snapshot -r "$ds"`,
    },
    { name: 'root-entries', script: `[ -d ${root} ] && ls -A ${root} || true` },
    { name: 'directories', script: `for d in ${root}/releases/* ${root}/templates/*; do [ -d "$d" ] && echo "$d"; done; true` },
    { name: 'markers', script: `for f in ${root}/conf/*.json; do [ -f "$f" ] && { cat "$f"; echo; }; done; true` },
    { name: 'reservations', script: `ls ${root}/addresses 2>/dev/null || true` },
  ];
}

export function inspectionScript(capabilities: HostCapabilities, settings: ProvisionSettings, nonce: string): string {
  return buildSectionedScript([...inventorySections(capabilities, nonce, { throwawayRoot: settings.root }), ...ownSections(settings)], nonce);
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * A dataset for a root that has none yet: named after the root's last directory, and never one that
 * exists already (mounted elsewhere, it belongs to another root or to someone else).
 */
function newDatasetName(pool: string, root: string, existing: Set<string>): string {
  const base = `${pool}/${root.slice(root.lastIndexOf('/') + 1)}`;
  let name = base;
  for (let n = 2; existing.has(name); n++) name = `${base}-${n}`;
  return name;
}

function chooseStorage(capabilities: HostCapabilities, settings: ProvisionSettings, filesystems: string[][], rootEntries: string[]): Storage {
  const rootDataset = filesystems.find(([, mountpoint]) => mountpoint === settings.root)?.[0];
  if (rootDataset) return { kind: 'zfs', dataset: rootDataset };
  const pool = capabilities.zfsPools[0];
  if (settings.storage === 'directory' || !pool) {
    if (settings.storage === 'zfs') throw new Error('the jails.throwaway.storage setting asks for ZFS, but this host has no ZFS pool');
    return { kind: 'directory' };
  }
  // A root already filled by directory-mode jails is kept as it is: a dataset mounted over it would hide them.
  if (settings.storage === 'auto' && rootEntries.length > 0) return { kind: 'directory' };
  return { kind: 'zfs', dataset: newDatasetName(pool, settings.root, new Set(filesystems.map(([name]) => name))) };
}

export function parseInspection(stdout: string, capabilities: HostCapabilities, settings: ProvisionSettings, nonce: string): HostInspection {
  const names = ownSections(settings).map((s) => s.name);
  const results = splitSections(stdout, nonce, names);
  const out = (name: string) => results.get(name)?.output ?? '';
  const inventory = parseInventory(stdout, capabilities, nonce, { throwawayRoot: settings.root });
  const filesystems = lines(out('filesystems')).map((line) => line.split('\t'));
  const rootDataset = filesystems.find(([, mountpoint]) => mountpoint === settings.root)?.[0];
  const layout = new Layout(settings, chooseStorage(capabilities, settings, filesystems, lines(out('root-entries'))));
  let releases: string[];
  let templates: string[];
  if (layout.storage.kind === 'zfs') {
    const snapshots = lines(out('snapshots'));
    const ready = (prefix: string, snapshot: string) =>
      snapshots.filter((s) => s.startsWith(prefix) && s.endsWith(`@${snapshot}`)).map((s) => s.slice(prefix.length, -(snapshot.length + 1)));
    releases = ready(`${layout.storage.dataset}/releases/`, 'base');
    templates = ready(`${layout.storage.dataset}/templates/`, 'ready');
  } else {
    const directories = lines(out('directories'));
    const under = (dir: string) => directories.filter((d) => d.startsWith(`${dir}/`)).map((d) => d.slice(dir.length + 1)).filter((d) => !d.startsWith('.'));
    releases = under(`${settings.root}/releases`);
    templates = under(`${settings.root}/templates`);
  }
  const markers = parseMarkers(out('markers'));
  const usedAddresses = new Set<string>([...lines(out('host-addresses')), ...lines(out('reservations')), ...markers.map((m) => m.address)]);
  for (const jail of inventory.jails) {
    for (const address of jail.running?.ip4 ?? []) usedAddresses.add(bareAddress(address));
    const configured = jail.config?.parameters['ip4.addr'];
    if (typeof configured === 'string') for (const address of configured.split(',')) usedAddresses.add(bareAddress(address));
  }
  return {
    machine: lines(out('machine'))[0] ?? 'amd64',
    machineArch: lines(out('machine'))[1] ?? lines(out('machine'))[0] ?? 'amd64',
    pkgBootstrapped: lines(out('pkg'))[0] === 'yes',
    interfaceExists: lines(out('interface'))[0] === 'yes',
    layout,
    rootDatasetExists: rootDataset !== undefined,
    releases,
    templates,
    markers,
    usedAddresses: [...usedAddresses].filter((a) => a !== ''),
    takenNames: [...new Set([...inventory.jails.map((j) => j.name), ...markers.map((m) => m.name)])],
  };
}
