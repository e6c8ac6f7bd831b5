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

/**
 * Starts the simulated FreeBSD host of this project's test infrastructure (test/host) on this machine, once
 * per window, and stops it with the extension. It needs the extension's source checkout (as with
 * `npm run dev`), Linux, root and the Debian packages of the README's set-up.
 */
export class DemoHost implements vscode.Disposable {
  private process: ChildProcess | undefined;
  private started: Promise<DemoHostDetails> | undefined;

  constructor(private readonly extensionPath: string, private readonly log: (line: string) => void) {}

  get available(): string | undefined {
    if (!existsSync(path.join(this.extensionPath, 'test/host/cli.ts'))) {
      return 'The demo host runs from the extension\'s source checkout (`npm run dev`), which this installation does not include.';
    }
    if (process.platform !== 'linux') return 'The demo host needs Linux: it builds a simulated FreeBSD host from Linux namespaces.';
    if (process.getuid?.() !== 0) return 'The demo host needs root on this machine (it starts sshd and uses chroot and namespaces).';
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
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(this.extensionPath, 'test/host/cli.ts'), '--json'], {
        cwd: this.extensionPath,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
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
