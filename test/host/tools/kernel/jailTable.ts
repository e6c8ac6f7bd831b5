/**
 * The simulated kernel's list of jails (what jail_get(2) answers), kept in /.simulator/state/jails.json.
 * Each running jail has a holder process: the first process of its PID namespace. Jails nest: a jail's
 * `parent` is its parent's jid and its name is the full dotted name; a process inside a jail (told
 * apart by its mount namespace) sees only that jail's descendants, named and rooted relative to it.
 */
import { ParamDefinition, paramsOfRelease } from './paramTable';
import { hostConfig, readState, writeState } from '../runtime/stateStore';
import { processAlive } from '../../processAlive';
import { namespaceInit, namespaceOf } from './jailProcesses';

export type ParamValue = number | boolean | string | string[];

export interface KernelJail {
  jid: number;
  name: string;
  params: Record<string, ParamValue>;
  /**
   * PID of the jail's namespace init: in the table, as the host sees it (absent when a jail created it);
   * in readJailTable()'s answer, as the calling process sees it.
   */
  holderPid?: number;
  /** The holder's PID and mount namespaces: how the jail's processes are found and recognised. */
  pidNs?: string;
  mntNs?: string;
  /** Root of the jail whose process started the holder ("/" for the host): the holder's own root. */
  holderRoot?: string;
}

interface JailTableDocument {
  lastJid: number;
  jails: KernelJail[];
}

const DOCUMENT = 'jails';

/** Whether `jail` is `prison` or below it (every jail is below the host, `undefined`). */
export function isWithin(jail: KernelJail, prison: KernelJail | undefined, jails: KernelJail[]): boolean {
  for (let current: KernelJail | undefined = jail; current; current = jails.find((candidate) => candidate.jid === current?.params.parent)) {
    if (prison === undefined || current.jid === prison.jid) return true;
  }
  return false;
}

/** The jail the calling process runs in, undefined on the host. */
export function prisonOf(jails: KernelJail[]): KernelJail | undefined {
  const own = namespaceOf('self', 'mnt');
  return own === undefined ? undefined : jails.find((jail) => jail.mntNs === own);
}

/** The holder's PID as the calling process sees it, undefined when the jail's processes are gone. */
export function holderInView(jail: KernelJail, prison: KernelJail | undefined): number | undefined {
  if (prison === undefined && jail.holderPid !== undefined) return processAlive(jail.holderPid) ? jail.holderPid : undefined;
  return jail.pidNs === undefined ? undefined : namespaceInit(jail.pidNs);
}

/** The table as stored, without jails whose processes are gone (when the caller can see them). */
export function readKernelTable(): JailTableDocument {
  const table = readState<JailTableDocument>(DOCUMENT, () => ({ lastJid: 0, jails: [] }));
  const prison = prisonOf(table.jails);
  // A jail whose namespace init was killed from outside has gone, as FreeBSD's would with its last process.
  table.jails = table.jails.filter((jail) => !isWithin(jail, prison, table.jails) || jail === prison || holderInView(jail, prison) !== undefined);
  for (const jail of table.jails) {
    jail.params['children.cur'] = table.jails.filter((other) => other !== jail && isWithin(other, jail, table.jails)).length;
  }
  table.jails.sort((a, b) => a.jid - b.jid);
  return table;
}

/** One jail as a process inside `prison` sees it: name, path and parent relative to the prison. */
export function viewOf(jail: KernelJail, prison: KernelJail | undefined): KernelJail {
  const holderPid = holderInView(jail, prison);
  if (prison === undefined) return { ...jail, holderPid };
  const name = jail.name.slice(prison.name.length + 1);
  const prisonPath = String(prison.params.path);
  const relative = (path: string) => (prisonPath === '/' ? path : path === prisonPath ? '/' : path.startsWith(`${prisonPath}/`) ? path.slice(prisonPath.length) : path);
  const parent = jail.params.parent === prison.jid ? 0 : jail.params.parent;
  return { ...jail, name, holderPid, holderRoot: relative(jail.holderRoot ?? '/'), params: { ...jail.params, name, path: relative(String(jail.params.path)), parent } };
}

/** The running jails the calling process may see (all of them on the host, its descendants in a jail). */
export function readJailTable(): JailTableDocument {
  const table = readKernelTable();
  const prison = prisonOf(table.jails);
  return { lastJid: table.lastJid, jails: table.jails.filter((jail) => jail !== prison && isWithin(jail, prison, table.jails)).map((jail) => viewOf(jail, prison)) };
}

export function writeJailTable(table: JailTableDocument): void {
  writeState(DOCUMENT, table);
}

export function kernelParams(): ParamDefinition[] {
  const config = hostConfig();
  // Without VIMAGE the kernel has no vnet parameter at all.
  return paramsOfRelease(Number(config.release.split('.')[0])).filter((param) => param.name !== 'vnet' || config.vimage);
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
