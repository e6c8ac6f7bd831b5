/**
 * jail_set(2) and jail_remove(2) of the simulated kernel: the checks and messages of kern_jail.c
 * (freebsd-reference.md §1.11 "kernel messages"), the jail table, and the jail's namespaces. Jails nest:
 * a caller inside a jail creates below it, "a.b" names child b of a, and every ancestor's children.max
 * bounds the number of its descendants. A VNET jail gets a network namespace and a lo0 of its own.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { withStateLock } from '../runtime/stateStore';
import { defaultParams, findParam, holderInView, isWithin, KernelJail, kernelParams, ParamValue, prisonOf, readKernelTable, viewOf, writeJailTable } from './jailTable';
import { namespaceOf, NAMESPACE_TOOL, startHolder, stopHolder } from './jailProcesses';
import { addJailLoopback, reclaimJailInterfaces } from '../host/vnetLinks';

export class KernelError extends Error {}

const MAX_ADDRESSES = 255;

function requireRoot(call: string): void {
  if (process.geteuid?.() !== 0) throw new KernelError(`${call}: Operation not permitted`);
}

function addressesOf(values: Map<string, ParamValue> | Record<string, ParamValue>, name: 'ip4.addr' | 'ip6.addr'): string[] {
  const value = values instanceof Map ? values.get(name) : values[name];
  return Array.isArray(value) ? value : [];
}

/**
 * kern_jail.c for a child: it starts with its parent's securelevel and devfs ruleset and with only the
 * permissions its parent has, and may not ask for one its parent lacks (EPERM, no message of its own).
 */
function inheritFromParent(params: Record<string, ParamValue>, values: Map<string, ParamValue>, parent: KernelJail): void {
  for (const { name } of kernelParams().filter((param) => param.name.startsWith('allow.'))) {
    if (values.get(name) === true && parent.params[name] !== true) throw new KernelError('jail_set: Operation not permitted');
    if (!values.has(name)) params[name] = params[name] === true && parent.params[name] === true;
  }
  for (const name of ['securelevel', 'devfs_ruleset']) if (!values.has(name)) params[name] = parent.params[name];
}

/** Creates a jail from checked parameters; `persist` may be forced while jail(8) runs commands. */
export function createKernelJail(values: Map<string, ParamValue>): KernelJail {
  requireRoot('jail_set');
  return withStateLock(() => {
    const table = readKernelTable();
    const prison = prisonOf(table.jails);
    const full = (relative: string) => (prison ? `${prison.name}.${relative}` : relative);
    const requestedJid = values.get('jid') as number | undefined;
    const requestedName = values.get('name') as string | undefined;
    if (requestedJid !== undefined && table.jails.some((jail) => jail.jid === requestedJid)) throw new KernelError(`jail ${requestedJid} already exists`);
    if (requestedName !== undefined && table.jails.some((jail) => jail.name === full(requestedName))) throw new KernelError(`jail "${requestedName}" already exists`);
    let jid = requestedJid ?? 0;
    if (!jid) {
      jid = table.lastJid + 1;
      while (table.jails.some((jail) => jail.jid === jid)) jid++;
    }
    let parent = prison;
    if (requestedName !== undefined) {
      const dot = requestedName.lastIndexOf('.');
      const lastComponent = requestedName.slice(dot + 1);
      if (/^\d+$/.test(lastComponent) && (Number(lastComponent) !== jid || lastComponent.startsWith('0'))) {
        throw new KernelError('name cannot be numeric (unless it is the jid)');
      }
      if (dot > 0) {
        const parentName = requestedName.slice(0, dot);
        parent = table.jails.find((jail) => jail.name === full(parentName) && jail !== prison && isWithin(jail, prison, table.jails));
        if (!parent) throw new KernelError(`jail "${parentName}" not found`);
      }
    }
    // Every ancestor must have room for one more descendant (the host allows 999999).
    for (let ancestor = parent; ancestor; ancestor = table.jails.find((jail) => jail.jid === ancestor?.params.parent)) {
      if (Number(ancestor.params['children.cur']) >= Number(ancestor.params['children.max'])) throw new KernelError('prison limit exceeded');
    }
    const params = defaultParams(jid);
    for (const [name, value] of values) params[name] = value;
    params.jid = jid;
    params.parent = parent?.jid ?? 0;
    if (parent) inheritFromParent(params, values, parent);
    // cpuset ids are recycled: the lowest one no other jail holds (0 and 1 are the system's).
    let cpuset = 2;
    while (table.jails.some((jail) => jail.params['cpuset.id'] === cpuset)) cpuset++;
    params['cpuset.id'] = cpuset;
    params.name = requestedName !== undefined ? full(requestedName) : parent ? `${parent.name}.${jid}` : String(jid);
    for (const [family, list] of [['ip4', 'ip4.addr'], ['ip6', 'ip6.addr']] as const) {
      const addresses = addressesOf(values, list);
      if (addresses.length > MAX_ADDRESSES) throw new KernelError(`too many ${family === 'ip4' ? 'IPv4' : 'IPv6'} addresses`);
      if (!values.has(family)) params[family] = addresses.length > 0 ? 'new' : 'disable';
      const clash = addresses.length > 0 && table.jails.some((jail) => addressesOf(jail.params, list).some((address) => addresses.includes(address)));
      if (clash) throw new KernelError(`${family === 'ip4' ? 'IPv4' : 'IPv6'} addresses clash`);
    }
    if (params.vnet === 'new' && (addressesOf(params, 'ip4.addr').length > 0 || addressesOf(params, 'ip6.addr').length > 0)) {
      throw new KernelError('vnet jails cannot have IP address restrictions');
    }
    if (params.osreldate === 0) throw new KernelError('osreldate cannot be 0');
    const jailHostname = params.host === 'inherit' ? hostname() : String(params['host.hostname']);
    // The caller names the path inside its own root; the table keeps it as the host sees it.
    const pathInView = String(params.path);
    const prisonPath = String(prison?.params.path ?? '/');
    params.path = prison && prisonPath !== '/' ? (pathInView === '/' ? prisonPath : join(prisonPath, pathInView)) : pathInView;
    // A child of a jail other than the caller's own starts inside that jail's namespaces, below its root.
    const parentHolder = parent && parent !== prison ? holderInView(parent, prison) : undefined;
    const parentRoot = parent && parent !== prison ? viewOf(parent, prison).holderRoot ?? '/' : '/';
    const holderPath = parentRoot === '/' || !pathInView.startsWith(`${parentRoot}/`) ? pathInView : pathInView.slice(parentRoot.length);
    const holder = startHolder(holderPath, jailHostname, params.vnet === 'new', parentHolder);
    const jail: KernelJail = { jid, name: String(params.name), params, holderPid: prison ? undefined : holder,
      pidNs: namespaceOf(holder, 'pid'), mntNs: namespaceOf(holder, 'mnt'),
      holderRoot: parentHolder === undefined ? prisonPath : parent?.holderRoot ?? '/' };
    table.jails.push(jail);
    table.lastJid = Math.max(table.lastJid, jid);
    writeJailTable(table);
    if (params.vnet === 'new') addJailLoopback(jid);
    return { ...viewOf(jail, prison), holderPid: holder };
  });
}

