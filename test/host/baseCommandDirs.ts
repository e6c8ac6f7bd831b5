/**
 * Where FreeBSD 14's base installs the commands that busybox also provides: a jail root links busybox only
 * under these names and at these places, so `ls /bin` in a jail lists FreeBSD's names and no Linux ones.
 */

const BIN = '[ cat chmod cp date dd df echo ed expr hostname kill link ln ls mkdir mv nproc ps pwd realpath rm rmdir sh sleep stty sync test unlink';
const SBIN = 'dmesg fdisk halt ifconfig init md5sum mknod mount nologin ping ping6 poweroff reboot route sha1sum sha256sum sha512sum swapoff swapon sysctl umount';
const USR_BIN = 'ar awk base64 basename bc bunzip2 bzcat bzip2 cal chgrp clear cmp cpio crontab cut dc diff dirname du egrep env expand false fgrep find fold'
  + ' getopt grep groups gunzip gzip head hexdump id killall last less logger login logname lzcat lzma mkfifo mktemp more mt nc netstat nl od passwd paste'
  + ' patch printf readlink renice reset rev sed seq sort stat strings su tail tar tee telnet tftp time timeout top touch tr true truncate tty uname uncompress unexpand'
  + ' uniq unlzma unxz unzip uptime uudecode uuencode vi w wc which who whoami xargs xz xzcat yes zcat';
const USR_SBIN = 'arp chown chroot syslogd traceroute traceroute6';

/** Directory (relative to the root) of each command name FreeBSD's base has. */
export const BASE_COMMAND_DIRS: ReadonlyMap<string, string> = new Map([
  ...BIN.split(' ').map((name) => [name, 'bin'] as const),
  ...SBIN.split(' ').map((name) => [name, 'sbin'] as const),
  ...USR_BIN.split(' ').map((name) => [name, 'usr/bin'] as const),
  ...USR_SBIN.split(' ').map((name) => [name, 'usr/sbin'] as const),
]);
