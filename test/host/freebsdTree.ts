/**
 * Assembles an instance's FreeBSD-shaped tree (sshd's ChrootDirectory): busybox at FreeBSD's command
 * paths, the simulated tools' stubs at theirs, /etc from the scenario, and the private runtime under
 * /.simulator. Every directory is root-owned and not group/other-writable, as sshd demands.
 */
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scenario } from './scenario';
import { freebsdEtcFiles } from './etcFiles';
import { HostConfig, HOST_CONFIG_PATH, osreldateOf, STATE_DIR } from './hostConfig';
import { linkOrCopy, linkTree, PRIVATE_DIR } from './privateRuntime';
import { TOOL_CATALOG, toolStub as catalogToolStub } from './tools/catalog';
import { installedDatasets, withMountpointSources } from './tools/host/zfsState';
import { releaseName, seedDatasets, writeSeedConfigs } from './jailSeeds';
import { installReleaseMirror } from './releaseMirror';
import { installPackage } from './tools/pkg/database';
import { findFixture, FixturePackage } from './tools/pkg/catalog';

/** Busybox applets installed where FreeBSD keeps the command of the same name. */
const BUSYBOX_COMMANDS: Record<string, string[]> = {
  '/bin': ['sh', 'cat', 'chmod', 'date', 'dd', 'df', 'echo', 'expr', 'hostname', 'kill', 'ln', 'ls', 'mv',
    'ps', 'pwd', 'realpath', 'rmdir', 'sleep', 'stty', 'sync', 'test', '['],
  '/usr/bin': ['awk', 'basename', 'cmp', 'cut', 'diff', 'dirname', 'du', 'env', 'false', 'find', 'grep', 'egrep', 'fgrep',
    'gzip', 'gunzip', 'head', 'hexdump', 'id', 'less', 'logger', 'mktemp', 'more', 'nc', 'nohup', 'od', 'printf', 'readlink',
    'sed', 'seq', 'sort', 'stat', 'tail', 'tee', 'time', 'timeout', 'touch', 'tr', 'true', 'uniq', 'wc', 'which',
    'whoami', 'xargs', 'xz', 'unxz', 'xzcat', 'yes', 'zcat', 'vi', 'tty', 'su', 'groups'],
  '/usr/sbin': ['chroot', 'chown'],
  '/sbin': ['ping'],
};

const DIRECTORIES = ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/libexec', 'usr/local/bin', 'usr/local/sbin', 'usr/local/etc/rc.d',
  'usr/share/keys/pkg', 'etc/defaults', 'etc/jail.conf.d', 'etc/pkg', 'root', 'home', 'var/run', 'var/log', 'var/db',
  'var/cache', 'dev/pts', 'proc', 'boot/kernel', 'usr/local/jails/containers', 'usr/local/jails/media',
  'usr/local/jails/templates', 'mnt', 'media'];

export function hostConfigOf(scenario: Scenario): HostConfig {
  return {
    hostName: scenario.hostName, release: scenario.release, osreldate: osreldateOf(scenario.release),
    machine: scenario.machine, zfs: scenario.zfs, vimage: scenario.vimage, libxoVersion: scenario.libxoVersion,
    linuxHost: scenario.linuxHost, jailConfigDump: scenario.jailConfigDump, zpool: 'zroot',
  };
}

function toolStub(name: string, privileged: boolean): string {
  return catalogToolStub(name, privileged, PRIVATE_DIR);
}

export interface TreeInputs {
  root: string;
  runtimeDir: string;
  /** The compiled tools (toolsBundle.ts). */
  toolsSource: string;
  busyboxStatic: string;
  cacheDir: string;
}

/** Builds the tree; returns the configuration file of each seeded jail. */
export function buildFreebsdTree(scenario: Scenario, { root, runtimeDir, toolsSource, busyboxStatic, cacheDir }: TreeInputs): Map<string, string> {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  for (const directory of DIRECTORIES) mkdirSync(join(root, directory), { recursive: true, mode: 0o755 });
  for (const temporary of ['tmp', 'var/tmp']) {
    mkdirSync(join(root, temporary), { recursive: true });
    chmodSync(join(root, temporary), 0o1777);
  }
  linkTree(join(runtimeDir, PRIVATE_DIR), join(root, PRIVATE_DIR));
  mkdirSync(join(root, STATE_DIR), { recursive: true, mode: 0o755 });
  writeFileSync(join(root, PRIVATE_DIR, 'tools.cjs'), toolsSource);
  writeFileSync(join(root, HOST_CONFIG_PATH), JSON.stringify(hostConfigOf(scenario), null, 1));

  const busybox = join(root, PRIVATE_DIR, 'bin/busybox');
  for (const [directory, commands] of Object.entries(BUSYBOX_COMMANDS)) {
    for (const command of commands) linkOrCopy(busybox, join(root, directory, command));
  }
  for (const csh of ['/bin/csh', '/bin/tcsh']) linkOrCopy(join(root, PRIVATE_DIR, 'bin/tcsh'), join(root, csh));

  const sudoInstalled = !scenario.doasUser;
  for (const tool of TOOL_CATALOG) {
    if (scenario.linuxHost && !tool.onLinux) continue;
    if (tool.requires === 'sudo' && !sudoInstalled) continue;
    for (const path of tool.paths) {
      writeFileSync(join(root, path), toolStub(tool.name, tool.privileged === true), { mode: 0o755 });
      if (scenario.linuxHost && path === '/usr/bin/uname') linkOrCopy(join(root, path), join(root, '/bin/uname'));
    }
  }
  for (const [path, content] of Object.entries(freebsdEtcFiles(scenario))) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  chmodSync(join(root, 'root'), 0o700);
  const creation = Math.floor(Date.now() / 1000) - 86400;
  if (scenario.zfs) {
    const datasets = withMountpointSources([...installedDatasets(creation), ...seedDatasets(scenario, creation)]);
    writeFileSync(join(root, STATE_DIR, 'zfs.json'), JSON.stringify(datasets, null, 1));
  }
  if (scenario.doasUser) {
    mkdirSync(join(root, 'home', scenario.doasUser), { recursive: true });
    chownSync(join(root, 'home', scenario.doasUser), 1001, 1001);
  }
  if (!scenario.linuxHost) {
    // A host that manages jails has pkg bootstrapped (and doas or sudo installed); its jails do not.
    for (const name of ['pkg', 'doas', ...(sudoInstalled ? ['sudo'] : [])]) installPackage(root, findFixture(name) as FixturePackage, false, toolStub('pkg', false));
    installReleaseMirror(root, cacheDir, busyboxStatic, releaseName(scenario.release));
  }
  return writeSeedConfigs(root, scenario, busyboxStatic);
}
