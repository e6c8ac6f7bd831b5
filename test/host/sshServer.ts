/**
 * Runs OpenSSH's sshd for one instance on 127.0.0.1, chrooting every session into the FreeBSD tree.
 * sshd and everything it starts (sessions, jails) live in a PID, mount, UTS and network namespace of their
 * own: the instance's loopback, where its jails' addresses live, is apart from every other instance's and
 * the machine's (networkRelay.ts carries the machine's 127.0.0.1:PORT to sshd's 127.0.0.1:22 inside);
 * the account files sshd reads are bind-mounted there only, mounts made by simulated tools never reach
 * the machine, and killing the namespace's first process ends every process and mount at once. The
 * chain is tied to this Node process with PR_SET_PDEATHSIG, so a crashed test leaves nothing behind.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HostPrerequisites } from './prerequisites';
import { RELAY_SOURCE } from './networkRelay';

/** sshd's port inside the instance's network namespace. */
const SSHD_INNER_PORT = 22;

export const FREEBSD_LOGIN_PATH = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin';

export interface SshKeys {
  hostKey: string;
  clientKey: string;
  /** "ssh-ed25519 AAAA..." of the host key. */
  hostPublicKey: string;
  hostKeyFingerprint: string;
}

/** OpenSSH's SHA256 fingerprint of a public key line ("ssh-ed25519 AAAA…"), as `ssh-keygen -l -E sha256` prints it. */
export function sha256Fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(' ')[1], 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Both keys at once, in child processes: the caller builds the tree meanwhile. */
export async function generateKeys(sshDir: string, prerequisites: HostPrerequisites): Promise<SshKeys> {
  // Searchable by all: sshd reads authorized_keys as the logging-in user; the private keys stay 0600.
  mkdirSync(sshDir, { recursive: true, mode: 0o711 });
  const hostKey = join(sshDir, 'ssh_host_ed25519_key');
  const clientKey = join(sshDir, 'client_ed25519');
  await Promise.all([[hostKey, 'simulated-freebsd-host'], [clientKey, 'simulated-freebsd-client']].map(([key, comment]) =>
    promisify(execFile)(prerequisites.sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', key])));
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(sshDir, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  return { hostKey, clientKey, hostPublicKey, hostKeyFingerprint: sha256Fingerprint(hostPublicKey) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function sshdConfig(sshDir: string, root: string, port: number, keys: SshKeys): string {
  return [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${keys.hostKey}`, `PidFile ${join(sshDir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(sshDir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'UseDNS no',
    'PermitRootLogin prohibit-password', 'PubkeyAuthentication yes', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'AllowTcpForwarding yes', 'X11Forwarding no', 'PrintMotd yes',
    'PrintLastLog no', 'MaxStartups 200', 'MaxSessions 100', 'LoginGraceTime 30', 'AcceptEnv LANG LC_*',
    `SetEnv PATH=${FREEBSD_LOGIN_PATH}`, `ChrootDirectory ${root}`, 'Subsystem sftp /usr/libexec/sftp-server', 'LogLevel INFO', '',
  ].join('\n');
}

/** Devices an SSH session and its shells open, bind-mounted from the machine's /dev into the tree. */
export const SESSION_DEVICES = ['null', 'zero', 'random', 'urandom', 'tty', 'ptmx'];

function namespaceScript(sshDir: string, root: string, hostName: string, busyboxStatic: string): string {
  const binds = SESSION_DEVICES.map((device) => `mount --bind /dev/${device} '${root}/dev/${device}'`);
  return [
    'set -e',
    `hostname '${hostName}'`,
    `'${busyboxStatic}' ip link set lo up`,
    // The relay takes the listening socket (fd 3) made on the machine's loopback; sshd must not keep it.
    `'${process.execPath}' -e "$RELAY_SOURCE" ${SSHD_INNER_PORT} '${relaySocketPath(sshDir)}' &`,
    'exec 3<&-',
    'unset RELAY_SOURCE',
    // The tree must be a mount point of its own: namespace tools inside it remount "/" as private.
    `mount --bind '${root}' '${root}'`,
    ...['passwd', 'shadow', 'group'].map((file) => `mount --bind '${join(sshDir, file)}' /etc/${file}`),
    // sshd prints the message of the day before it chroots: the tree's, not the machine's.
    `if [ -f /etc/motd ] && [ -f '${root}/etc/motd' ]; then mount --bind '${root}/etc/motd' /etc/motd; fi`,
    `mount -t proc proc '${root}/proc'`,
    ...binds,
    `mount --bind /dev/pts '${root}/dev/pts'`,
    'mkdir -p /run/sshd',
    `exec /usr/sbin/sshd -D -E '${join(sshDir, 'sshd.log')}' -f '${join(sshDir, 'sshd_config')}'`,
  ].join('\n');
}

/** sshd needs its privilege-separation account (Debian's "sshd") in the passwd file it reads. */
function withPrivilegeSeparationUser(files: Record<string, string>): Record<string, string> {
  const entry = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('sshd:'));
  if (!entry) throw new Error('no sshd account in /etc/passwd: apt-get install -y openssh-server');
  return { ...files, passwd: `${files.passwd}${entry}\n`, shadow: `${files.shadow}sshd:*:19000:0:99999:7:::\n` };
}

/** The Unix socket through which the harness opens connections inside the instance's network namespace. */
export function relaySocketPath(sshDir: string): string {
  return join(sshDir, 'network.sock');
}

export interface RunningSshd {
  /** The machine's 127.0.0.1 port that reaches sshd. */
  port: number;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Waits for sshd's banner through the relay (the listening socket accepts before either runs). */
async function waitForListening(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${readFileSync(logFile, 'utf8').trim()}`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('data', (chunk: Buffer) => { socket.destroy(); resolve(chunk.toString().startsWith('SSH-')); });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (connected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on port ${port}: ${readFileSync(logFile, 'utf8').trim()}`);
}

function listenOnLoopback(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export async function startSshd(options: { sshDir: string; root: string; hostName: string; keys: SshKeys; accountFiles: Record<string, string>; busyboxStatic: string }): Promise<RunningSshd> {
  const { sshDir, root, hostName, keys } = options;
  const accountFiles = withPrivilegeSeparationUser(options.accountFiles);
  for (const [name, content] of Object.entries(accountFiles)) writeFileSync(join(sshDir, name), content, { mode: 0o644 });
  for (const device of SESSION_DEVICES) writeFileSync(join(root, 'dev', device), '');
  const outside = await listenOnLoopback();
  const address = outside.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(join(sshDir, 'sshd_config'), sshdConfig(sshDir, root, SSHD_INNER_PORT, keys));
  const logFile = join(sshDir, 'sshd.log');
  const log = openSync(logFile, 'a');
  const listening = (outside as unknown as { _handle: { fd: number } })._handle.fd;
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--pid', '--fork', '--kill-child', '--mount', '--uts', '--net',
    '--propagation', 'private', '--', '/bin/sh', '-c', namespaceScript(sshDir, root, hostName, options.busyboxStatic)],
  { stdio: ['ignore', log, log, listening], env: { ...process.env, RELAY_SOURCE } });
  closeSync(log);
  outside.close();
  await waitForListening(port, child, logFile);
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    port, process: child, logFile,
    async stop() {
      // unshare's waiting parent ignores SIGTERM; its death takes the namespace down (--kill-child).
      child.kill('SIGKILL');
      await exited;
    },
  };
}
