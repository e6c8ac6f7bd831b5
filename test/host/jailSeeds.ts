/**
 * Gives a fresh host the jails its scenario lists: a busybox-static root for each, its configuration in
 * /etc/jail.conf (Handbook style, with the recommended .include of /etc/jail.conf.d), in
 * /etc/jail.conf.d/NAME.conf, or in Bastille's tree (a thin jail on a nullfs-mounted release), ZFS
 * datasets when the host has ZFS, and then starts the running ones through the simulated jail(8).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SimulatedHost } from './index';
import { JailSeed, Scenario } from './scenario';
import { buildJailRoot } from './jailRoot';
import { filesystem } from './tools/host/zfsState';

const CONTAINERS = '/usr/local/jails/containers';
const BASTILLE = '/usr/local/bastille';
const THIN_LINKS = ['bin', 'lib', 'libexec', 'rescue', 'sbin', 'usr/bin', 'usr/lib', 'usr/libexec', 'usr/sbin', 'usr/share'];

export function releaseName(release: string): string {
  return release.replace(/-p\d+$/, '');
}

/** The start of every jail block in the Handbook's jails chapter: start-up, logging, permissions, hostname. */
export const HANDBOOK_JAIL_PRELUDE = `  # STARTUP/LOGGING
  exec.start = "/bin/sh /etc/rc";
  exec.stop = "/bin/sh /etc/rc.shutdown";
  exec.consolelog = "/var/log/jail_console_\${name}.log";

  # PERMISSIONS
  allow.raw_sockets;
  exec.clean;
  mount.devfs;

  # HOSTNAME/PATH
  host.hostname = "\${name}";
`;

export function handbookJailBlock(seed: JailSeed, prefix: string): string {
  return `${seed.name} {
${HANDBOOK_JAIL_PRELUDE}  path = "${prefix}/\${name}";

  # NETWORK
  ip4.addr = "lo1|${seed.ip4}/32";
}
`;
}

function bastilleJailConf(seed: JailSeed, release: string): string {
  const jailDir = `${BASTILLE}/jails/${seed.name}`;
  return `${seed.name} {
  enforce_statfs = 2;
  devfs_ruleset = 4;
  exec.clean;
  exec.consolelog = /var/log/bastille/${seed.name}_console.log;
  exec.start = '/bin/sh /etc/rc';
  exec.stop = '/bin/sh /etc/rc.shutdown';
  host.hostname = ${seed.name};
  mount.devfs;
  mount.fstab = ${jailDir}/fstab;
  path = ${jailDir}/root;
  securelevel = 2;
  osrelease = ${releaseName(release)};

  ip4.addr = lo1|${seed.ip4};
  ip6 = disable;
}
`;
}

function writeBastilleJail(root: string, seed: JailSeed, scenario: Scenario, busyboxStatic: string): string {
  const release = releaseName(scenario.release);
  const releaseDir = `${BASTILLE}/releases/${release}`;
  buildJailRoot(join(root, releaseDir), busyboxStatic, scenario.release, seed.name);
  const jailDir = `${BASTILLE}/jails/${seed.name}`;
  const jailRoot = join(root, jailDir, 'root');
  for (const directory of ['.bastille', 'dev', 'etc', 'proc', 'root', 'tmp', 'var/log', 'var/run', 'usr']) mkdirSync(join(jailRoot, directory), { recursive: true });
  for (const link of THIN_LINKS) symlinkSync(`/.bastille/${link}`, join(jailRoot, link));
  for (const file of ['etc/rc', 'etc/rc.shutdown', 'etc/passwd', 'etc/group', 'etc/hosts']) {
    writeFileSync(join(jailRoot, file), readFileSync(join(root, releaseDir, file)), { mode: file.startsWith('etc/rc') ? 0o755 : 0o644 });
  }
  writeFileSync(join(jailRoot, 'etc/rc.conf'), `hostname="${seed.name}"\nsyslogd_flags="-ss"\nsendmail_enable="NONE"\ncron_flags="-J 60"\n`);
  writeFileSync(join(root, jailDir, 'fstab'), `${releaseDir} ${jailDir}/root/.bastille nullfs ro 0 0\n`);
  writeFileSync(join(root, jailDir, 'jail.conf'), bastilleJailConf(seed, scenario.release));
  writeFileSync(join(root, jailDir, 'settings.conf'), 'boot="on"\ndepend=""\npriority="99"\n');
  mkdirSync(join(root, 'var/log/bastille'), { recursive: true });
  return `${jailDir}/jail.conf`;
}

