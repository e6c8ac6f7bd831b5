/**
 * A jail's tiny root file system made from busybox-static (one binary, symlinked under the names of its
 * applets that FreeBSD's base has, where FreeBSD has them, so that copies and snapshots stay small), with
 * the FreeBSD files a jail manager looks at: /bin/freebsd-version (a script, as on FreeBSD),
 * /etc/rc, /etc/rc.shutdown, /etc/rc.conf and the account files, and the simulated tools FreeBSD's base
 * has in a jail too (ifconfig, route, jail, jls, jexec, sysctl, chflags, rm), which run once the jail is started and
 * the runtime is bound on its empty /.simulator.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { BASE_COMMAND_DIRS } from './baseCommandDirs';
import { ROOT_SHELL_FILES } from './etcFiles';
import { linkOrCopy, PRIVATE_DIR } from './privateRuntime';
import { TOOL_CATALOG, toolStub } from './tools/catalog';

/** FreeBSD 14's base /etc/group: root is in wheel and operator, as `id` in a jail names them. */
const FREEBSD_GROUPS = ['wheel:*:0:root', 'daemon:*:1:', 'kmem:*:2:', 'sys:*:3:', 'tty:*:4:', 'operator:*:5:root', 'mail:*:6:',
  'bin:*:7:', 'news:*:8:', 'man:*:9:', 'games:*:13:', 'ftp:*:14:', 'staff:*:20:', 'sshd:*:22:', 'smmsp:*:25:', 'mailnull:*:26:',
  'guest:*:31:', 'video:*:44:', 'realtime:*:47:', 'proxy:*:62:', 'authpf:*:63:', '_pflogd:*:64:', '_dhcp:*:65:', 'uucp:*:66:',
  'dialer:*:68:', 'network:*:69:', 'audit:*:77:', 'www:*:80:', 'ntpd:*:123:', '_ypldap:*:160:', 'hast:*:845:', 'tests:*:977:',
  'nogroup:*:65533:', 'nobody:*:65534:'].map((line) => `${line}\n`).join('');

/** rc.conf's defaults for the base services a jail runs, then the jail's own rc.conf. */
const RC_CONF_PRELUDE = `HOME=/
PATH=/sbin:/bin:/usr/sbin:/usr/bin
export HOME PATH
syslogd_enable=YES cron_enable=YES newsyslog_enable=YES update_motd=YES clear_tmp_X=YES
[ -r /etc/rc.conf ] && . /etc/rc.conf
enabled() { case "$1" in [Yy][Ee][Ss]|[Tt][Rr][Uu][Ee]|[Oo][Nn]|1) return 0 ;; esac; return 1; }
`;

/**
 * A jail's /etc/rc: the lines FreeBSD 14's rc.d scripts print when a jail starts, in rcorder's order, then
 * an empty line and the date. The daemons themselves are not run: tests and the extension start services
 * with service -j.
 */
const RC_START = `#!/bin/sh
# Jail start-up of the simulated base: the messages of FreeBSD's rc.d scripts that run in a jail.
${RC_CONF_PRELUDE}
if [ -n "$hostname" ] && [ "$(sysctl -n security.jail.set_hostname_allowed 2>/dev/null)" = 1 ]; then
\techo "Setting hostname: $hostname."
fi
ldpath=
for directory in /lib /usr/lib /usr/lib/compat /usr/local/lib; do
\t[ -d "$directory" ] && ldpath="$ldpath $directory"
done
echo "ELF ldconfig path:$ldpath"
[ -d /usr/lib32 ] && echo '32-bit compatibility ldconfig path: /usr/lib32'
echo 'Updating /var/run/os-release done.'
enabled "$newsyslog_enable" && echo 'Creating and/or trimming log files.'
enabled "$update_motd" && echo 'Updating motd:.'
enabled "$clear_tmp_X" && echo 'Clearing /tmp (X related).'
enabled "$syslogd_enable" && echo 'Starting syslogd.'
enabled "$cron_enable" && echo 'Starting cron.'
echo ''
date
exit 0
`;

