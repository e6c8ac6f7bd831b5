/**
 * A simulated FreeBSD host for tests and demos.
 *
 *   const host = await startSimulatedHost(demoScenario());
 *   // ssh -i host.privateKeyPath -p host.port -o UserKnownHostsFile=host.knownHostsFile root@127.0.0.1 jls
 *   await host.stop();
 *
 * A real OpenSSH sshd, reached on 127.0.0.1 (a free port) and living in a network namespace of its own with
 * the instance's jails (README "Network"), chroots each session into a FreeBSD-shaped tree
 * under /srv/freebsd-jails-sim/<instance>/root, where FreeBSD's tools (jls, jail, jexec, sysctl, zfs, pkg…)
 * answer as freebsd-reference.md says. Started jails are chroots in their own PID, UTS and mount
 * namespaces. Everything lives in that one instance directory and in one namespace tree that stop() (or
 * the death of this process) ends. Requires root; see prerequisites.ts for the Debian packages.
 *
 * The handle gives what an SSH client needs: host, port (the latency proxy's when the scenario asks for
 * one), user, privateKeyPath, knownHostsFile/knownHostsLine, hostKeyFingerprint, and `sshArgs()` for
 * OpenSSH's `ssh`; `openConnection()` for TCP from inside the host's network (a jail's web server), and
 * `injectFault()`/`setDiskFull()`/`clearFaults()` for provisioning tests (README "Fault injection").
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPrerequisites } from './prerequisites';
import { preparePrivateRuntime } from './privateRuntime';
import { Scenario } from './scenario';
import { buildFreebsdTree } from './freebsdTree';
import { toolsBundleSource } from './toolsBundle';
import { generateKeys, relaySocketPath, startSshd } from './sshServer';
import { connectInside } from './networkRelay';
import type { Socket } from 'node:net';
import { sshdAccountFiles } from './etcFiles';
import { LatencyProxy, startLatencyProxy } from './latencyProxy';
import { seedJails } from './jailSeeds';
import { processAlive } from './processAlive';
import { FaultControl, faultControl } from './faultControl';

export { scenario, demoScenario, numberedJails } from './scenario';
export type { Scenario, JailSeed, LatencyOptions, LibxoVersion } from './scenario';
export type { FaultRule } from './faultControl';

/**
 * The key exchange sshArgs() asks for. OpenSSH 9's default, sntrup761x25519, costs the client about 200 ms of
 * CPU per connection on a 2-core machine (half of an `ssh host true`), and tests open hundreds; sshd still
 * offers every default algorithm, so the host is the same to any other client.
 */
const CLIENT_KEX = 'curve25519-sha256';

/** Parent of every instance: sshd refuses chroot paths under world-writable directories such as /tmp. */
export const SIMULATOR_BASE = '/srv/freebsd-jails-sim';

export interface SimulatedHost extends FaultControl {
  scenario: Scenario;
  host: '127.0.0.1';
  /** Where clients connect: the latency proxy when there is one, else sshd. */
  port: number;
  sshdPort: number;
  user: 'root';
  /** The doas-only login, when the scenario has one. */
  doasUser?: string;
  privateKeyPath: string;
  knownHostsFile: string;
  /** "[127.0.0.1]:PORT ssh-ed25519 AAAA…" */
  knownHostsLine: string;
  hostKeyFingerprint: string;
  /** The instance directory (all state) and the tree sessions see as "/". */
  instanceDir: string;
  rootDir: string;
  proxy?: LatencyProxy;
  /**
   * A TCP connection from inside the host's own network stack (where sshd and its jails' addresses live), as
   * a program running on the host would make it; rejects when nothing listens there.
   */
  openConnection(address: string, port: number): Promise<Socket>;
  /** Arguments for OpenSSH's ssh, up to and including the destination. */
  sshArgs(user?: string): string[];
  stop(): Promise<void>;
}

function prepareBase(): string {
  mkdirSync(SIMULATOR_BASE, { recursive: true, mode: 0o755 });
  chmodSync('/srv', 0o755);
  chmodSync(SIMULATOR_BASE, 0o755);
  return join(SIMULATOR_BASE, '.cache');
}

/** Removes instances whose creating process died without stop() (their namespaces died with it). */
function sweepAbandonedInstances(): void {
  for (const entry of readdirSync(SIMULATOR_BASE)) {
    const owner = /^sim-(\d+)-/.exec(entry);
    const directory = join(SIMULATOR_BASE, entry);
    if (owner && !processAlive(Number(owner[1])) && mountedUnder(directory).length === 0) rmSync(directory, { recursive: true, force: true });
  }
}

function mountedUnder(directory: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((line) => line.split(' ')[4] ?? '').filter((mountPoint) => mountPoint.startsWith(`${directory}/`));
}

export async function startSimulatedHost(scenario: Scenario): Promise<SimulatedHost> {
  const cacheDir = prepareBase();
  sweepAbandonedInstances();
  const prerequisites = findPrerequisites(cacheDir);
  const runtimeDir = preparePrivateRuntime(cacheDir, prerequisites);
  const instanceDir = join(SIMULATOR_BASE, scenario.instance);
  const rootDir = join(instanceDir, 'root');
  const sshDir = join(instanceDir, 'ssh');
  rmSync(instanceDir, { recursive: true, force: true });
  mkdirSync(instanceDir, { mode: 0o755 });
  const keysGenerated = generateKeys(sshDir, prerequisites);
  const seedConfigs = buildFreebsdTree(scenario, { root: rootDir, runtimeDir, toolsSource: toolsBundleSource(), busyboxStatic: prerequisites.busyboxStatic, cacheDir });
  const keys = await keysGenerated;
  const sshd = await startSshd({ sshDir, root: rootDir, hostName: scenario.hostName, keys, accountFiles: sshdAccountFiles(scenario), busyboxStatic: prerequisites.busyboxStatic });
  let proxy: LatencyProxy | undefined;
  const stop = async () => {
    await proxy?.close();
    await sshd.stop();
    const leftovers = mountedUnder(instanceDir);
    if (leftovers.length > 0) throw new Error(`mounts left under ${instanceDir}: ${leftovers.join(', ')}`);
    rmSync(instanceDir, { recursive: true, force: true });
  };
  try {
    if (scenario.latency) proxy = await startLatencyProxy(sshd.port, scenario.latency);
    const port = proxy?.port ?? sshd.port;
    const knownHostsLine = `[127.0.0.1]:${port} ${keys.hostPublicKey}`;
    const knownHostsFile = join(sshDir, 'known_hosts');
    writeFileSync(knownHostsFile, `${knownHostsLine}\n[127.0.0.1]:${sshd.port} ${keys.hostPublicKey}\n`);
    const host: SimulatedHost = {
      scenario, host: '127.0.0.1', port, sshdPort: sshd.port, user: 'root', doasUser: scenario.doasUser,
      privateKeyPath: keys.clientKey, knownHostsFile, knownHostsLine, hostKeyFingerprint: keys.hostKeyFingerprint,
      instanceDir, rootDir, proxy, ...faultControl(rootDir),
      openConnection: (address, port) => connectInside(relaySocketPath(sshDir), address, port),
      sshArgs: (user = 'root') => ['-i', keys.clientKey, '-p', String(port), '-o', `UserKnownHostsFile=${knownHostsFile}`,
        '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-o', 'IdentitiesOnly=yes',
        '-o', `KexAlgorithms=${CLIENT_KEX}`, `${user}@127.0.0.1`],
      stop,
    };
    await seedJails(host, seedConfigs);
    return host;
  } catch (error) {
    await stop();
    throw error;
  }
}
