/**
 * The byte stream an SSH session runs over: a TCP socket this layer opens itself (so that DNS failures,
 * refusals and timeouts are told apart), or a ProxyCommand's standard input and output. ProxyJump streams
 * are channels of another SSH connection and are made in sshClient.ts.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { connect, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connectFailed, SshError } from './sshError';

export interface Transport {
  stream: Duplex;
  /** Ends the stream and whatever carries it (the ProxyCommand process). */
  close(): void;
}

/** A connected TCP socket; rejects with a classified SshError. */
export function openTcp(target: string, hostName: string, port: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostName, port });
    const failed = (error: Error) => reject(connectFailed(target, hostName, port, error));
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.off('error', failed);
      socket.setNoDelay(true);
      resolve({ stream: socket, close: () => socket.destroy() });
    });
  });
}

const stderrKept = 2048;

/**
 * Runs ProxyCommand as OpenSSH does (`exec` under a POSIX shell) and uses its stdio as the connection. Its
 * stderr is kept (the last 2 KiB) to explain a failure.
 */
export function openProxyCommand(target: string, command: string): Transport & { failure(): Promise<SshError> } {
  const child: ChildProcess = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let exit = 'still running';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-stderrKept);
  });
  const exited = new Promise<void>((resolve) => {
    // 'close', not 'exit': by then stderr has been read to its end.
    child.on('close', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with status ${code}`;
      resolve();
    });
    child.on('error', () => resolve());
  });
  child.on('error', (error) => {
    exit = `could not start: ${error.message}`;
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // A write after the command died must not crash anyone; the session's own close reports the failure.
  stream.on('error', () => undefined);
  return {
    stream,
    close() {
      stream.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
    // The stream usually closes a moment before the process is reaped: wait a little for its status.
    failure: async () => {
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      return new SshError('proxy-failed', target, `ProxyCommand for ${target} ${exit}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    },
  };
}
