/**
 * The Linux links behind the simulated host's epair and bridge interfaces and behind VNET jails' own
 * interfaces. The host's cloned interfaces live in the instance's network namespace (the host's stack, shared
 * by sshd, the host's processes and the jails without VNET); a VNET jail's live in its holder's network
 * namespace. Interfaces move between them as FreeBSD's do with `ifconfig IF vnet JAIL`.
 */
import { spawnSync } from 'node:child_process';
import { holderInView, isWithin, KernelJail } from '../kernel/jailTable';
import { NAMESPACE_TOOL } from '../kernel/jailProcesses';
import { InterfaceError, NetworkInterface, readInterfaces, withFlags, writeInterfaces } from './interfaces';

/** Where a link operation runs: in this process's own network namespace, or in the one of a process. */
export type NetworkPlace = 'self' | number;

/** The jid whose network stack `jail` uses (its own when vnet=new, else its parent's), 0 for the host's. */
export function vnetOf(jail: KernelJail | undefined, jails: KernelJail[]): number {
  for (let current = jail; current; current = jails.find((candidate) => candidate.jid === current?.params.parent)) {
    if (current.params.vnet === 'new') return current.jid;
  }
  return 0;
}

/** The place of the network stack `vnet` (a jid, 0 = host) for a caller inside `prison`. */
export function placeOf(vnet: number, prison: KernelJail | undefined, jails: KernelJail[]): NetworkPlace {
  if (vnet === vnetOf(prison, jails)) return 'self';
  const jail = jails.find((candidate) => candidate.jid === vnet);
  const holder = jail && isWithin(jail, prison, jails) ? holderInView(jail, prison) : undefined;
  if (holder === undefined) throw new InterfaceError(`jail ${vnet} not found`);
  return holder;
}

/** A process in `place` that another place may name when moving a link there. */
export function placePid(place: NetworkPlace): number {
  return place === 'self' ? process.pid : place;
}

/** Runs busybox's ip in `place`; returns its output, or throws with its message. */
export function ip(place: NetworkPlace, args: string[]): string {
  const argv = place === 'self' ? ['ip', ...args] : ['nsenter', '-t', String(place), '-n', '--', NAMESPACE_TOOL, 'ip', ...args];
  const result = spawnSync(NAMESPACE_TOOL, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new InterfaceError((result.stderr || `ip ${args.join(' ')} failed`).trim().replace(/^ip: /, ''));
  return result.stdout;
}

/** Creates a veth pair named `a`/`b` (busybox's ip names the peer itself, so it is renamed). */
export function createVethPair(place: NetworkPlace, a: string, b: string): void {
  ip(place, ['link', 'add', a, 'type', 'veth']);
  const peer = new RegExp(`^\\d+: ([^@:]+)@${a}:`, 'm').exec(ip(place, ['link', 'show']))?.[1];
  if (peer === undefined) throw new InterfaceError(`no peer for ${a}`);
  ip(place, ['link', 'set', peer, 'name', b]);
}

/** Prefix length of a dotted netmask. */
export function prefixLength(mask: string): number {
  return mask.split('.').reduce((bits, octet) => bits + Number(octet).toString(2).replace(/0/g, '').length, 0);
}

/** The loopback a new VNET jail starts with: down and without an address until its rc configures it. */
export function addJailLoopback(jid: number): void {
  const loopback: NetworkInterface = { name: 'lo0', flags: '8008<LOOPBACK,MULTICAST>', mtu: 16384,
    options: '680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>', addresses: [], groups: ['lo'], vnet: jid };
  writeInterfaces([...readInterfaces(), loopback]);
}

/**
 * A VNET jail being removed gives its interfaces back to its parent's stack, as FreeBSD does when a vnet
 * is destroyed (they come back down and without addresses); its own lo0 goes away. Call with the state
 * lock held, before the jail's holder ends.
 */
export function reclaimJailInterfaces(jail: KernelJail, jails: KernelJail[], prison: KernelJail | undefined): void {
  const interfaces = readInterfaces();
  if (!interfaces.some((candidate) => candidate.vnet === jail.jid)) return;
  const home = vnetOf(jails.find((candidate) => candidate.jid === jail.params.parent), jails);
  const holder = holderInView(jail, prison);
  for (const moved of interfaces.filter((candidate) => candidate.vnet === jail.jid && candidate.linked)) {
    if (holder !== undefined) ip(holder, ['link', 'set', moved.name, 'netns', String(placePid(placeOf(home, prison, jails)))]);
    Object.assign(moved, { vnet: home === 0 ? undefined : home, addresses: [], flags: withFlags(moved.flags, [], ['UP', 'PROMISC']) });
  }
  writeInterfaces(interfaces.filter((candidate) => candidate.vnet !== jail.jid));
}
