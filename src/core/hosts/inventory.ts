/**
 * Every jail on a host, in one exec round trip: running ones from jls, configured ones from /etc/jail.conf
 * (with its includes), /etc/jail.conf.d/*.conf and the jail managers' own per-jail files, plus rc.conf's
 * jail settings. The host's own parser (`jail -e`) evaluates each configuration, so what the tree shows is
 * what `service jail start` would see; where jail(8) has no -e, the same script brings the files back and
 * the jail.conf core evaluates them here (configTexts.ts).
 */
import { parseJailConfigDump } from '../freebsd/jailConfigDump';
import { inventoryParameters, parseJlsJson, parseJlsNameValue, RunningJail } from '../freebsd/jlsOutput';
import { buildSectionedScript, Section, SectionResult, splitSections } from '../freebsd/sectionedScript';
import { configTextsScript, configuredFromTexts, parseConfigTexts, RootJails } from './configTexts';
import { defaultProvisionSettings } from '../provision/settings';
import { shellQuote } from '../ssh/shellQuote';
import type { HostCapabilities, JailManager } from './probe';

export type JailState = 'running' | 'dying' | 'stopped';

export interface ConfigSource {
  file: string;
  manager?: JailManager['name'];
}

export interface InventoryJail {
  name: string;
  state: JailState;
  running?: RunningJail;
  config?: { source: ConfigSource; parameters: Record<string, string | boolean> };
  manager?: JailManager['name'];
  /** Listed in rc.conf's jail_list, so started at boot when jail_enable is YES. */
  enabledAtBoot: boolean;
}

export interface Inventory {
  jails: InventoryJail[];
  jailEnable: boolean;
  /** Configuration files that the host's parser refused, with its message. */
  configErrors: { file: string; message: string }[];
}

export interface InventoryOptions {
  /** The jails.throwaway.root setting: where the extension's throwaway jails keep their jail.conf files. */
  throwawayRoot?: string;
}

/** Where each manager keeps one jail.conf per jail (their defaults; reference §5), and the extension its own. */
function managerConfigGlobs(options: InventoryOptions): { manager: JailManager['name']; glob: string }[] {
  return [
    { manager: 'bastille', glob: '/usr/local/bastille/jails/*/jail.conf' },
    { manager: 'appjail', glob: '/usr/local/appjail/jails/*/conf/jail.conf' },
    // The root is the user's setting: quoted, with only the pattern after it left to the shell (provision/layout.ts).
    { manager: 'throwaway', glob: `${shellQuote(options.throwawayRoot ?? defaultProvisionSettings.root)}/conf/*.conf` },
  ];
}

/** jail.conf and rc.d/jail's other files, in the order rc.d/jail reads them. */
const systemConfigGlobs = '/etc/jail.conf /etc/jail.conf.d/*.conf /etc/jail.*.conf';

export function inventorySections(capabilities: HostCapabilities, nonce: string, options: InventoryOptions = {}): Section[] {
  const params = inventoryParameters.join(' ');
  const jls = capabilities.jlsLibxo ? `jls --libxo json -d -n ${params}` : `jls -d -n -q ${params}`;
  const dump = (glob: string) =>
    `for f in ${glob}; do [ -f "$f" ] || continue; echo "@@${nonce} file $f"; jail -f "$f" -e ' ' 2>&1; echo "@@${nonce} status $?"; done`;
  const sections: Section[] = [
    { name: 'jls', script: jls },
    { name: 'rcconf', script: "sysrc -ae 2>/dev/null | grep '^jail_' || true" },
  ];
  // The managers' trees are looked at even when their command is not on PATH: a glob that matches nothing
  // costs nothing, and jails a manager made stay visible after it is uninstalled.
  if (capabilities.jailConfigDump) {
    sections.push({ name: 'configs', script: dump(systemConfigGlobs) });
    for (const { manager, glob } of managerConfigGlobs(options)) sections.push({ name: `manager-${manager}`, script: dump(glob) });
  } else {
    sections.push({ name: 'config-texts', script: configTextsScript(nonce, [{ glob: systemConfigGlobs }, ...managerConfigGlobs(options)]) });
  }
  return sections;
}