/** Changes a running jail's writable parameters (JAIL_UPDATE). */
export function updateKernelJail(jid: number, values: Map<string, ParamValue>): KernelJail {
  requireRoot('jail_set');
  return withStateLock(() => {
    const table = readKernelTable();
    const prison = prisonOf(table.jails);
    const jail = table.jails.find((candidate) => candidate.jid === jid && candidate !== prison && isWithin(candidate, prison, table.jails));
    if (!jail) throw new KernelError(`jail ${jid} not found`);
    for (const [name, given] of values) {
      const value = name === 'name' && prison ? `${prison.name}.${String(given)}` : given;
      const definition = findParam(name);
      if (!definition || name === 'jid') continue;
      if (definition.access !== 'rw' && JSON.stringify(jail.params[name]) !== JSON.stringify(value)) {
        throw new KernelError(`${name} cannot be changed after creation`);
      }
      jail.params[name] = value;
    }
    jail.name = String(jail.params.name);
    const holder = holderInView(jail, prison);
    if (values.has('host.hostname') && holder !== undefined) {
      spawnSync(NAMESPACE_TOOL, ['nsenter', '-t', String(holder), '-u', '--', NAMESPACE_TOOL, 'hostname', String(jail.params['host.hostname'])]);
    }
    writeJailTable(table);
    return viewOf(jail, prison);
  });
}

/** Removes a jail and, as FreeBSD does, every jail below it. */
export function removeKernelJail(jid: number): void {
  requireRoot('jail_remove');
  withStateLock(() => {
    const table = readKernelTable();
    const prison = prisonOf(table.jails);
    const jail = table.jails.find((candidate) => candidate.jid === jid && candidate !== prison && isWithin(candidate, prison, table.jails));
    if (!jail) throw new KernelError(`jail ${jid} not found`);
    const doomed = table.jails.filter((candidate) => isWithin(candidate, jail, table.jails));
    // Deepest first: a child's interfaces go back to its parent before the parent's go back to the host.
    for (const gone of [...doomed].reverse()) reclaimJailInterfaces(gone, table.jails, prison);
    const holder = holderInView(jail, prison);
    // The holder is the init of the jail's PID namespace, which holds its descendants' namespaces too.
    if (holder !== undefined) stopHolder(holder);
    table.jails = table.jails.filter((candidate) => !doomed.includes(candidate));
    writeJailTable(table);
  });
}
