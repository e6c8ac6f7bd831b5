/**
 * A plain OpenSSH sshd on 127.0.0.1 for the SSH layer's tests: its own config, generated host key, a test
 * user with a client key (and optionally a password, keyboard-interactive through PAM, and csh as login
 * shell). sshd runs in a mount and PID namespace of its own, where copies of passwd/shadow/group holding the
 * test user (and a PAM config and /etc/hosts of the test's choosing) are bind-mounted: the machine's own
 * files are never touched, and stop() (or this process dying) ends every process it started.
 *
 * The simulated FreeBSD host (test/host) is the richer target; this one exists for what that one does not
 * offer: password and keyboard-interactive logins, several hosts for ProxyJump chains, and name resolution
 * that only the server sees.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from '../../host/sshServer';

export interface SshdOptions {
  /** Login shell of the test user. */
  shell?: '/bin/sh' | '/usr/bin/tcsh';
  /** Enables password logins with this password. */
  password?: string;
  /** Asks for the password through keyboard-interactive (PAM) instead of the password method. */
  keyboardInteractive?: boolean;
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** Names only this server resolves (its /etc/hosts), e.g. for a host reachable only through it. */
  hosts?: Record<string, string>;
  /** sshd's MaxSessions (channels with a session at once on one connection); 10 as in OpenSSH by default. */
  maxSessions?: number;
}

export interface LoopbackSshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** Scratch directory of this server (removed by stop()). */
  dir: string;
  /** An unencrypted key and one encrypted with `encryptedKeyPassphrase`, both authorized. */
  clientKeyPath: string;
  encryptedKeyPath: string;
  encryptedKeyPassphrase: string;
  /** "ssh-ed25519 AAAA…" of the host key, and its SHA256 fingerprint. */
  hostPublicKey: string;
  hostKeyFingerprint: string;
  /** First on the session's PATH: stand-ins (doas, sudo) go here. */
  binDir: string;
  /** sshd's log (LogLevel VERBOSE): one "Accepted …" line per login. */
  log(): string;
  stop(): Promise<void>;
}

const testUser = 'jailtest';
const testUid = 4242;

function keygen(args: string[]): void {
  execFileSync('ssh-keygen', ['-q', ...args], { stdio: 'ignore' });
}

function fingerprint(publicKeyFile: string): string {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' }).split(' ')[1];
}

/** A crypt(3) SHA-512 hash for /etc/shadow. */
function passwordHash(password: string): string {
  return execFileSync('openssl', ['passwd', '-6', '-stdin'], { input: password, encoding: 'utf8' }).trim();
}

const pamConfig = [
  'auth required pam_unix.so',
  'account required pam_unix.so',
  'session required pam_permit.so',
  'password required pam_deny.so',
  '',
].join('\n');

async function waitForListening(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${readFileSync(logFile, 'utf8')}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`sshd did not listen on port ${port}: ${readFileSync(logFile, 'utf8')}`);
}

export async function startSshd(options: SshdOptions = {}): Promise<LoopbackSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'jails-sshd-'));
  chmodSync(dir, 0o755);
  const home = join(dir, 'home');
  const binDir = join(dir, 'bin');
  for (const d of [home, binDir]) mkdirSync(d, { mode: 0o755 });
  chownSync(home, testUid, testUid);
  const hostKey = join(dir, 'host_key');
  const clientKeyPath = join(dir, 'client_key');
  const encryptedKeyPath = join(dir, 'client_key_encrypted');
  const encryptedKeyPassphrase = 'correct horse battery';
  keygen(['-t', options.hostKeyType ?? 'ed25519', ...(options.hostKeyType === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', 'loopback-host', '-f', hostKey]);
  keygen(['-t', 'ed25519', '-N', '', '-C', 'client', '-f', clientKeyPath]);
  keygen(['-t', 'ed25519', '-N', encryptedKeyPassphrase, '-C', 'client-encrypted', '-f', encryptedKeyPath]);
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKeyPath}.pub`, 'utf8') + readFileSync(`${encryptedKeyPath}.pub`, 'utf8'));

  const shadowPassword = options.password === undefined ? '*' : passwordHash(options.password);
  const accounts = {
    passwd: `${readFileSync('/etc/passwd', 'utf8')}${testUser}:x:${testUid}:${testUid}:SSH layer test:${home}:${options.shell ?? '/bin/sh'}\n`,
    shadow: `${readFileSync('/etc/shadow', 'utf8')}${testUser}:${shadowPassword}:19000:0:99999:7:::\n`,
    group: `${readFileSync('/etc/group', 'utf8')}${testUser}:x:${testUid}:\n`,
    hosts: `127.0.0.1 localhost\n${Object.entries(options.hosts ?? {}).map(([name, address]) => `${address} ${name}\n`).join('')}`,
    pam: pamConfig,
  };
  for (const [name, content] of Object.entries(accounts)) writeFileSync(join(dir, name), content, { mode: 0o644 });

  const port = await freePort();
  const usePam = options.keyboardInteractive === true;
  const config = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeys}`, 'StrictModes no', `UsePAM ${usePam ? 'yes' : 'no'}`, 'UseDNS no',
    `PasswordAuthentication ${options.password !== undefined && !usePam ? 'yes' : 'no'}`,
    `KbdInteractiveAuthentication ${usePam ? 'yes' : 'no'}`, 'PubkeyAuthentication yes', 'PermitRootLogin no',
    'AllowTcpForwarding yes', 'X11Forwarding no', 'PrintMotd no', 'PrintLastLog no', 'MaxStartups 100', `MaxSessions ${options.maxSessions ?? 10}`,
    `SetEnv PATH=${binDir}:/usr/local/bin:/usr/bin:/bin`, 'Subsystem sftp internal-sftp', 'LogLevel VERBOSE', '',
  ].join('\n');
  const configFile = join(dir, 'sshd_config');
  writeFileSync(configFile, config);

  const script = [
    'set -e',
    ...['passwd', 'shadow', 'group', 'hosts'].map((name) => `mount --bind '${join(dir, name)}' /etc/${name}`),
    `mount --bind '${join(dir, 'pam')}' /etc/pam.d/sshd`,
    'mkdir -p /run/sshd',
    `exec /usr/sbin/sshd -D -e -f '${configFile}'`,
  ].join('\n');
  const logFile = join(dir, 'sshd.log');
  const log = openSync(logFile, 'a');
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--mount', '--pid', '--fork', '--kill-child', '--propagation', 'private',
    '--', '/bin/sh', '-c', script], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForListening(port, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1', port, user: testUser, dir, clientKeyPath, encryptedKeyPath, encryptedKeyPassphrase,
    hostPublicKey: readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' '),
    hostKeyFingerprint: fingerprint(`${hostKey}.pub`),
    binDir,
    log: () => readFileSync(logFile, 'utf8'),
    stop,
  };
}

/** Stand-ins for doas and sudo in the server's bin directory: they need -n, say who they are, then run the command. */
export function installPrivilegeStandIns(sshd: LoopbackSshd): void {
  for (const name of ['doas', 'sudo']) {
    const path = join(sshd.binDir, name);
    writeFileSync(path, `#!/bin/sh\n[ "$1" = -n ] || { echo "${name}: a password would be asked" >&2; exit 1; }\nshift\necho "${name} ran: $*" >&2\nexec "$@"\n`);
    chmodSync(path, 0o755);
  }
}
