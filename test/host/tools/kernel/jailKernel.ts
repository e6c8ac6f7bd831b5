/**
 * jail_set(2) and jail_remove(2) of the simulated kernel: the checks and messages of kern_jail.c
 * (freebsd-reference.md §1.11 "kernel messages"), the jail table, and the jail's namespaces.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { withStateLock } from '../runtime/stateStore';
import { defaultParams, findJail, findParam, KernelJail, ParamValue, readJailTable, writeJailTable } from './jailTable';
import { NAMESPACE_TOOL, startHolder, stopHolder } from './jailProcesses';

export class KernelError extends Error {}

const MAX_ADDRESSES = 255;

function requireRoot(call: string): void {
  if (process.geteuid?.() !== 0) throw new KernelError(`${call}: Operation not permitted`);
}

function addressesOf(values: Map<string, ParamValue> | Record<string, ParamValue>, name: 'ip4.addr' | 'ip6.addr'): string[] {
  const value = values instanceof Map ? values.get(name) : values[name];
  return Array.isArray(value) ? value : [];
}

/** Creates a jail from checked parameters; `persist` may be forced while jail(8) runs commands. */
export function createKernelJail(values: Map<string, ParamValue>): KernelJail {
  requireRoot('jail_set');
  return withStateLock(() => {
    const table = readJailTable();
    const requestedJid = values.get('jid') as number | undefined;
    const requestedName = values.get('name') as string | undefined;
    if (requestedJid !== undefined && table.jails.some((jail) => jail.jid === requestedJid)) throw new KernelError(`jail ${requestedJid} already exists`);
    if (requestedName !== undefined && table.jails.some((jail) => jail.name === requestedName)) throw new KernelError(`jail "${requestedName}" already exists`);
    let jid = requestedJid ?? 0;
    if (!jid) {
      jid = table.lastJid + 1;
      while (table.jails.some((jail) => jail.jid === jid)) jid++;
    }
    if (requestedName !== undefined) {
      if (/^\d+$/.test(requestedName) && (Number(requestedName) !== jid || requestedName.startsWith('0'))) {
        throw new KernelError('name cannot be numeric (unless it is the jid)');
      }
      const dot = requestedName.lastIndexOf('.');
      if (dot > 0) {
        const parent = requestedName.slice(0, dot);
        if (!findJail(table.jails, parent)) throw new KernelError(`jail "${parent}" not found`);
        throw new KernelError('prison limit exceeded');
      }
    }
    const params = defaultParams(jid);
    for (const [name, value] of values) params[name] = value;
    params.jid = jid;
    // cpuset ids are recycled: the lowest one no other jail holds (0 and 1 are the system's).
    let cpuset = 2;
    while (table.jails.some((jail) => jail.params['cpuset.id'] === cpuset)) cpuset++;
    params['cpuset.id'] = cpuset;
    params.name = requestedName ?? String(jid);
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
    const holderPid = startHolder(String(params.path), jailHostname);
    const jail: KernelJail = { jid, name: String(params.name), params, holderPid };
    table.jails.push(jail);
    table.lastJid = Math.max(table.lastJid, jid);
    writeJailTable(table);
    return jail;
  });
}

/** Changes a running jail's writable parameters (JAIL_UPDATE). */
export function updateKernelJail(jid: number, values: Map<string, ParamValue>): KernelJail {
  requireRoot('jail_set');
  return withStateLock(() => {
    const table = readJailTable();
    const jail = table.jails.find((candidate) => candidate.jid === jid);
    if (!jail) throw new KernelError(`jail ${jid} not found`);
    for (const [name, value] of values) {
      const definition = findParam(name);
      if (!definition || name === 'jid') continue;
      if (definition.access !== 'rw' && JSON.stringify(jail.params[name]) !== JSON.stringify(value)) {
        throw new KernelError(`${name} cannot be changed after creation`);
      }
      jail.params[name] = value;
    }
    jail.name = String(jail.params.name);
    if (values.has('host.hostname') && jail.holderPid !== undefined) {
      spawnSync(NAMESPACE_TOOL, ['nsenter', '-t', String(jail.holderPid), '-u', '--', NAMESPACE_TOOL, 'hostname', String(jail.params['host.hostname'])]);
    }
    writeJailTable(table);
    return jail;
  });
}

export function removeKernelJail(jid: number): void {
  requireRoot('jail_remove');
  withStateLock(() => {
    const table = readJailTable();
    const jail = table.jails.find((candidate) => candidate.jid === jid);
    if (!jail) throw new KernelError(`jail ${jid} not found`);
    if (jail.holderPid !== undefined) stopHolder(jail.holderPid);
    table.jails = table.jails.filter((candidate) => candidate.jid !== jid);
    writeJailTable(table);
  });
}
