/**
 * One simulated host per test file, and a client home whose `freebsd` alias reaches it with its own key and
 * known_hosts, so each test gets a fresh pooled-style SshConnection and a root CommandRunner.
 */
import { demoScenario, Scenario, SimulatedHost, startSimulatedHost } from '../../host';
import { HostSession } from '../../../src/core/hosts/hostSession';
import type { InventoryJail } from '../../../src/core/hosts/inventory';
import type { HostCapabilities } from '../../../src/core/hosts/probe';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { SshConnection } from '../../../src/core/ssh/sshConnection';
import { ClientHome, makeClientHome } from '../support/clientHome';

export interface JailsHost {
  host: SimulatedHost;
  home: ClientHome;
  connection: SshConnection;
  runner: CommandRunner;
}

export function useJailsHost(makeScenario: () => Scenario = () => demoScenario()): () => JailsHost {
  let host: SimulatedHost | undefined;
  let current: JailsHost | undefined;
  before(async function () {
    this.timeout(180_000);
    host = await startSimulatedHost(makeScenario());
  });
  after(async function () {
    this.timeout(60_000);
    await host?.stop();
  });
  beforeEach(() => {
    if (!host) throw new Error('the simulated host did not start');
    const home = makeClientHome();
    home.writeConfig([`Host freebsd`, `  HostName ${host.host}`, `  Port ${host.port}`, `  User ${host.user}`,
      `  IdentityFile ${host.privateKeyPath}`, `  UserKnownHostsFile ${host.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));
    const connection = home.connection('freebsd');
    current = { host, home, connection, runner: new CommandRunner(connection, 'root') };
  });
  afterEach(() => {
    current?.connection.close();
    current?.home.cleanup();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('used outside a test');
    return current;
  };
}

/** Output of a shell snippet run on the host, for setting up and checking what a test did. */
export async function onHost(runner: CommandRunner, script: string): Promise<string> {
  const result = await runner.runScript(script);
  if (result.exitCode !== 0) throw new Error(`host script failed (${result.exitCode}): ${result.stderr}`);
  return result.stdout;
}

/** The host's jails as the tree would see them now. */
export async function readInventory(runner: CommandRunner): Promise<{ jails: InventoryJail[]; capabilities: HostCapabilities }> {
  const state = await new HostSession('freebsd', async () => runner).refresh();
  if (state.kind !== 'connected') throw new Error(`inventory failed: ${state.kind === 'failed' ? state.message : state.kind}`);
  return { jails: state.inventory.jails, capabilities: state.capabilities };
}

export async function jailNamed(runner: CommandRunner, name: string): Promise<InventoryJail> {
  const jail = (await readInventory(runner)).jails.find((j) => j.name === name);
  if (!jail) throw new Error(`no jail ${name} on the host`);
  return jail;
}
