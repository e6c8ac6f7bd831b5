/**
 * The `jails.tree.groupBy` setting: the jails under a host, already filtered and sorted, cut into groups by
 * state ("Running (3)") or by what manages them ("jail.conf (2)", "Bastille (1)"). Groups come in a fixed
 * order and keep the order of the jails they are given; a group with no jails is not shown.
 */
import type { InventoryJail, JailState } from '../hosts/inventory';

export type JailGrouping = 'none' | 'state' | 'manager';

/** What a jail is grouped under: its manager, else rc.d/jail's files (jail.conf), else nothing (`jail -c` by hand). */
export type ManagerGroupKey = NonNullable<InventoryJail['manager']> | 'jail.conf' | 'unconfigured';

export type JailGroup =
  | { by: 'state'; key: JailState; label: string; jails: InventoryJail[] }
  | { by: 'manager'; key: ManagerGroupKey; label: string; jails: InventoryJail[] };

const stateNames: [JailState, string][] = [['running', 'Running'], ['dying', 'Dying'], ['stopped', 'Stopped']];

const managerNames: [ManagerGroupKey, string][] = [
  ['jail.conf', 'jail.conf'],
  ['bastille', 'Bastille'],
  ['iocage', 'iocage'],
  ['appjail', 'AppJail'],
  ['pot', 'pot'],
  ['throwaway', 'Throwaway'],
  ['unconfigured', 'No configuration file'],
];

/** The setting's value as one of the known groupings; anything else (a typo in settings.json) groups nothing. */
export function jailGrouping(value: unknown): JailGrouping {
  return value === 'state' || value === 'manager' ? value : 'none';
}

export function managerGroupKey(jail: InventoryJail): ManagerGroupKey {
  return jail.manager ?? (jail.config ? 'jail.conf' : 'unconfigured');
}

function labelled(name: string, count: number): string {
  return `${name} (${count})`;
}

/** No groups for 'none': the jails then sit directly under their host. */
export function groupJails(jails: readonly InventoryJail[], grouping: JailGrouping): JailGroup[] {
  if (grouping === 'state') {
    return stateNames.map(([key, name]): JailGroup => {
      const members = jails.filter((j) => j.state === key);
      return { by: 'state', key, label: labelled(name, members.length), jails: members };
    }).filter((g) => g.jails.length > 0);
  }
  if (grouping === 'manager') {
    return managerNames.map(([key, name]): JailGroup => {
      const members = jails.filter((j) => managerGroupKey(j) === key);
      return { by: 'manager', key, label: labelled(name, members.length), jails: members };
    }).filter((g) => g.jails.length > 0);
  }
  return [];
}
