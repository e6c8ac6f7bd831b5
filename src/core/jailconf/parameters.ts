// The one table of jail parameters: kernel parameters (passed to jail_set(2) through libjail) and jail(8)'s
// own pseudo-parameters (never passed to the kernel). It feeds the validator, completion, hover and the
// grammar test. Types, ranges and defaults follow shared/docs/freebsd-reference.md §2 and FreeBSD's
// kern_jail.c, libjail and usr.sbin/jail; a version is given only where the sources date the feature.

export type ParameterType =
  | 'boolean'
  | 'integer'
  | 'unsigned'
  | 'string'
  | 'jailsys'
  | 'ipv4'
  | 'ipv6'
  | 'path'
  | 'command'
  | 'fstab'
  | 'jails'
  | 'list'
  | 'keyvalue'
  | 'unknown';

export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  /** `kernel`: handed to jail_set(2); `jail`: read by jail(8) itself (config.c `intparams`). */
  readonly handler: 'kernel' | 'jail';
  readonly description: string;
  /** For jailsys and enumerations: what FreeBSD accepts. */
  readonly values?: readonly string[];
  /** The kernel refuses values outside this range. */
  readonly range?: readonly [number, number];
  /** Values outside are accepted but do not mean anything more. */
  readonly usualRange?: readonly [number, number];
  /** Longest value in bytes the kernel accepts. */
  readonly maxLength?: number;
  readonly defaultValue?: string;
  /** First FreeBSD release with the parameter. */
  readonly since?: string;
  /** `create`: settable only when the jail is created; `ro`: read-only, refused in jail.conf. */
  readonly access?: 'rw' | 'create' | 'ro';
  /** Takes several values (`a, b` or `+=`). */
  readonly list?: boolean;
  readonly deprecated?: string;
  /** libjail loads this kernel module on demand when the parameter is unknown to the running kernel. */
  readonly module?: string;
}

type Extra = Omit<ParameterSpec, 'name' | 'type' | 'handler' | 'description'>;

const kernel = (name: string, type: ParameterType, description: string, extra: Extra = {}): ParameterSpec => ({ name, type, handler: 'kernel', description, access: 'rw', ...extra });
const jail8 = (name: string, type: ParameterType, description: string, extra: Extra = {}): ParameterSpec => ({ name, type, handler: 'jail', description, ...extra });
const allow = (what: string, description: string, extra: Extra = {}): ParameterSpec => kernel(`allow.${what}`, 'boolean', description, { defaultValue: 'false', ...extra });
const mountFs = (fs: string): ParameterSpec =>
  allow(`mount.${fs}`, `Lets privileged users inside the jail mount ${fs} file systems (needs allow.mount and enforce_statfs below 2).`, { module: fs });
const command = (name: string, description: string): ParameterSpec => jail8(name, 'command', description, { list: true });

const jailsys = ['disable', 'new', 'inherit'] as const;
const shared = ['new', 'inherit'] as const;

