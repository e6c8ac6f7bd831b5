/**
 * A jail's addresses as a person or a tunnel wants them: plain addresses, without the interface prefix and
 * mask that ip4.addr/ip6.addr may carry in jail.conf (`lo1|127.213.0.10/32`, reference §2.5).
 */
import type { InventoryJail } from '../hosts/inventory';

function configuredAddresses(jail: InventoryJail, key: 'ip4.addr' | 'ip6.addr'): string[] {
  const value = jail.config?.parameters[key];
  if (typeof value !== 'string' || value === '') return [];
  // jail -e prints a list parameter's values separated by commas.
  return value.split(',').map((entry) => entry.trim().split(/\s+/)[0].replace(/^[^|]*\|/, '').replace(/\/\d+$/, '')).filter(Boolean);
}

/** IPv4 first, then IPv6: what the running jail has, else what its configuration gives it. */
export function jailAddresses(jail: InventoryJail): string[] {
  if (jail.running) return [...jail.running.ip4, ...jail.running.ip6];
  return [...configuredAddresses(jail, 'ip4.addr'), ...configuredAddresses(jail, 'ip6.addr')];
}

export function primaryAddress(jail: InventoryJail): string | undefined {
  return jailAddresses(jail)[0];
}
