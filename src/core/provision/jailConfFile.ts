/**
 * The private jail.conf of one throwaway jail, started with `jail -f FILE -c NAME` so that the host's own
 * /etc/jail.conf is never touched. Values are written by the serializer rules of reference §1.10: double
 * quotes with `\`, `"` and `$` escaped.
 */
import type { Layout } from './layout';

export interface JailConfInput {
  name: string;
  address: string;
  interfaceName: string;
  thin: boolean;
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$')}"`;
}

export function jailConfText(layout: Layout, input: JailConfInput): string {
  const { name } = input;
  const lines = [
    `# Throwaway jail made by the FreeBSD Jails extension; destroy it from the extension or with "jails destroy".`,
    `${name} {`,
    `  path = ${quoted(layout.jailDir(name))};`,
    `  host.hostname = ${quoted(name)};`,
    `  ip4.addr = ${quoted(`${input.interfaceName}|${input.address}/32`)};`,
    '  mount.devfs;',
    '  devfs_ruleset = 4;',
    '  enforce_statfs = 2;',
    '  exec.clean;',
    `  exec.start = ${quoted('/bin/sh /etc/rc')};`,
    `  exec.stop = ${quoted('/bin/sh /etc/rc.shutdown jail')};`,
    `  exec.consolelog = ${quoted(layout.consoleLog(name))};`,
  ];
  if (input.thin) lines.push(`  mount.fstab = ${quoted(layout.fstab(name))};`);
  lines.push('  persist;', '}', '');
  return lines.join('\n');
}

/** The nullfs line that puts the template, read-only, under the thin jail's `.base`. */
export function thinFstabText(templateDir: string, jailDir: string): string {
  return `${templateDir}\t${jailDir}/.base\tnullfs\tro\t0\t0\n`;
}
