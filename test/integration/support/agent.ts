/** A private ssh-agent for a test, holding the keys it is given; stop() ends it and removes its socket. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestAgent {
  socket: string;
  stop(): Promise<void>;
}

export async function startAgent(keyFiles: string[]): Promise<TestAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'jails-agent-'));
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 5000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('ssh-agent did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const key of keyFiles) execFileSync('ssh-add', ['-q', key], { env: { SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, stop };
}
