/**
 * The configuration files of the simulated FreeBSD tree (/etc, /usr/local/etc) and the account files sshd
 * itself reads outside the tree, derived from a Scenario.
 */
import { Scenario } from './scenario';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export function accountsOf(scenario: Scenario): Account[] {
  const accounts: Account[] = [
    { name: 'root', uid: 0, gid: 0, gecos: 'Charlie &', home: '/root', shell: scenario.rootShell },
    { name: 'toor', uid: 0, gid: 0, gecos: 'Bourne-again Superuser', home: '/root', shell: '/usr/sbin/nologin' },
    { name: 'daemon', uid: 1, gid: 1, gecos: 'Owner of many system processes', home: '/root', shell: '/usr/sbin/nologin' },
    { name: 'operator', uid: 2, gid: 5, gecos: 'System &', home: '/', shell: '/usr/sbin/nologin' },
    { name: 'www', uid: 80, gid: 80, gecos: 'World Wide Web Owner', home: '/nonexistent', shell: '/usr/sbin/nologin' },
    { name: 'nobody', uid: 65534, gid: 65534, gecos: 'Unprivileged user', home: '/nonexistent', shell: '/usr/sbin/nologin' },
  ];
  if (scenario.doasUser) {
    accounts.push({ name: scenario.doasUser, uid: 1001, gid: 1001, gecos: 'Jail deployer', home: `/home/${scenario.doasUser}`, shell: '/bin/sh' });
  }
  return accounts;
}

function groupLines(scenario: Scenario): string[] {
  const wheelMembers = ['root', ...(scenario.doasUser ? [scenario.doasUser] : [])].join(',');
  return [`wheel:*:0:${wheelMembers}`, 'daemon:*:1:', 'operator:*:5:root', 'www:*:80:', 'nogroup:*:65533:', 'nobody:*:65534:',
    ...(scenario.doasUser ? [`${scenario.doasUser}:*:1001:`] : [])];
}

/** passwd, shadow and group for sshd (Linux formats), bind-mounted over /etc in sshd's namespace only. */
export function sshdAccountFiles(scenario: Scenario): Record<string, string> {
  const accounts = accountsOf(scenario).filter((account) => account.name !== 'toor');
  return {
    passwd: accounts.map((a) => `${a.name}:x:${a.uid}:${a.gid}:${a.gecos}:${a.home}:${a.shell}\n`).join(''),
    // "*" keeps password logins impossible while leaving the account unlocked for keys.
    shadow: accounts.map((a) => `${a.name}:*:19000:0:99999:7:::\n`).join(''),
    group: groupLines(scenario).map((line) => `${line.replace(':*:', ':x:')}\n`).join(''),
  };
}

function rcConf(scenario: Scenario): string {
  return [
    `hostname="${scenario.hostName}"`,
    'ifconfig_em0="DHCP"',
    'sshd_enable="YES"',
    scenario.zfs ? 'zfs_enable="YES"' : '',
    'cloned_interfaces="lo1"',
    'jail_enable="YES"',
    `jail_list="${scenario.jails.filter((jail) => jail.configuredIn !== 'bastille').map((jail) => jail.name).join(' ')}"`,
    '',
  ].filter((line, index, all) => line !== '' || index === all.length - 1).join('\n');
}

const DEFAULTS_RC_CONF = `# This is rc.conf - a file full of useful variables that you can set
# to change the default startup behavior of your system.
jail_enable="NO"	# Set to NO to disable starting of any jails
jail_parallel_start="NO"	# Start jails in the background
jail_list=""		# Space separated list of names of jails
jail_reverse_stop="NO"	# Stop jails in reverse order
jail_conf="/etc/jail.conf"	# Configuration file for jails
jail_confwarn="YES"	# Warn about the legacy jail configuration
sshd_enable="NO"	# Enable sshd
zfs_enable="NO"		# Set to YES to automatically mount ZFS file systems
cloned_interfaces=""	# List of cloned network interfaces to create.
pf_enable="NO"		# Set to YES to enable packet filter (pf)
`;

const motd = (scenario: Scenario) =>
  `FreeBSD ${scenario.release} (simulated)\n\nThis is a simulated FreeBSD host, for testing and trying out jail management.\n`;

const PKG_REPOSITORY_CONF = `FreeBSD: {
  url: "pkg+https://pkg.FreeBSD.org/\${ABI}/quarterly",
  mirror_type: "srv",
  signature_type: "fingerprints",
  fingerprints: "/usr/share/keys/pkg",
  enabled: yes
}
`;

/**
 * What FreeBSD 14 installs in /root for sh (from bin/sh: dot.profile, dot.shrc), in our words: a login
 * shell's PATH, and ENV naming the file whose prompt interactive shells show, user@host:directory #.
 */
export const ROOT_SHELL_FILES: Record<string, string> = {
  'root/.profile': [
    '# sh login settings for root, as FreeBSD installs them.',
    'HOME=/root; export HOME',
    'PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:~/bin; export PATH',
    'TERM=${TERM:-xterm}; export TERM',
    'PAGER=less; export PAGER',
    '# The file interactive shells read first.',
    'ENV=$HOME/.shrc; export ENV',
    '',
  ].join('\n'),
  'root/.shrc': '# Interactive sh settings: the prompt shows user@host:directory, then # for root.\nPS1="\\u@\\h:\\w \\\\$ "\n',
};

export function freebsdEtcFiles(scenario: Scenario): Record<string, string> {
  const accounts = accountsOf(scenario);
  const files: Record<string, string> = {
    '/etc/passwd': accounts.map((a) => `${a.name}:*:${a.uid}:${a.gid}:${a.gecos}:${a.home}:${a.shell}\n`).join(''),
    '/etc/master.passwd': accounts.map((a) => `${a.name}:*:${a.uid}:${a.gid}::0:0:${a.gecos}:${a.home}:${a.shell}\n`).join(''),
    '/etc/group': groupLines(scenario).map((line) => `${line}\n`).join(''),
    '/etc/rc.conf': rcConf(scenario),
    '/etc/defaults/rc.conf': DEFAULTS_RC_CONF,
    '/etc/hosts': `::1\t\t\tlocalhost localhost.my.domain\n127.0.0.1\t\tlocalhost localhost.my.domain\n`,
    '/etc/resolv.conf': 'nameserver 127.0.0.1\n',
    '/etc/shells': '/bin/sh\n/bin/csh\n/bin/tcsh\n',
    '/etc/fstab': `# Device\tMountpoint\tFStype\tOptions\tDump\tPass#\n${scenario.zfs ? '' : '/dev/vtbd0p2\t/\t\tufs\trw\t1\t1\n'}`,
    '/etc/motd.template': motd(scenario),
    '/etc/motd': motd(scenario),
    '/usr/local/etc/doas.conf': 'permit nopass :wheel\n',
    '/etc/pkg/FreeBSD.conf': PKG_REPOSITORY_CONF,
  };
  if (!scenario.doasUser) files['/usr/local/etc/sudoers'] = 'root ALL=(ALL:ALL) ALL\n%wheel ALL=(ALL:ALL) NOPASSWD: ALL\n';
  for (const [path, content] of Object.entries(ROOT_SHELL_FILES)) files[`/${path}`] = content;
  return files;
}
