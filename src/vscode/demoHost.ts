import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** How to reach the simulated FreeBSD host once it runs (what `npm run host:start -- --json` prints). */
export interface DemoHostDetails {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  knownHostsFile: string;
  hostKeyFingerprint: string;
}

export const demoHostName = 'FreeBSD (simulated demo)';

/** A Node.js to run the simulator with: this one when the extension host is Node.js itself, else one on PATH. */
function findNode(): string | undefined {
  if (/^node(\.exe)?$/.test(path.basename(process.execPath))) return process.execPath;
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...directories, '/usr/local/bin', '/usr/bin'].map((directory) => path.join(directory, 'node')).find((candidate) => existsSync(candidate));
}

/**
 * Starts the simulated FreeBSD host of this project's test infrastructure (test/host, bundled as
 * dist/demo-host.js) on this machine, once per window, and stops it with the extension. It needs Linux, root,
 * Node.js and the Debian packages of the README's set-up; a missing one is named in the error.
 */
export class DemoHost implements vscode.Disposable {
  private process: ChildProcess | undefined;
  private started: Promise<DemoHostDetails> | undefined;

  constructor(private readonly extensionPath: string, private readonly log: (line: string) => void) {}

  private get simulator(): string {
    return path.join(this.extensionPath, 'dist/demo-host.js');
  }

  get available(): string | undefined {
    if (process.platform !== 'linux') return 'The demo host needs Linux: it builds a simulated FreeBSD host from Linux namespaces.';
    if (process.getuid?.() !== 0) return 'The demo host needs root on this machine (it starts sshd and uses chroot and namespaces).';
    if (!existsSync(this.simulator)) return 'The demo host is missing from this installation (dist/demo-host.js); in a source checkout, run `npm run build`.';
    if (!findNode()) return 'The demo host needs Node.js 20 or newer on PATH: the simulated FreeBSD tools run on it.';
    return undefined;
  }

  ensureStarted(): Promise<DemoHostDetails> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private start(): Promise<DemoHostDetails> {
    const problem = this.available;
    if (problem) return Promise.reject(new Error(problem));
    return new Promise((resolve, reject) => {
      const child = spawn(findNode() as string, [this.simulator, '--json'], { cwd: this.extensionPath, stdio: ['ignore', 'pipe', 'pipe'] });
      this.process = child;
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        this.log(`demo host: ${d.toString().trimEnd()}`);
      });
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as DemoHostDetails);
      });
      child.on('exit', (code) => {
        this.process = undefined;
        this.started = undefined;
        reject(new Error(`the demo host stopped (status ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
      });
    });
  }

  dispose(): void {
    this.process?.kill('SIGTERM');
  }
}
