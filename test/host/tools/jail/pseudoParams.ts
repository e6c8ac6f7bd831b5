/** jail(8)'s own parameters, never passed to the kernel (config.c intparams, freebsd-reference.md §2.5). */

export type PseudoType = 'commands' | 'bool' | 'string' | 'int' | 'list';

export const PSEUDO_PARAMS: Record<string, PseudoType> = {
  'exec.prepare': 'commands', 'exec.prestart': 'commands', 'exec.created': 'commands', 'exec.start': 'commands',
  command: 'commands', 'exec.poststart': 'commands', 'exec.prestop': 'commands', 'exec.stop': 'commands',
  'exec.poststop': 'commands', 'exec.release': 'commands',
  'exec.clean': 'bool', 'exec.system_jail_user': 'bool', ip_hostname: 'bool', 'mount.devfs': 'bool',
  'mount.fdescfs': 'bool', 'mount.procfs': 'bool', 'allow.dying': 'bool',
  'exec.jail_user': 'string', 'exec.system_user': 'string', 'exec.consolelog': 'string', interface: 'string',
  'exec.timeout': 'int', 'exec.fib': 'int', 'stop.timeout': 'int',
  'vnet.interface': 'list', 'zfs.dataset': 'list', mount: 'list', 'mount.fstab': 'list', depend: 'list',
};

/** The name without a "no" on its last component, when that is how a false boolean was written. */
export function withoutNo(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const last = name.slice(dot + 1);
  return last.startsWith('no') ? `${name.slice(0, dot + 1)}${last.slice(2)}` : undefined;
}
