/**
 * A throwaway home directory for the client side of SSH tests: ~/.ssh/config and known_hosts of the test's
 * making, read through the real file system, so that no test depends on (or changes) the machine's ~/.ssh.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSystem, nodeLocalSystem } from '../../../src/core/ssh/localSystem';
import { nonInteractivePrompts, SshPrompts } from '../../../src/core/ssh/prompts';
import { SshConnection } from '../../../src/core/ssh/sshConnection';
import { resolveSshConfig } from '../../../src/core/ssh/sshConfig';
import { parseDestination } from '../../../src/core/hosts/destination';
import { LoopbackSshd } from './sshd';

export interface ClientHome {
  home: string;
  system: LocalSystem;
  knownHostsFile: string;
  writeConfig(text: string): void;
  writeKnownHosts(text: string): void;
  knownHosts(): string;
  /** Every line the SSH layer logged, to check that no secret is among them. */
  logLines: string[];
  connection(destination: string, prompts?: SshPrompts, options?: Partial<ConstructorParameters<typeof SshConnection>[1]>): SshConnection;
  cleanup(): void;
}

/** A `Host` block for a loopback server, logging in with its client key unless told otherwise. */
export function hostBlock(alias: string, sshd: LoopbackSshd, extra: string[] = [], withKey = true): string {
  return [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  User ${sshd.user}`,
    ...(withKey ? [`  IdentityFile ${sshd.clientKeyPath}`, '  IdentitiesOnly yes'] : []), ...extra.map((line) => `  ${line}`), ''].join('\n');
}

export function knownHostsLineFor(sshd: LoopbackSshd): string {
  return `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`;
}

export function makeClientHome(environment: NodeJS.ProcessEnv = {}): ClientHome {
  const home = mkdtempSync(join(tmpdir(), 'jails-client-'));
  const sshDir = join(home, '.ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  const knownHostsFile = join(sshDir, 'known_hosts');
  // No agent unless a test starts one: the machine's SSH_AUTH_SOCK must not leak into results.
  const system = nodeLocalSystem({ homeDirectory: home, environment });
  const logLines: string[] = [];
  const connections: SshConnection[] = [];
  return {
    home, system, knownHostsFile, logLines,
    writeConfig: (text) => writeFileSync(join(sshDir, 'config'), text),
    writeKnownHosts: (text) => writeFileSync(knownHostsFile, text),
    knownHosts: () => (existsSync(knownHostsFile) ? readFileSync(knownHostsFile, 'utf8') : ''),
    connection(destination, prompts = nonInteractivePrompts, options = {}) {
      const parsed = parseDestination(destination);
      if (!parsed.ok) throw new Error(parsed.error);
      const connection = new SshConnection(destination, {
        system, prompts, defaultConnectTimeoutMs: 10_000, defaultKeepaliveIntervalMs: 15_000,
        log: (line) => logLines.push(line),
        // The machine's /etc/ssh/ssh_config (Debian's says HashKnownHosts yes) must not change results.
        resolveConfig: () => resolveSshConfig(parsed.destination, system, { source: { userConfigPath: join(sshDir, 'config'), systemConfigPath: join(home, 'ssh_config') } }),
        ...options,
      });
      connections.push(connection);
      return connection;
    },
    cleanup() {
      for (const connection of connections) connection.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
