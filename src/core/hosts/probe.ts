/**
 * What a host can do, learned in one exec round trip when it is first connected (reference §7: probe,
 * never assume from the version). The script only reads; it needs no privilege.
 */
import { buildSectionedScript, Section, SectionResult, splitSections } from '../freebsd/sectionedScript';

export type Privilege = 'root' | 'doas' | 'sudo' | 'none';

export interface JailManager {
  /** `throwaway`: the extension's own throwaway jails (src/core/provision), found by their private jail.conf. */
  name: 'bastille' | 'iocage' | 'appjail' | 'pot' | 'throwaway';
  path: string;
}

export interface HostCapabilities {
  kernelVersion: string;
  userlandVersion: string;
  osreldate: number;
  jailed: boolean;
  vimage: boolean;
  jailParameters: string[];
  zfsPools: string[];
  jlsLibxo: boolean;
  jailConfigDump: boolean;
  managers: JailManager[];
  user: string;
  privilege: Privilege;
}

export class NotFreeBSDError extends Error {
  constructor(readonly system: string) {
    super(`this host is not FreeBSD (uname -s says "${system}")`);
  }
}

export class ProbeOutputError extends Error {}

const managerNames: JailManager['name'][] = ['bastille', 'iocage', 'appjail', 'pot'];

const sections: Section[] = [
  { name: 'uname', script: 'uname -s' },
  { name: 'version', script: 'freebsd-version -ku' },
  { name: 'osreldate', script: 'sysctl -n kern.osreldate' },
  { name: 'jailed', script: 'sysctl -n security.jail.jailed' },
  { name: 'vimage', script: 'sysctl -n kern.features.vimage 2>/dev/null || echo 0' },
  { name: 'params', script: 'sysctl -N security.jail.param' },
  { name: 'zpools', script: 'zpool list -H -o name 2>/dev/null || true' },
  { name: 'libxo', script: 'jls --libxo json -n jid >/dev/null 2>&1 && echo yes || echo no' },
  { name: 'jail-e', script: 'jail -f /dev/null -e x >/dev/null 2>&1 && echo yes || echo no' },
  { name: 'managers', script: managerNames.map((m) => `command -v ${m} || true`).join('; ') },
  { name: 'user', script: 'id -un; id -u' },
  { name: 'privilege', script: 'doas -n true >/dev/null 2>&1 && echo doas; sudo -n true >/dev/null 2>&1 && echo sudo; true' },
];

export function probeScript(nonce: string): string {
  return buildSectionedScript(sections, nonce);
}

function lines(result: SectionResult): string[] {
  return result.output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Names from `sysctl -N security.jail.param`; a trailing `.` marks a node that is itself a parameter. */
export function parseJailParameterNames(output: string): string[] {
  const prefix = 'security.jail.param.';
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).replace(/\.$/, ''))
    .filter((l) => l !== '');
}

export function parseProbe(stdout: string, nonce: string): HostCapabilities {
  const r = splitSections(stdout, nonce, sections.map((s) => s.name));
  const get = (name: string) => r.get(name) as SectionResult;
  const system = lines(get('uname'))[0] ?? '';
  if (system !== 'FreeBSD') throw new NotFreeBSDError(system || 'nothing');
  const [kernelVersion, userlandVersion] = lines(get('version'));
  if (get('version').status !== 0 || !kernelVersion) throw new ProbeOutputError(`freebsd-version -ku failed: ${get('version').output.trim()}`);
  const [userName, uid] = lines(get('user'));
  const escalation = lines(get('privilege'));
  const privilege: Privilege = uid === '0' ? 'root' : escalation.includes('doas') ? 'doas' : escalation.includes('sudo') ? 'sudo' : 'none';
  const managers = lines(get('managers')).flatMap((path) => {
    const name = managerNames.find((m) => path.endsWith(`/${m}`));
    return name ? [{ name, path }] : [];
  });
  return {
    kernelVersion,
    userlandVersion: userlandVersion ?? kernelVersion,
    osreldate: Number(lines(get('osreldate'))[0] ?? 0),
    jailed: lines(get('jailed'))[0] === '1',
    vimage: lines(get('vimage'))[0] === '1',
    jailParameters: parseJailParameterNames(get('params').output),
    zfsPools: get('zpools').status === 0 ? lines(get('zpools')) : [],
    jlsLibxo: lines(get('libxo'))[0] === 'yes',
    jailConfigDump: lines(get('jail-e'))[0] === 'yes',
    managers,
    user: userName ?? '',
    privilege,
  };
}

export function privilegeProblem(capabilities: HostCapabilities): string | undefined {
  if (capabilities.privilege !== 'none') return undefined;
  return (
    `${capabilities.user} is not root and has no password-less doas or sudo rule, so jails can be listed but not ` +
    'started, stopped or created. Add "permit nopass ' + capabilities.user + '" to /usr/local/etc/doas.conf, ' +
    'or log in as root.'
  );
}
