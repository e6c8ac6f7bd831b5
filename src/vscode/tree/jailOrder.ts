/**
 * The order, filter and grouping of jails under a host: the `jails.tree.sortBy` setting (by name, or running
 * first), a filter typed with "Filter Jails…", kept for the session only, and the `jails.tree.groupBy` setting.
 */
import * as vscode from 'vscode';
import type { InventoryJail } from '../../core/hosts/inventory';
import { JailGrouping, jailGrouping } from '../../core/jails/jailGroups';

let filterText = '';

export function jailFilter(): string {
  return filterText;
}

export function setJailFilter(text: string): void {
  filterText = text.trim().toLowerCase();
  void vscode.commands.executeCommand('setContext', 'jails.filtered', filterText !== '');
}

const stateRank: Record<InventoryJail['state'], number> = { running: 0, dying: 1, stopped: 2 };

export function arrangeJails(jails: readonly InventoryJail[]): InventoryJail[] {
  const sortBy = vscode.workspace.getConfiguration('jails.tree').get<string>('sortBy', 'name');
  const shown = filterText === '' ? [...jails] : jails.filter((j) => j.name.toLowerCase().includes(filterText)
    || (j.running?.ip4 ?? []).some((a) => a.includes(filterText)) || (j.manager ?? '').includes(filterText));
  const byName = (a: InventoryJail, b: InventoryJail) => a.name.localeCompare(b.name);
  return shown.sort(sortBy === 'state' ? (a, b) => stateRank[a.state] - stateRank[b.state] || byName(a, b) : byName);
}

export function groupingSetting(): JailGrouping {
  return jailGrouping(vscode.workspace.getConfiguration('jails.tree').get<unknown>('groupBy'));
}