export const parameterTable: readonly ParameterSpec[] = [
  kernel('jid', 'integer', 'The jail identifier. Chosen by the kernel unless set; a block named by a number sets it.', { access: 'create', defaultValue: 'assigned by the kernel' }),
  kernel('name', 'string', 'The jail name, taken from the block name. A dot separates the levels of hierarchical jails.', { maxLength: 255, defaultValue: 'the block name' }),
  kernel('path', 'path', 'Directory that becomes the root of the jail. Must be an absolute path to an existing directory.', { access: 'create', maxLength: 1023, defaultValue: '/' }),
  kernel('parent', 'integer', 'Identifier of the parent jail (0 at the top level). Read-only.', { access: 'ro' }),
  kernel('securelevel', 'integer', 'The securelevel inside the jail. It can only be raised above the parent\'s; 3 is the highest meaningful level.', { usualRange: [-1, 3], defaultValue: "the parent's (-1 on the host)" }),
  kernel('osrelease', 'string', 'Release name reported inside the jail by uname -r and kern.osrelease. Set at creation only.', { access: 'create', maxLength: 31, defaultValue: "the parent's" }),
  kernel('osreldate', 'integer', 'Release number reported inside the jail by uname -K and kern.osreldate. Set at creation only; cannot be 0.', { access: 'create', defaultValue: "the parent's" }),
  kernel('enforce_statfs', 'integer', 'Which mount points are visible inside the jail: 0 all, 1 those below the jail root, 2 only the jail root. Mounting from inside needs less than 2.', { range: [0, 2], defaultValue: '2' }),
  kernel('devfs_ruleset', 'integer', 'devfs rule set enforced on devfs mounted in the jail. mount.devfs applies ruleset 4 when this is not set.', { defaultValue: "the parent's (0)" }),
  kernel('persist', 'boolean', 'Keep the jail alive with no process in it. Without it (or a command) jail(8) cannot create the jail.', { defaultValue: 'false' }),
  kernel('dying', 'boolean', 'Set by the kernel while the jail is being removed. Read-only.', { access: 'ro' }),
  kernel('children.max', 'integer', 'How many child jails this jail may create. Needed for hierarchical jails.', { defaultValue: '0' }),
  kernel('children.cur', 'integer', 'How many descendants the jail has. Read-only.', { access: 'ro' }),
  kernel('cpuset.id', 'integer', 'The cpuset the jail runs in. Read-only.', { access: 'ro' }),
  kernel('host', 'jailsys', 'Whether the jail has its own host name, domain name and host ids (new) or shares its parent\'s (inherit). Setting any host.* implies new.', { values: shared, defaultValue: 'new' }),
  kernel('host.hostname', 'string', 'Host name of the jail.', { maxLength: 255, defaultValue: 'empty' }),
  kernel('host.domainname', 'string', 'NIS domain name of the jail.', { maxLength: 255, defaultValue: 'empty' }),
  kernel('host.hostuuid', 'string', 'Host UUID of the jail.', { maxLength: 63, defaultValue: '00000000-0000-0000-0000-000000000000' }),
  kernel('host.hostid', 'unsigned', 'Host id of the jail.', { defaultValue: '0' }),
  kernel('vnet', 'jailsys', 'Give the jail its own virtual network stack (new) instead of the host\'s (inherit). Needs a VIMAGE kernel; excludes ip4/ip6 restrictions.', { values: shared, access: 'create', defaultValue: 'inherit' }),
  kernel('ip4', 'jailsys', 'IPv4 for the jail: restricted to ip4.addr (new), the host\'s addresses (inherit) or none (disable).', { values: jailsys, access: 'create', defaultValue: 'new with ip4.addr, otherwise disable' }),
  kernel('ip4.addr', 'ipv4', 'IPv4 addresses of the jail, the first being the primary one. jail(8) also takes "interface|address/mask" and adds the alias itself.', { list: true, defaultValue: 'none' }),
  kernel('ip4.saddrsel', 'boolean', 'Let the jail choose an unbound source address by the usual rules instead of its primary address.', { defaultValue: 'true' }),
  kernel('ip6', 'jailsys', 'IPv6 for the jail: restricted to ip6.addr (new), the host\'s addresses (inherit) or none (disable).', { values: jailsys, access: 'create', defaultValue: 'new with ip6.addr, otherwise disable' }),
  kernel('ip6.addr', 'ipv6', 'IPv6 addresses of the jail. jail(8) also takes "interface|address/prefix" and adds the alias itself.', { list: true, defaultValue: 'none' }),
  kernel('ip6.saddrsel', 'boolean', 'Let the jail choose an unbound IPv6 source address by the usual rules.', { defaultValue: 'true' }),
  kernel('meta', 'keyvalue', 'Free-form text kept by the host and invisible inside the jail; meta.KEY = value sets one key.', { since: '15.0', defaultValue: 'empty' }),
  kernel('env', 'keyvalue', 'Free-form text readable inside the jail through security.jail.env; env.KEY = value sets one key.', { since: '15.0', defaultValue: 'empty' }),
  kernel('mac.label', 'string', 'MAC label of the jail.'),
  allow('set_hostname', 'Lets root inside the jail change its host name.', { defaultValue: 'true' }),
  allow('sysvipc', 'Gives the jail the host\'s System V IPC. Prefer sysvmsg, sysvsem and sysvshm.'),
  allow('raw_sockets', 'Lets root inside the jail open raw sockets (ping, traceroute).'),
  allow('chflags', 'Lets root inside the jail change system file flags.'),
  allow('mount', 'Lets privileged users inside the jail mount jail-friendly file systems (needs enforce_statfs below 2).'),
  mountFs('devfs'),
  mountFs('fdescfs'),
  mountFs('fusefs'),
  mountFs('nullfs'),
  mountFs('procfs'),
  mountFs('linprocfs'),
  mountFs('linsysfs'),
  mountFs('tmpfs'),
  mountFs('zfs'),
  allow('quotas', 'Lets root inside the jail administer quotas.'),
  allow('socket_af', 'Allows protocol families other than IPv4, IPv6, local and routing sockets.'),
  allow('mlock', 'Lets processes in the jail lock memory with mlock(2).'),
  allow('reserved_ports', 'Lets root inside the jail bind ports below 1024.', { defaultValue: 'true' }),
  allow('vmm', 'Gives the jail access to the bhyve hypervisor vmm(4).', { module: 'vmm' }),
  allow('read_msgbuf', 'Lets users in the jail read the kernel message buffer (dmesg).'),
  allow('unprivileged_proc_debug', 'Lets unprivileged users in the jail debug their own processes.'),
  allow('suser', 'Keeps root inside the jail a super-user (security.bsd.suser_enabled).', { defaultValue: 'true' }),
  allow('nfsd', 'Lets a VNET jail run mountd and nfsd.'),
  allow('extattr', 'Lets root inside the jail manage system-namespace extended attributes.'),
  allow('adjtime', 'Lets the jail slew the host clock with adjtime(2).'),
  allow('settime', 'Lets the jail set the host clock.'),
  allow('routing', 'Lets a non-VNET jail modify the routing table.'),
  allow('setaudit', 'Lets root inside the jail call setaudit(2).'),
  allow('unprivileged_parent_tampering', 'Lets host processes of the same user signal and debug processes in the jail.'),
  allow('vmm_ppt', 'Lets bhyve guests in the jail use PCI passthrough.'),
  kernel('linux', 'jailsys', 'Linux ABI environment of the jail: its own (new) or the parent\'s (inherit).', { values: jailsys, module: 'linux' }),
  kernel('linux.osname', 'string', 'Linux OS name reported to Linux programs in the jail.', { module: 'linux' }),
  kernel('linux.osrelease', 'string', 'Linux kernel release reported to Linux programs in the jail.', { module: 'linux' }),
  kernel('linux.oss_version', 'integer', 'OSS version reported to Linux programs in the jail.', { module: 'linux' }),
  kernel('sysvmsg', 'jailsys', 'System V message queues: private to the jail (new), the parent\'s (inherit) or none (disable).', { values: jailsys, module: 'sysvmsg', defaultValue: 'disable' }),
  kernel('sysvsem', 'jailsys', 'System V semaphores: private to the jail (new), the parent\'s (inherit) or none (disable).', { values: jailsys, module: 'sysvsem', defaultValue: 'disable' }),
  kernel('sysvshm', 'jailsys', 'System V shared memory: private to the jail (new, common for PostgreSQL), the parent\'s (inherit) or none (disable).', { values: jailsys, module: 'sysvshm', defaultValue: 'disable' }),
  kernel('zfs.mount_snapshot', 'integer', 'Lets the jail see .zfs/snapshot directories (1) or not (0).', { usualRange: [0, 1], defaultValue: '0' }),
  command('exec.prepare', 'Commands run on the host before anything else, e.g. to create the jail\'s file system.'),
  command('exec.prestart', 'Commands run on the host before the jail is created.'),
  command('exec.created', 'Commands run on the host right after the jail is created, before exec.start.'),
  command('exec.start', 'Commands run inside the jail when it starts, typically "/bin/sh /etc/rc".'),
  command('command', 'Like exec.start; on the command line it takes the rest of the arguments.'),
  command('exec.poststart', 'Commands run on the host after exec.start.'),
  command('exec.prestop', 'Commands run on the host before the jail is stopped.'),
  command('exec.stop', 'Commands run inside the jail when it stops, typically "/bin/sh /etc/rc.shutdown jail".'),
  command('exec.poststop', 'Commands run on the host after the jail is removed.'),
  command('exec.release', 'Commands run on the host last, after unmounting and removing addresses, e.g. to destroy the file system.'),
  jail8('exec.clean', 'boolean', 'Run commands in a clean environment (HOME, SHELL, TERM, USER and PATH=/bin:/usr/bin only).', { defaultValue: 'false' }),
  jail8('exec.jail_user', 'string', 'User that runs the commands inside the jail.', { defaultValue: 'root' }),
  jail8('exec.system_jail_user', 'boolean', 'Look exec.jail_user up in the host\'s password file instead of the jail\'s.', { defaultValue: 'false' }),
  jail8('exec.system_user', 'string', 'User that runs the commands on the host.', { defaultValue: 'the invoking user' }),
  jail8('exec.timeout', 'integer', 'Seconds a command may run before it is considered failed.', { defaultValue: 'no limit' }),
  jail8('exec.consolelog', 'path', 'File that receives the output of the commands run in the jail.'),
  jail8('exec.fib', 'integer', 'Routing table (FIB) for the commands run in the jail.'),
  jail8('stop.timeout', 'integer', 'Seconds to wait after SIGTERM before removing the jail; 0 skips SIGTERM.', { defaultValue: '10' }),
  jail8('interface', 'string', 'Network interface on which jail(8) adds the jail\'s addresses as aliases.'),
  jail8('ip_hostname', 'boolean', 'Resolve host.hostname and add its addresses to ip4.addr and ip6.addr.', { defaultValue: 'false' }),
  jail8('vnet.interface', 'list', 'Interfaces moved into a VNET jail after it is created.', { list: true }),
  jail8('zfs.dataset', 'list', 'ZFS datasets attached to the jail after it is created (needs allow.mount.zfs).', { list: true }),
  jail8('mount', 'fstab', 'File systems to mount before the jail starts, each as an fstab(5) line; unmounted in reverse order.', { list: true }),
  jail8('mount.fstab', 'path', 'fstab(5) files whose entries are mounted before the jail starts; a missing file is an error.', { list: true }),
  jail8('mount.devfs', 'boolean', 'Mount devfs on PATH/dev, with devfs_ruleset (4 when not set).', { defaultValue: 'false' }),
  jail8('mount.fdescfs', 'boolean', 'Mount fdescfs on PATH/dev/fd.', { defaultValue: 'false' }),
  jail8('mount.procfs', 'boolean', 'Mount procfs on PATH/proc.', { defaultValue: 'false' }),
  jail8('allow.dying', 'boolean', 'Allowed operating on a jail that is being removed.', { deprecated: 'it does nothing since FreeBSD 15.0 (dying jails are handled automatically)' }),
  jail8('depend', 'jails', 'Jails to start before this one and to stop after it.', { list: true }),
];
