/**
 * The simulated host's network interfaces: em0 (the Handbook's NIC), lo0 and the cloned lo1 that jail addresses live on,
 * cloned epair and bridge interfaces, and the interfaces of VNET jails. Aliases on em0 and lo* are bookkeeping only
 * (every 127/8 address already reaches this machine's loopback); interfaces marked `linked` are real Linux links
 * (vnetLinks.ts) that carry traffic between the host's network namespace and its VNET jails'.
 */
import { readState, writeState } from '../runtime/stateStore';

export interface InterfaceAddress {
  family: 'inet' | 'inet6';
  address: string;
  /** inet: dotted netmask; inet6: prefix length. */
  mask: string;
}

export interface NetworkInterface {
  name: string;
  flags: string;
  mtu: number;
  options: string;
  ether?: string;
  addresses: InterfaceAddress[];
  groups: string[];
  description?: string;
  /** Bridge members, newest first (as ifconfig lists them). */
  members?: string[];
  /** The jid of the VNET jail the interface is in; absent on the host. */
  vnet?: number;
  /** Backed by a Linux link of the same name in its network namespace. */
  linked?: boolean;
}

/** if.h's interface flags by bit, in the order ifconfig prints them. */
const FLAG_BITS: Array<[string, number]> = [
  ['UP', 0x1], ['BROADCAST', 0x2], ['DEBUG', 0x4], ['LOOPBACK', 0x8], ['POINTOPOINT', 0x10], ['RUNNING', 0x40],
  ['NOARP', 0x80], ['PROMISC', 0x100], ['ALLMULTI', 0x200], ['SIMPLEX', 0x800], ['MULTICAST', 0x8000], ['LOWER_UP', 0x1000000],
];

/** "8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>" from flag names. */
export function flagsText(names: string[]): string {
  const present = FLAG_BITS.filter(([name]) => names.includes(name));
  return `${present.reduce((value, [, bit]) => value + bit, 0).toString(16)}<${present.map(([name]) => name).join(',')}>`;
}

export function flagNames(text: string): string[] {
  return /<(.*)>/.exec(text)?.[1].split(',').filter(Boolean) ?? [];
}

/** The same flags with some set and some cleared. */
export function withFlags(text: string, set: string[], clear: string[] = []): string {
  return flagsText([...flagNames(text).filter((name) => !clear.includes(name)), ...set]);
}

const DOCUMENT = 'interfaces';

export function initialInterfaces(): NetworkInterface[] {
  return [
    { name: 'em0', flags: '1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>', mtu: 1500, options: '4810099<RXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWFILTER,NOMAP>',
      ether: '52:54:00:12:34:56', addresses: [{ family: 'inet', address: '10.0.2.15', mask: '255.255.255.0' }], groups: [] },
    { name: 'lo0', flags: '1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP>', mtu: 16384, options: '680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>',
      addresses: [{ family: 'inet', address: '127.0.0.1', mask: '255.0.0.0' }, { family: 'inet6', address: '::1', mask: '128' },
        { family: 'inet6', address: 'fe80::1%lo0', mask: '64' }], groups: ['lo'] },
    { name: 'lo1', flags: '1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP>', mtu: 16384, options: '680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>',
      addresses: [], groups: ['lo'] },
  ];
}

export function readInterfaces(): NetworkInterface[] {
  return readState<NetworkInterface[]>(DOCUMENT, initialInterfaces);
}

export function writeInterfaces(interfaces: NetworkInterface[]): void {
  writeState(DOCUMENT, interfaces);
}

/** Netmask in dotted form from "/24", "255.255.255.0" or nothing (a host route). */
export function dottedNetmask(mask: string): string {
  if (mask === '') return '255.255.255.255';
  if (mask.includes('.')) return mask;
  const bits = Number(mask.replace('/', ''));
  const value = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export class InterfaceError extends Error {}

export function addAlias(interfaceName: string, address: InterfaceAddress): void {
  const interfaces = readInterfaces();
  const target = interfaces.find((candidate) => candidate.name === interfaceName && candidate.vnet === undefined);
  if (!target) throw new InterfaceError(`interface ${interfaceName} does not exist`);
  if (!target.addresses.some((existing) => existing.address === address.address)) target.addresses.push(address);
  writeInterfaces(interfaces);
}

export function removeAlias(interfaceName: string, address: string): void {
  const interfaces = readInterfaces();
  const target = interfaces.find((candidate) => candidate.name === interfaceName && candidate.vnet === undefined);
  if (!target) throw new InterfaceError(`interface ${interfaceName} does not exist`);
  const before = target.addresses.length;
  target.addresses = target.addresses.filter((existing) => existing.address !== address);
  if (target.addresses.length === before) throw new InterfaceError('ioctl (SIOCDIFADDR): Can\'t assign requested address');
  writeInterfaces(interfaces);
}
