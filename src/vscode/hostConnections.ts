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
   * that fails is forgotten, so that nothing of it stays open. A new destination for a host already in the
   * view is tried on a connection of its own: the one in use (its terminals, files, forwarded ports) stays
   * until the new destination is saved, and a destination that fails never touches it.
   */
  async verify(entry: HostEntry, signal?: AbortSignal, replacing = false): Promise<HostCapabilities> {
    const slot = replacing ? `${entry.name} (new destination)` : entry.name;
    try {
      const runner = new CommandRunner(this.pool.connection(slot, await this.spec(entry)));
      return await probeHost({ runScript: (script) => runner.runScript(script, { signal }) });
    } catch (error) {
      this.forget(slot);
      throw error;
    } finally {
      if (replacing) this.forget(slot);
    }
  }

  async reconnect(entry: HostEntry): Promise<void> {
    this.pool.connection(entry.name, await this.spec(entry)).reconnect();
  }

  forget(name: string): void {
    this.pool.close(name);
  }
}
