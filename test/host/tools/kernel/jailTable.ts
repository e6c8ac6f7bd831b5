/**
 * The simulated kernel's list of jails (what jail_get(2) answers), kept in /.simulator/state/jails.json.
 * Each running jail has a holder process: the first process of its PID namespace.
 */
import { ParamDefinition, paramsOfRelease } from './paramTable';
import { hostConfig, readState, writeState } from '../runtime/stateStore';
import { processAlive } from '../../processAlive';

export type ParamValue = number | boolean | string | string[];

export interface KernelJail {
  jid: number;
  name: string;
  params: Record<string, ParamValue>;
  /** PID (in the simulator's namespace) of the jail's namespace init, absent for a jail with no holder. */
  holderPid?: number;
}

interface JailTableDocument {
  lastJid: number;
  jails: KernelJail[];
}

const DOCUMENT = 'jails';

export function readJailTable(): JailTableDocument {
  const table = readState<JailTableDocument>(DOCUMENT, () => ({ lastJid: 0, jails: [] }));
  // A jail whose namespace init was killed from outside has gone, as FreeBSD's would with its last process.
  table.jails = table.jails.filter((jail) => jail.holderPid === undefined || processAlive(jail.holderPid));
  table.jails.sort((a, b) => a.jid - b.jid);
  return table;
}

export function writeJailTable(table: JailTableDocument): void {
  writeState(DOCUMENT, table);
}

export function kernelParams(): ParamDefinition[] {
  return paramsOfRelease(Number(hostConfig().release.split('.')[0]));
}

export function findParam(name: string): ParamDefinition | undefined {
  return kernelParams().find((param) => param.name === name);
}

/** jail_getid(3): a number is a jid, anything else a name. */
export function findJail(jails: KernelJail[], key: string): KernelJail | undefined {
  if (/^\d+$/.test(key) && Number(key) !== 0) return jails.find((jail) => jail.jid === Number(key));
  return jails.find((jail) => jail.name === key);
}

/** The kernel's message when jail_getid(3) finds nothing. */
export function notFoundMessage(key: string): string {
  return /^\d+$/.test(key) && Number(key) !== 0 ? `jail ${key} not found` : `jail "${key}" not found`;
}

/** The values a new jail starts with before its creation parameters apply (kern_jail.c defaults). */
export function defaultParams(jid: number): Record<string, ParamValue> {
  const config = hostConfig();
  const values: Record<string, ParamValue> = {};
  for (const param of kernelParams()) {
    switch (param.type) {
      case 'bool': values[param.name] = false; break;
      case 'jailsys': values[param.name] = 'disable'; break;
      case 'ip4': case 'ip6': values[param.name] = []; break;
      case 'string': values[param.name] = ''; break;
      default: values[param.name] = 0;
    }
  }
  Object.assign(values, {
    jid, name: String(jid), path: '/', securelevel: -1, enforce_statfs: 2, host: 'new', vnet: 'inherit',
    'host.hostuuid': '00000000-0000-0000-0000-000000000000', 'cpuset.id': jid + 1,
    osrelease: config.release, osreldate: config.osreldate,
    'ip4.saddrsel': true, 'ip6.saddrsel': true,
    'allow.set_hostname': true, 'allow.reserved_ports': true, 'allow.suser': true,
  });
  return values;
}

/** jailparam_export(3): the text form of a value. */
export function exportValue(param: ParamDefinition, value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (param.type === 'bool') return value ? 'true' : 'false';
  return String(value);
}
