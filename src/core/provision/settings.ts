/**
 * Where and how throwaway jails are made on a host: one root directory for everything the extension makes
 * (releases, templates, jails, their private jail.conf and markers), the address pool and the interface its
 * addresses live on, the release mirror, and whether to use ZFS.
 */
import { parsePool } from './addressPool';

export interface ProvisionSettings {
  /** Everything lives below it (default /usr/local/jails/throwaway). */
  root: string;
  /** IPv4 range for the jails' addresses (default 10.213.0.0/24). */
  addressPool: string;
  /** The cloned loopback interface the addresses are put on (default lo1). */
  interfaceName: string;
  /** Base URL of FreeBSD's release directories (…/releases), as in the Handbook. */
  mirror: string;
  /** `auto`: ZFS clones when the host has a pool, a nullfs thin jail otherwise. */
  storage: 'auto' | 'zfs' | 'directory';
  /** How long the web server may take to give its first HTTP answer. */
  httpTimeoutMs: number;
}

export const defaultProvisionSettings: ProvisionSettings = {
  root: '/usr/local/jails/throwaway',
  addressPool: '10.213.0.0/24',
  interfaceName: 'lo1',
  mirror: 'https://download.freebsd.org/ftp/releases',
  storage: 'auto',
  httpTimeoutMs: 30_000,
};

export class SettingsError extends Error {}

/** Fills the gaps with defaults and refuses values that would be unsafe to put in a script or a path. */
export function provisionSettings(overrides: Partial<ProvisionSettings> = {}): ProvisionSettings {
  const settings = { ...defaultProvisionSettings, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined && v !== '')) };
  const root = settings.root.replace(/\/+$/, '');
  if (!/^\/[A-Za-z0-9._/-]+$/.test(root) || root.split('/').some((part) => part === '..' || part === '.')) {
    throw new SettingsError(`"${settings.root}" cannot be the throwaway root: give an absolute path of letters, digits, ".", "_", "-" and "/"`);
  }
  if (['/', '/etc', '/usr', '/usr/local', '/var', '/boot', '/bin', '/sbin', '/lib'].includes(root)) throw new SettingsError(`"${root}" is a system directory; choose a directory of its own`);
  parsePool(settings.addressPool);
  if (!/^[a-z][a-z0-9_]{0,14}$/.test(settings.interfaceName)) throw new SettingsError(`"${settings.interfaceName}" is not an interface name such as lo1`);
  if (!/^(https?|ftp):\/\/[^\s'"]+$/.test(settings.mirror)) throw new SettingsError(`"${settings.mirror}" is not an http, https or ftp URL`);
  return { ...settings, root, mirror: settings.mirror.replace(/\/+$/, '') };
}