/** A jail's /etc/rc.shutdown: the services' stop messages in reverse start order, then rc.shutdown's final dot. */
const RC_SHUTDOWN = `#!/bin/sh
# Jail shutdown of the simulated base: the messages of FreeBSD's rc.d scripts that stop in a jail.
${RC_CONF_PRELUDE}
enabled "$cron_enable" && echo 'Stopping cron.'
enabled "$syslogd_enable" && echo 'Stopping syslogd.'
echo '.'
exit 0
`;

let appletNames: string[] | undefined;

function applets(busyboxStatic: string): string[] {
  appletNames ??= execFileSync(busyboxStatic, ['--list'], { encoding: 'utf8' }).split('\n').filter((name) => name !== '' && name !== 'busybox');
  return appletNames;
}

/** The script FreeBSD installs as /bin/freebsd-version, reduced to its userland answer. */
export function freebsdVersionScript(release: string): string {
  return `#!/bin/sh\n#\n# freebsd-version: print the installed userland version\nUSERLAND_VERSION="${release}"\n\ncase "$1" in\n-k|-r) uname -r ;;\n*) echo "$USERLAND_VERSION" ;;\nesac\n`;
}

export function buildJailRoot(root: string, busyboxStatic: string, release: string, hostName: string): void {
  for (const directory of ['bin', 'sbin', 'lib', 'usr/lib', 'etc', 'dev', 'proc', 'root', 'var/run', 'var/log', 'var/db', 'usr/bin', 'usr/sbin', 'usr/local/etc', 'usr/local/bin']) {
    mkdirSync(join(root, directory), { recursive: true });
  }
  mkdirSync(join(root, 'tmp'), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  // busybox itself stays on PATH: tests and users run its applets FreeBSD lacks as `busybox httpd`.
  linkOrCopy(busyboxStatic, join(root, 'bin/busybox'));
  for (const applet of applets(busyboxStatic)) {
    const directory = BASE_COMMAND_DIRS.get(applet);
    if (directory === undefined) continue;
    rmSync(join(root, directory, applet), { force: true });
    symlinkSync(relative(join(root, directory), join(root, 'bin/busybox')), join(root, directory, applet));
  }
  // A file of its own, so that a started jail can have a shell that searches PATH bound over it (jailProcesses.ts).
  rmSync(join(root, 'bin/sh'));
  linkOrCopy(busyboxStatic, join(root, 'bin/sh'));
  const files: Record<string, string> = {
    'bin/freebsd-version': freebsdVersionScript(release),
    'etc/rc': RC_START,
    'etc/rc.shutdown': RC_SHUTDOWN,
    'etc/rc.conf': `hostname="${hostName}"\nsendmail_enable="NONE"\n`,
    'etc/passwd': 'root:*:0:0:Charlie &:/root:/bin/sh\nwww:*:80:80:World Wide Web Owner:/nonexistent:/usr/sbin/nologin\nnobody:*:65534:65534:Unprivileged user:/nonexistent:/usr/sbin/nologin\n',
    'etc/group': FREEBSD_GROUPS,
    'etc/hosts': '::1\t\t\tlocalhost\n127.0.0.1\t\tlocalhost\n',
    'COPYRIGHT': 'Copyright (c) 1992-2025 The FreeBSD Project.\n',
    ...ROOT_SHELL_FILES,
  };
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  mkdirSync(join(root, PRIVATE_DIR), { recursive: true });
  for (const tool of TOOL_CATALOG.filter((entry) => entry.inJails)) {
    for (const path of tool.paths) {
      rmSync(join(root, path), { force: true });
      writeFileSync(join(root, path), toolStub(tool.name, false, PRIVATE_DIR), { mode: 0o755 });
    }
  }
  for (const script of ['bin/freebsd-version', 'etc/rc', 'etc/rc.shutdown']) chmodSync(join(root, script), 0o755);
}
