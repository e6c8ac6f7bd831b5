/**
 * One SshConnection per host, for the whole extension (or one CLI run): whoever asks for a host gets the
 * same connection, so the tree, terminals and file views share one TCP connection. A host whose destination
 * or settings changed gets a fresh connection; the old one is closed.
 */
import { Destination, formatDestination } from '../hosts/destination';
import { LocalSystem } from './localSystem';
import { SshPrompts } from './prompts';
import { ConfigOverrides, resolveSshConfig } from './sshConfig';
import { ConnectionOptions, SshConnection } from './sshConnection';

export interface HostSpec {
  destination: Destination;
  overrides?: ConfigOverrides;
}

export interface PoolOptions extends Partial<Omit<ConnectionOptions, 'resolveConfig' | 'system' | 'prompts' | 'log'>> {
  system: LocalSystem;
  prompts: SshPrompts;
  log?(host: string, line: string): void;
}

const defaultConnectTimeoutMs = 15_000;
const defaultKeepaliveIntervalMs = 15_000;

export class ConnectionPool {
  private readonly connections = new Map<string, { spec: string; connection: SshConnection }>();

  constructor(private readonly options: PoolOptions) {}

  /** The connection for `name` (the host's label), made on first use; nothing connects until it is used. */
  connection(name: string, host: HostSpec): SshConnection {
    const spec = JSON.stringify([formatDestination(host.destination), host.overrides ?? {}]);
    const existing = this.connections.get(name);
    if (existing?.spec === spec) return existing.connection;
    existing?.connection.close();
    const { system, prompts } = this.options;
    const connection = new SshConnection(name, {
      ...this.options,
      defaultConnectTimeoutMs: this.options.defaultConnectTimeoutMs ?? defaultConnectTimeoutMs,
      defaultKeepaliveIntervalMs: this.options.defaultKeepaliveIntervalMs ?? defaultKeepaliveIntervalMs,
      system,
      prompts,
      log: (line) => this.options.log?.(name, line),
      resolveConfig: () => resolveSshConfig(host.destination, system, { overrides: host.overrides }),
    });
    this.connections.set(name, { spec, connection });
    return connection;
  }

  close(name: string): void {
    this.connections.get(name)?.connection.close();
    this.connections.delete(name);
  }

  closeAll(): void {
    for (const name of [...this.connections.keys()]) this.close(name);
  }
}
