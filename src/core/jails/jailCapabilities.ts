/**
 * What can be done to a jail as the tree last saw it, as words for a tree item's contextValue, so that menus
 * offer only what applies (`viewItem =~ /\bcan-stop\b/`).
 */
import type { InventoryJail } from '../hosts/inventory';
import { primaryAddress } from './jailAddress';
import { jailRootPath } from './jailLogs';

export type JailCapability = 'start' | 'stop' | 'restart' | 'terminal' | 'run' | 'config' | 'files' | 'logs' | 'browser' | 'address';

export function jailCapabilities(jail: InventoryJail, hostCanBecomeRoot: boolean): JailCapability[] {
  const running = jail.state === 'running';
  const managed = jail.manager !== undefined;
  const found: JailCapability[] = [];
  if (hostCanBecomeRoot) {
    if (jail.state === 'stopped' && (jail.config || managed)) found.push('start');
    if (running) found.push('stop', 'terminal', 'run');
    if (running && (jail.config || managed)) found.push('restart');
  }
  if (jail.config) found.push('config');
  if (jailRootPath(jail)) found.push('files', 'logs');
  const address = primaryAddress(jail);
  if (address) found.push('address');
  if (running && address) found.push('browser');
  return found;
}

/** "jail running managed-bastille configured can-stop can-terminal …" */
export function jailContextValue(jail: InventoryJail, hostCanBecomeRoot: boolean): string {
  return ['jail', jail.state, jail.manager ? `managed-${jail.manager}` : '', jail.config ? 'configured' : '',
    ...jailCapabilities(jail, hostCanBecomeRoot).map((c) => `can-${c}`)].filter(Boolean).join(' ');
}
