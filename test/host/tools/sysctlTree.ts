/**
 * The simulated kernel's sysctl MIB: the kern./hw. facts a manager probes, security.jail.* and the
 * security.jail.param.* subtree generated from the parameter table, in FreeBSD's tree order.
 */
import { hostname } from 'node:os';
import { hostConfig } from './runtime/stateStore';
import { kernelParams, prisonOf, readJailTable, readKernelTable } from './kernel/jailTable';
import { isParamNode, ParamDefinition } from './kernel/paramTable';
import { kernelIdent } from './uname';
import { securelevelOf } from './host/fileFlags';

export type SysctlType = 'integer' | 'string' | 'opaque' | 'unsigned long' | 'long integer';

export interface SysctlLeaf {
  name: string;
  type: SysctlType;
  description: string;
  /** Printed value; absent for opaque values, which sysctl(8) prints only with -o/-x. */
  value?: string;
}

function leaf(name: string, type: SysctlType, value: string | number | undefined, description: string): SysctlLeaf {
  return { name, type, value: value === undefined ? undefined : String(value), description };
}

function typeOfParam(param: ParamDefinition): SysctlType {
  if (param.type === 'string') return 'string';
  if (param.type === 'ulong') return 'unsigned long';
  if (param.type === 'ip4' || param.type === 'ip6') return 'opaque';
  return 'integer';
}

function paramLeaves(): SysctlLeaf[] {
  const params = kernelParams();
  const leaves: SysctlLeaf[] = [];
  const emitted = new Set<string>();
  const emit = (param: ParamDefinition) => {
    if (emitted.has(param.name)) return;
    emitted.add(param.name);
    const node = isParamNode(param, params);
    const value = param.type === 'string' ? param.maxLength : typeOfParam(param) === 'opaque' ? undefined : 0;
    leaves.push(leaf(`security.jail.param.${param.name}${node ? '.' : ''}`, typeOfParam(param), value, param.description));
    // A parameter that is also a node lists its sub-parameters right after itself, as the tree walk does.
    if (node) params.filter((child) => child.name.startsWith(`${param.name}.`)).forEach(emit);
  };
  params.forEach(emit);
  return leaves;
}

export function sysctlLeaves(): SysctlLeaf[] {
  const config = hostConfig();
  const jailCount = readJailTable().jails.length;
  // Inside a jail the security.jail nodes describe that jail.
  const kernelJails = readKernelTable().jails;
  const prison = prisonOf(kernelJails);
  const features = [
    leaf('kern.features.inet', 'integer', 1, 'Internet Protocol version 4'),
    leaf('kern.features.inet6', 'integer', 1, 'Internet Protocol version 6'),
    ...(config.vimage ? [leaf('kern.features.vimage', 'integer', 1, 'VIMAGE kernel virtualization')] : []),
    leaf('kern.features.racct', 'integer', 1, 'Resource Accounting'),
  ];
  return [
    leaf('kern.ostype', 'string', 'FreeBSD', 'Operating system type'),
    leaf('kern.osrelease', 'string', config.release, 'Operating system release'),
    leaf('kern.osrevision', 'integer', 199506, 'Operating system revision'),
    leaf('kern.version', 'string', `FreeBSD ${config.release} ${kernelIdent(config.release)}\n`, 'Kernel version'),
    leaf('kern.hostname', 'string', hostname(), 'Hostname'),
    leaf('kern.securelevel', 'integer', securelevelOf(prison, kernelJails), 'Current secure level'),
    leaf('kern.osreldate', 'integer', config.osreldate, 'Kernel release date'),
    ...features,
    leaf('kern.racct.enable', 'integer', 0, 'Enable RACCT/RCTL'),
    leaf('hw.machine', 'string', config.machine, 'Machine class'),
    leaf('hw.model', 'string', 'QEMU Virtual CPU version 2.5+', 'Machine model'),
    leaf('hw.ncpu', 'integer', 2, 'Number of active CPUs'),
    leaf('hw.physmem', 'unsigned long', 4261412864, 'Amount of physical memory (in bytes)'),
    leaf('hw.machine_arch', 'string', config.machine, 'System architecture'),
    ...paramLeaves(),
    leaf('security.jail.children.max', 'integer', prison ? Number(prison.params['children.max']) : 999999, 'Maximum number of child jails'),
    leaf('security.jail.children.cur', 'integer', jailCount, 'Current number of child jails'),
    leaf('security.jail.enforce_statfs', 'integer', 2, 'Processes in jail cannot see all mounted file systems (deprecated)'),
    leaf('security.jail.vnet', 'integer', prison?.params.vnet === 'new' ? 1 : 0, 'Jail owns vnet?'),
    leaf('security.jail.jailed', 'integer', prison ? 1 : 0, 'Process in jail?'),
    leaf('security.jail.jail_max_af_ips', 'integer', 255, 'Number of IP addresses a jail may have at most per address family (deprecated)'),
    leaf('security.jail.mount_zfs_allowed', 'integer', 0, 'Jail may mount the zfs file system'),
    leaf('security.jail.mount_tmpfs_allowed', 'integer', 0, 'Jail may mount the tmpfs file system'),
    leaf('security.jail.mount_procfs_allowed', 'integer', 0, 'Jail may mount the procfs file system'),
    leaf('security.jail.mount_nullfs_allowed', 'integer', 0, 'Jail may mount the nullfs file system'),
    leaf('security.jail.mount_fdescfs_allowed', 'integer', 0, 'Jail may mount the fdescfs file system'),
    leaf('security.jail.mount_devfs_allowed', 'integer', 0, 'Jail may mount the devfs file system'),
    leaf('security.jail.mount_allowed', 'integer', 0, 'Processes in jail can mount/unmount jail-friendly file systems (deprecated)'),
    leaf('security.jail.chflags_allowed', 'integer', 0, 'Processes in jail can alter system file flags (deprecated)'),
    leaf('security.jail.allow_raw_sockets', 'integer', 0, 'Prison root can create raw sockets (deprecated)'),
    leaf('security.jail.sysvipc_allowed', 'integer', 0, 'Processes in jail can use System V IPC primitives (deprecated)'),
    leaf('security.jail.socket_unixiproute_only', 'integer', 1, 'Processes in jail are limited to creating UNIX/IP/route sockets only (deprecated)'),
    leaf('security.jail.set_hostname_allowed', 'integer', 1, 'Processes in jail can set their hostnames (deprecated)'),
  ];
}
