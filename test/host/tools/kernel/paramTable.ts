/**
 * The jail parameters the simulated kernel knows (security.jail.param.*), with the types, settability and
 * descriptions of FreeBSD's kern_jail.c (freebsd-reference.md §2). The order is the sysctl tree's order.
 */

export type ParamType = 'int' | 'bool' | 'string' | 'jailsys' | 'ulong' | 'ip4' | 'ip6';
/** rw: jail -m may change it; tunable: set at creation only; readonly: reported by the kernel. */
export type ParamAccess = 'rw' | 'tunable' | 'readonly';

export interface ParamDefinition {
  name: string;
  type: ParamType;
  access: ParamAccess;
  description: string;
  /** Maximum length (with the NUL) of a string parameter: the sysctl's value. */
  maxLength?: number;
  /** Lowest FreeBSD major version that has it. */
  sinceMajor?: number;
  /** Declared with SYSCTL_JAIL_PARAM_SYS_NODE: a sysctl node even without sub-parameters. */
  sysNode?: boolean;
}

function allowFlag(name: string, description: string, sinceMajor?: number): ParamDefinition {
  return { name: `allow.${name}`, type: 'bool', access: 'rw', description, sinceMajor };
}

export const PARAM_TABLE: ParamDefinition[] = [
  { name: 'jid', type: 'int', access: 'tunable', description: 'Jail ID' },
  { name: 'parent', type: 'int', access: 'readonly', description: 'Jail parent ID' },
  { name: 'name', type: 'string', access: 'rw', description: 'Jail name', maxLength: 256 },
  { name: 'path', type: 'string', access: 'tunable', description: 'Jail root path', maxLength: 1024 },
  { name: 'securelevel', type: 'int', access: 'rw', description: 'Jail secure level' },
  { name: 'enforce_statfs', type: 'int', access: 'rw', description: 'Jail cannot see all mounted file systems' },
  { name: 'devfs_ruleset', type: 'int', access: 'rw', description: 'Ruleset for in-jail devfs mounts' },
  { name: 'persist', type: 'bool', access: 'rw', description: 'Jail persistence' },
  { name: 'dying', type: 'bool', access: 'readonly', description: 'Jail is in the process of shutting down' },
  { name: 'children.max', type: 'int', access: 'rw', description: 'Maximum number of child jails' },
  { name: 'children.cur', type: 'int', access: 'readonly', description: 'Current number of child jails' },
  { name: 'cpuset.id', type: 'int', access: 'readonly', description: 'Jail cpuset ID' },
  { name: 'host', type: 'jailsys', access: 'rw', description: 'Jail host info' },
  { name: 'host.hostname', type: 'string', access: 'rw', description: 'Jail hostname', maxLength: 256 },
  { name: 'host.domainname', type: 'string', access: 'rw', description: 'Jail NIS domainname', maxLength: 256 },
  { name: 'host.hostuuid', type: 'string', access: 'rw', description: 'Jail host UUID', maxLength: 64 },
  { name: 'host.hostid', type: 'ulong', access: 'rw', description: 'Jail host ID' },
  { name: 'osrelease', type: 'string', access: 'tunable', description: 'Jail value for kern.osrelease and uname -r', maxLength: 32 },
  { name: 'osreldate', type: 'int', access: 'tunable', description: 'Jail value for kern.osreldate and uname -K' },
  { name: 'ip4', type: 'jailsys', access: 'tunable', description: 'Jail IPv4 address virtualization' },
  { name: 'ip4.addr', type: 'ip4', access: 'rw', description: 'Jail IPv4 addresses' },
  { name: 'ip4.saddrsel', type: 'bool', access: 'rw', description: 'Do (not) use IPv4 source address selection rather than the primary jail IPv4 address.' },
  { name: 'ip6', type: 'jailsys', access: 'tunable', description: 'Jail IPv6 address virtualization' },
  { name: 'ip6.addr', type: 'ip6', access: 'rw', description: 'Jail IPv6 addresses' },
  { name: 'ip6.saddrsel', type: 'bool', access: 'rw', description: 'Do (not) use IPv6 source address selection rather than the primary jail IPv6 address.' },
  { name: 'vnet', type: 'jailsys', access: 'tunable', description: 'Virtual network stack' },
  allowFlag('set_hostname', 'Jail may set hostname'),
  allowFlag('sysvipc', 'Jail may use SYSV IPC'),
  allowFlag('raw_sockets', 'Jail may create raw sockets'),
  allowFlag('chflags', 'Jail may alter system file flags'),
  allowFlag('mount', 'Jail may mount/unmount jail-friendly file systems in general'),
  allowFlag('quotas', 'Jail may set file quotas'),
  allowFlag('socket_af', 'Jail may create sockets other than just UNIX/IPv4/IPv6/route'),
  allowFlag('mlock', 'Jail may lock (unlock) physical pages in memory', 12),
  allowFlag('reserved_ports', 'Jail may bind sockets to reserved ports'),
  allowFlag('read_msgbuf', 'Jail may read the kernel message buffer', 12),
  allowFlag('unprivileged_proc_debug', 'Unprivileged processes may use process debugging facilities', 12),
  allowFlag('suser', 'Processes in jail with uid 0 have privilege', 12),
  allowFlag('nfsd', 'Mountd/nfsd may run in the jail', 14),
  allowFlag('extattr', 'Jail may set system-level filesystem extended attributes', 13),
  allowFlag('adjtime', 'Jail may adjust system time', 14),
  allowFlag('settime', 'Jail may set system time', 14),
  allowFlag('routing', 'Jail may modify routing table', 15),
  allowFlag('vmm', 'Allow use of vmm in a jail', 12),
  allowFlag('mount.devfs', 'Jail may mount the devfs file system'),
  allowFlag('mount.fdescfs', 'Jail may mount the fdescfs file system'),
  allowFlag('mount.nullfs', 'Jail may mount the nullfs file system'),
  allowFlag('mount.procfs', 'Jail may mount the procfs file system'),
  allowFlag('mount.linprocfs', 'Jail may mount the linprocfs file system'),
  allowFlag('mount.linsysfs', 'Jail may mount the linsysfs file system'),
  allowFlag('mount.tmpfs', 'Jail may mount the tmpfs file system'),
  allowFlag('mount.zfs', 'Jail may mount the zfs file system'),
  { name: 'sysvmsg', type: 'jailsys', access: 'rw', description: 'SYSV message queues', sysNode: true },
  { name: 'sysvsem', type: 'jailsys', access: 'rw', description: 'SYSV semaphores', sysNode: true },
  { name: 'sysvshm', type: 'jailsys', access: 'rw', description: 'SYSV shared memory', sysNode: true },
  { name: 'zfs.mount_snapshot', type: 'int', access: 'rw', description: 'Allow mounting snapshots in the .zfs directory for unjailed datasets', sinceMajor: 13 },
  { name: 'meta', type: 'string', access: 'rw', description: 'Jail meta information hidden from the jail', maxLength: 4096, sinceMajor: 15 },
  { name: 'env', type: 'string', access: 'rw', description: 'Jail meta information readable by the jail', maxLength: 4096, sinceMajor: 15 },
];

/** The parameters of a kernel of the given FreeBSD major version. */
export function paramsOfRelease(major: number): ParamDefinition[] {
  return PARAM_TABLE.filter((param) => (param.sinceMajor ?? 0) <= major);
}

/** Names that are nodes holding sub-parameters and are parameters themselves: sysctl shows them as "x.". */
export function isParamNode(param: ParamDefinition, table: ParamDefinition[]): boolean {
  return param.sysNode === true || table.some((other) => other.name.startsWith(`${param.name}.`));
}

export const JAILSYS_VALUES = ['disable', 'new', 'inherit'] as const;
