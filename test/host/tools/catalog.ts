/**
 * Every simulated FreeBSD tool: its name and the absolute paths FreeBSD installs it at. The tree builder
 * writes a stub at each path; the tools bundle dispatches on the name.
 */

import { DISK_FULL_MARKER } from './runtime/faults';

export interface ToolEntry {
  name: string;
  paths: string[];
  /** Exists on the simulated Linux host too (with Linux's answers). */
  onLinux?: boolean;
  /** Runs with the set-uid node so that it may become root after its own permission check. */
  privileged?: boolean;
  /** Installed only when the scenario says so. */
  requires?: 'sudo';
  /** Also installed in jail roots (jailRoot.ts), where FreeBSD's base has it too. */
  inJails?: boolean;
}

/**
 * Tools that are busybox's applet of the same name except while the disk-full switch is on: their stub is
 * a shell script that only starts node (about 90 ms) when the switch's marker file exists.
 */
const DISK_FULL_GATED = new Set(['cp', 'mkdir']);

export const TOOL_CATALOG: ToolEntry[] = [
  { name: 'uname', paths: ['/usr/bin/uname'], onLinux: true, inJails: true },
  { name: 'freebsd-version', paths: ['/bin/freebsd-version'] },
  { name: 'sysctl', paths: ['/sbin/sysctl'], onLinux: true, inJails: true },
  { name: 'jls', paths: ['/usr/sbin/jls'], inJails: true },
  { name: 'jail', paths: ['/usr/sbin/jail'], inJails: true },
  { name: 'jexec', paths: ['/usr/sbin/jexec'], inJails: true },
  { name: 'service', paths: ['/usr/sbin/service'], inJails: true },
  { name: 'sysrc', paths: ['/usr/sbin/sysrc'], inJails: true },
  { name: 'pkg', paths: ['/usr/sbin/pkg', '/usr/local/sbin/pkg'] },
  { name: 'zfs', paths: ['/sbin/zfs'] },
  { name: 'zpool', paths: ['/sbin/zpool'] },
  { name: 'fetch', paths: ['/usr/bin/fetch'] },
  { name: 'ifconfig', paths: ['/sbin/ifconfig'], inJails: true },
  { name: 'route', paths: ['/sbin/route'], inJails: true },
  { name: 'mount', paths: ['/sbin/mount'] },
  { name: 'umount', paths: ['/sbin/umount'] },
  { name: 'chflags', paths: ['/bin/chflags'], inJails: true },
  { name: 'rm', paths: ['/bin/rm'], inJails: true },
  { name: 'cp', paths: ['/bin/cp'], onLinux: true, inJails: true },
  { name: 'mkdir', paths: ['/bin/mkdir'], onLinux: true, inJails: true },
  { name: 'sftp-server', paths: ['/usr/libexec/sftp-server'], onLinux: true },
  { name: 'login', paths: ['/usr/bin/login'], inJails: true },
  { name: 'sha256', paths: ['/sbin/sha256'] },
  { name: 'kldstat', paths: ['/sbin/kldstat'] },
  { name: 'tar', paths: ['/usr/bin/tar'] },
  { name: 'doas', paths: ['/usr/local/bin/doas'], privileged: true },
  { name: 'sudo', paths: ['/usr/local/bin/sudo'], privileged: true, requires: 'sudo' },
];

/** The script installed at a tool's path: the private node running the tools bundle under `privateDir`. */
export function toolStub(name: string, privileged: boolean, privateDir: string): string {
  if (DISK_FULL_GATED.has(name)) {
    return `#!/bin/sh\n[ -e ${privateDir}/state/${DISK_FULL_MARKER} ] || exec ${privateDir}/bin/busybox ${name} "$@"\n`
      + `exec ${privateDir}/bin/node -e 'require("${privateDir}/tools.cjs").run(${JSON.stringify(name)}, process.argv.slice(1))' -- "$@"\n`;
  }
  return `#!${privateDir}/bin/${privileged ? 'node-privileged' : 'node'}\nrequire("${privateDir}/tools.cjs").run(${JSON.stringify(name)});\n`;
}
