/**
 * Addresses for throwaway jails: the first free one of a configured IPv4 range (default 10.213.0.0/24 on
 * lo1; 127.213.0.0/24 in tests), never one that another jail on the host uses or that the host itself
 * holds. The network and broadcast addresses and the .1 (often the host's own alias) are skipped.
 */

export interface AddressPool {
  network: string;
  prefixLength: number;
}

export class PoolExhausted extends Error {}

function toNumber(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`"${address}" is not an IPv4 address`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parsePool(cidr: string): AddressPool {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) throw new Error(`"${cidr}" is not an IPv4 range such as 10.213.0.0/24`);
  const prefixLength = Number(m[2]);
  if (prefixLength < 8 || prefixLength > 30) throw new Error(`"${cidr}": the prefix length must be between 8 and 30`);
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  return { network: toAddress(toNumber(m[1]) & mask), prefixLength };
}

/** Strips the `iface|` and `/mask` parts jail.conf allows around an address. */
export function bareAddress(value: string): string {
  return value.replace(/^[^|]*\|/, '').replace(/\/.*$/, '').trim();
}

export function firstFreeAddress(pool: AddressPool, used: Iterable<string>): string {
  const taken = new Set([...used].map(bareAddress));
  const base = toNumber(pool.network);
  const size = 2 ** (32 - pool.prefixLength);
  for (let offset = 2; offset < size - 1; offset++) {
    const candidate = toAddress(base + offset);
    if (!taken.has(candidate)) return candidate;
  }
  throw new PoolExhausted(`every address of ${pool.network}/${pool.prefixLength} is in use; free one by destroying a jail, or widen jails.throwaway.addressPool`);
}
