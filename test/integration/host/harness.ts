/**
 * Shared by the simulated host's conformance tests: start a host per suite (stopped after it, pass or
 * fail) and run commands on it with OpenSSH's ssh client, as a user of the extension would.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Scenario, SimulatedHost, startSimulatedHost } from '../../host/index';
import { buildJailRoot } from '../../host/jailRoot';

export interface SshResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs one command line over ssh; `input` is sent on standard input; `terminal` asks for a pty (ssh -tt). */
export function ssh(host: SimulatedHost, command: string, options: { user?: string; input?: string; terminal?: boolean } = {}): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...(options.terminal ? ['-tt'] : []), ...host.sshArgs(options.user), command], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status: status ?? -1 }));
    child.stdin.end(options.input ?? '');
  });
}

/** Registers before/after hooks for a suite and returns a getter for its running host. */
export function useSimulatedHost(makeScenario: () => Scenario): () => SimulatedHost {
  let host: SimulatedHost | undefined;
  before(async function startHost() {
    this.timeout(120000);
    host = await startSimulatedHost(makeScenario());
  });
  after(async function stopHost() {
    this.timeout(60000);
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error('the simulated host did not start');
    return host;
  };
}

/** Writes a file inside the simulated host's tree (the path FreeBSD would see). */
export async function writeRemoteFile(host: SimulatedHost, path: string, content: string): Promise<void> {
  const result = await ssh(host, `cat > '${path}'`, { input: content });
  if (result.status !== 0) throw new Error(`writing ${path}: ${result.stderr}`);
}

/** Gives a path in the host a jail root (busybox-static), as extracting base.txz would. */
export function makeJailRoot(host: SimulatedHost, path: string, hostName = 'jail'): void {
  buildJailRoot(join(host.rootDir, path), '/bin/busybox', host.scenario.release, hostName);
}
