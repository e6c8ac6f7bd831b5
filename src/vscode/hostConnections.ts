import { probeHost, ScriptRunner } from '../core/hosts/hostSession';
import type { HostCapabilities } from '../core/hosts/probe';
import { Destination, parseDestination } from '../core/hosts/destination';
import { CommandRunner } from '../core/ssh/commandRunner';
import { ConnectionPool, HostSpec } from '../core/ssh/connectionPool';
import { SshConnection } from '../core/ssh/sshConnection';
import { DemoHost } from './demoHost';
import { HostEntry } from './hostSettings';

/** Turns a `jails.hosts` entry into the one shared SSH connection for it (the demo host is started first). */
export class HostConnections {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly demo: DemoHost,
  ) {}

  private async spec(entry: HostEntry): Promise<HostSpec> {
    if (entry.demo) {
      const details = await this.demo.ensureStarted();
      const destination: Destination = { kind: 'address', user: details.user, host: details.host, port: details.port };
      return { destination, overrides: { identityFiles: [details.privateKeyPath], userKnownHostsFiles: [details.knownHostsFile] } };
    }
    const parsed = parseDestination(entry.destination);
    if (!parsed.ok) throw new Error(`${entry.name}: ${parsed.error} (fix it in the jails.hosts setting)`);
    return { destination: parsed.destination, overrides: entry.identityFile ? { identityFiles: [entry.identityFile] } : undefined };
  }

  readonly connect = async (entry: HostEntry): Promise<ScriptRunner> => new CommandRunner(await this.connection(entry));

  /** The host's pooled connection itself, for SFTP, terminals and tunnels. */
  async connection(entry: HostEntry): Promise<SshConnection> {
    return this.pool.connection(entry.name, await this.spec(entry));
  }

  /**
   * Connects to a host about to be saved (host key verified, credentials asked for) and probes it. A host
   * that fails is forgotten, so that nothing of it stays open.
   */
  async verify(entry: HostEntry, signal?: AbortSignal): Promise<HostCapabilities> {
    try {
      const runner = new CommandRunner(await this.connection(entry));
      return await probeHost({ runScript: (script) => runner.runScript(script, { signal }) });
    } catch (error) {
      this.forget(entry.name);
      throw error;
    }
  }

  async reconnect(entry: HostEntry): Promise<void> {
    this.pool.connection(entry.name, await this.spec(entry)).reconnect();
  }

  forget(name: string): void {
    this.pool.close(name);
  }
}
