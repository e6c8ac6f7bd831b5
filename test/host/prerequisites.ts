/**
 * Finds the programs of the machine the simulated host is assembled from, and fails with one line naming
 * what to install when one is missing (CI installs everything from nothing).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface HostPrerequisites {
  sshd: string;
  sshKeygen: string;
  /** util-linux unshare: the namespace that holds sshd, its sessions and every jail. */
  unshare: string;
  /** Debian's busybox-static: jail roots and the namespace helpers (its applets run before PATH). */
  busyboxStatic: string;
  /** Debian's ordinary busybox (PATH-respecting shell), unpacked from its .deb; becomes /bin/sh. */
  busyboxDynamic: string;
  node: string;
  tcsh: string;
  /** OpenSSH's sftp-server: sshd's sftp subsystem, behind the simulator's filter (tools/sftpServer.ts). */
  sftpServer: string;
  ldconfig: string;
  /** tar with xz: builds the fixture mirror's base.txz. */
  xz: string;
}

export class MissingPrerequisiteError extends Error {}

export function requireProgram(path: string, remedy: string): string {
  if (!existsSync(path)) throw new MissingPrerequisiteError(`${path} not found: ${remedy}`);
  return path;
}

/** The .deb of `busybox` is downloaded with apt (never installed: it would replace busybox-static). */
function unpackedDynamicBusybox(cacheDir: string): string {
  const unpacked = join(cacheDir, 'busybox-deb', 'bin', 'busybox');
  if (existsSync(unpacked)) return unpacked;
  const debDir = join(cacheDir, 'debs');
  mkdirSync(debDir, { recursive: true });
  const findDeb = (dir: string) => readdirSync(dir).find((f) => /^busybox_.*_amd64\.deb$/.test(f));
  let deb = existsSync('/var/cache/apt/archives') ? findDeb('/var/cache/apt/archives') : undefined;
  let debPath = deb ? join('/var/cache/apt/archives', deb) : undefined;
  if (!debPath) {
    try {
      execFileSync('apt-get', ['download', 'busybox'], { cwd: debDir, stdio: 'ignore' });
    } catch {
      throw new MissingPrerequisiteError(
        'Debian package busybox could not be downloaded: run `apt-get update` (the simulator unpacks it with `apt-get download busybox`)');
    }
    deb = findDeb(debDir);
    if (!deb) throw new MissingPrerequisiteError('apt-get download busybox produced no .deb: run `apt-get update`');
    debPath = join(debDir, deb);
  }
  execFileSync('dpkg-deb', ['-x', debPath, join(cacheDir, 'busybox-deb')]);
  return requireProgram(unpacked, 'install busybox with `apt-get download busybox`');
}

export function findPrerequisites(cacheDir: string): HostPrerequisites {
  if (process.getuid?.() !== 0) throw new MissingPrerequisiteError('the simulated FreeBSD host must run as root (chroot, namespaces)');
  return {
    sshd: requireProgram('/usr/sbin/sshd', 'apt-get install -y openssh-server'),
    sshKeygen: requireProgram('/usr/bin/ssh-keygen', 'apt-get install -y openssh-client'),
    unshare: requireProgram('/usr/bin/unshare', 'apt-get install -y util-linux'),
    busyboxStatic: requireProgram('/bin/busybox', 'apt-get install -y busybox-static'),
    busyboxDynamic: unpackedDynamicBusybox(cacheDir),
    node: process.execPath,
    tcsh: requireProgram('/usr/bin/tcsh', 'apt-get install -y tcsh'),
    sftpServer: requireProgram('/usr/lib/openssh/sftp-server', 'apt-get install -y openssh-sftp-server'),
    ldconfig: requireProgram('/usr/sbin/ldconfig', 'apt-get install -y libc-bin'),
    xz: requireProgram('/usr/bin/xz', 'apt-get install -y xz-utils'),
  };
}