export function inventoryScript(capabilities: HostCapabilities, nonce: string, options: InventoryOptions = {}): string {
  return buildSectionedScript(inventorySections(capabilities, nonce, options), nonce);
}

interface FileDump {
  file: string;
  output: string;
  status: number;
}

function splitFiles(output: string, nonce: string): FileDump[] {
  const dumps: FileDump[] = [];
  let current: { file: string; lines: string[] } | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith(`@@${nonce} file `)) {
      current = { file: line.slice(`@@${nonce} file `.length), lines: [] };
    } else if (line.startsWith(`@@${nonce} status `) && current) {
      dumps.push({ file: current.file, output: current.lines.join('\n'), status: Number(line.slice(`@@${nonce} status `.length)) });
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  return dumps;
}

/** Each configuration file's jails, read by the host's `jail -e` or, without it, from the files' texts. */
function configuredByFile(sections: Section[], results: Map<string, SectionResult>, nonce: string): ({ source: ConfigSource } & RootJails)[] {
  const texts = results.get('config-texts');
  if (texts) {
    const host = parseConfigTexts(texts.output, nonce);
    return host.roots.map(({ file, manager }) => ({ source: { file, manager: manager as JailManager['name'] | undefined }, ...configuredFromTexts(file, host) }));
  }
  return sections.filter((s) => s.name === 'configs' || s.name.startsWith('manager-')).flatMap((section) => {
    const manager = section.name.startsWith('manager-') ? (section.name.slice('manager-'.length) as JailManager['name']) : undefined;
    return splitFiles(results.get(section.name)!.output, nonce).map((dump) => ({
      source: { file: dump.file, manager },
      jails: dump.status === 0 ? parseJailConfigDump(dump.output) : [],
      errors: dump.status === 0 ? [] : [dump.output.trim()],
    }));
  });
}

/** rc.conf lines as `sysrc -ae` prints them: name="value". */
function parseRcConf(output: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^([A-Za-z0-9_]+)="(.*)"$/.exec(line.trim());
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

export function parseInventory(stdout: string, capabilities: HostCapabilities, nonce: string, options: InventoryOptions = {}): Inventory {
  const sections = inventorySections(capabilities, nonce, options);
  const results = splitSections(stdout, nonce, sections.map((s) => s.name));
  const jlsResult = results.get('jls')!;
  if (jlsResult.status !== 0) throw new Error(`jls failed: ${jlsResult.output.trim()}`);
  const running = capabilities.jlsLibxo ? parseJlsJson(jlsResult.output) : parseJlsNameValue(jlsResult.output);
  const rc = parseRcConf(results.get('rcconf')!.output);
  const bootList = new Set((rc.get('jail_list') ?? '').split(/\s+/).filter(Boolean));

  const configured = new Map<string, { source: ConfigSource; parameters: Record<string, string | boolean> }>();
  const configErrors: Inventory['configErrors'] = [];
  for (const file of configuredByFile(sections, results, nonce)) {
    configErrors.push(...file.errors.map((message) => ({ file: file.source.file, message })));
    for (const jail of file.jails) {
      // The first file that defines a jail wins, as rc.d/jail looks in that order too.
      if (!configured.has(jail.name)) configured.set(jail.name, { source: file.source, parameters: jail.parameters });
    }
  }

  const jails: InventoryJail[] = [];
  const seen = new Set<string>();
  for (const jail of running) {
    const config = configured.get(jail.name);
    seen.add(jail.name);
    jails.push({
      name: jail.name,
      state: jail.dying ? 'dying' : 'running',
      running: jail,
      config,
      manager: config?.source.manager ?? (jail.name.startsWith('ioc-') ? 'iocage' : undefined),
      enabledAtBoot: bootList.has(jail.name),
    });
  }
  for (const [name, config] of configured) {
    if (seen.has(name)) continue;
    jails.push({ name, state: 'stopped', config, manager: config.source.manager, enabledAtBoot: bootList.has(name) });
  }
  jails.sort((a, b) => a.name.localeCompare(b.name));
  return { jails, jailEnable: /^(yes|true|on|1)$/i.test(rc.get('jail_enable') ?? ''), configErrors };
}