/** Where each seed's configuration lives, written into the tree; returns the file per jail name. */
export function writeSeedConfigs(root: string, scenario: Scenario, busyboxStatic: string): Map<string, string> {
  const files = new Map<string, string>();
  let jailConf = '# Jails of this host (FreeBSD Handbook layout).\n.include "/etc/jail.conf.d/*.conf";\n\n';
  for (const seed of scenario.jails) {
    if (seed.configuredIn === 'bastille') {
      files.set(seed.name, writeBastilleJail(root, seed, scenario, busyboxStatic));
      continue;
    }
    buildJailRoot(join(root, CONTAINERS, seed.name), busyboxStatic, scenario.release, seed.name);
    if (seed.configuredIn === 'jail.conf') {
      jailConf += `${handbookJailBlock(seed, CONTAINERS)}\n`;
      files.set(seed.name, '/etc/jail.conf');
    } else {
      writeFileSync(join(root, 'etc/jail.conf.d', `${seed.name}.conf`), handbookJailBlock(seed, CONTAINERS));
      files.set(seed.name, `/etc/jail.conf.d/${seed.name}.conf`);
    }
  }
  writeFileSync(join(root, 'etc/jail.conf'), jailConf);
  if (scenario.jails.some((seed) => seed.configuredIn === 'bastille')) {
    mkdirSync(join(root, 'usr/local/etc/bastille'), { recursive: true });
    writeFileSync(join(root, 'usr/local/etc/bastille/bastille.conf'),
      `bastille_prefix="${BASTILLE}"\nbastille_zfs_enable="${scenario.zfs ? 'YES' : 'NO'}"\nbastille_zfs_zpool="zroot"\nbastille_network_loopback="bastille0"\n`);
  }
  return files;
}

/** ZFS datasets for the seeds' directories, added to the installed layout. */
export function seedDatasets(scenario: Scenario, creation: number) {
  return scenario.jails.filter((seed) => seed.configuredIn !== 'bastille')
    .map((seed) => filesystem(`zroot/jails/containers/${seed.name}`, `${CONTAINERS}/${seed.name}`, creation));
}

/** apache24 installed into a started seed, a page of its own as the document root's index, enabled and started. */
function startApache(seed: JailSeed): string {
  // printf's own \n escapes, and no '!': root's login shell may be csh, which refuses a newline inside quotes.
  const page = `<html><head><title>${seed.name}</title></head><body>\\n<h1>${seed.name}</h1>\\n`
    + `<p>Served by Apache of the simulated FreeBSD host, in jail ${seed.name}.</p>\\n</body></html>\\n`;
  const root = `${CONTAINERS}/${seed.name}`;
  // rc.conf gets the line `sysrc apache24_enable=YES` would append, without another start of the tools' node.
  return `pkg -j ${seed.name} install -y -q apache24 && printf '${page}' > ${root}/usr/local/www/apache24/data/index.html`
    + ` && echo 'apache24_enable="YES"' >> ${root}/etc/rc.conf && service -j ${seed.name} apache24 start >/dev/null`;
}

export async function seedJails(host: SimulatedHost, configFiles: Map<string, string>): Promise<void> {
  const running = host.scenario.jails.filter((seed) => seed.running);
  const starts = [
    ...running.map((seed) => `jail -q -f ${configFiles.get(seed.name)} -c ${seed.name}`),
    ...running.filter((seed) => seed.servesWeb && seed.configuredIn !== 'bastille').map(startApache),
  ];
  if (starts.length === 0) return;
  // Asynchronous: with a latency scenario the client goes through the proxy, which lives in this process.
  await promisify(execFile)('ssh', [...host.sshArgs(), starts.join(' && ')]);
}
