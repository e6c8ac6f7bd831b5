import { strict as assert } from 'node:assert';
import { createServer, Server, Socket } from 'node:net';
import { freePort } from '../../host/sshServer';
import { LatencyProxy, startLatencyProxy } from '../../host/latencyProxy';
import { SshError, SshFailureKind } from '../../../src/core/ssh/sshError';
import { ConnectionState } from '../../../src/core/ssh/sshConnection';
import { ClientHome, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { LoopbackSshd, startSshd } from '../support/sshd';

async function failureOf(work: Promise<unknown>, kind: SshFailureKind): Promise<SshError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof SshError, `expected an SshError (${kind}), got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  return error;
}

async function elapsed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await work;
  return [result, Date.now() - started];
}

describe('SSH failures against a real sshd', function () {
  this.timeout(60_000);
  let server: LoopbackSshd;
  let proxy: LatencyProxy;
  let home: ClientHome;

  /** A Host block reaching the server through the cuttable proxy. */
  const viaProxy = (alias: string, extra: string[] = []) => [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${proxy.port}`, `  User ${server.user}`,
    `  IdentityFile ${server.clientKeyPath}`, '  IdentitiesOnly yes', ...extra.map((l) => `  ${l}`), ''].join('\n');

  before(async () => {
    server = await startSshd();
    proxy = await startLatencyProxy(server.port, { delayMs: 0 });
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
  });
  beforeEach(() => {
    proxy.restore();
    home = makeClientHome();
    home.writeKnownHosts(`${knownHostsLineFor(server)}[127.0.0.1]:${proxy.port} ${server.hostPublicKey}\n`);
    home.writeConfig(viaProxy('web'));
  });
  afterEach(() => home.cleanup());

  it('reports a port where nothing listens as unreachable', async () => {
    const port = await freePort();
    const error = await failureOf(home.connection(`${server.user}@127.0.0.1:${port}`).exec('true'), 'unreachable');
    assert.equal(error.message, `cannot reach 127.0.0.1:${port}: connection refused`);
  });

  it('reports a name that does not resolve as a DNS failure', async () => {
    const error = await failureOf(home.connection('root@no-such-host.invalid').exec('true'), 'dns-failed');
    assert.equal(error.message, 'cannot resolve the host name "no-such-host.invalid"');
  });

  it('times out on a server that accepts TCP but never speaks SSH (ConnectTimeout)', async () => {
    const sockets = new Set<Socket>();
    let closed = 0;
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => closed++).on('error', () => undefined).resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      home.writeConfig(`Host silent\n  HostName 127.0.0.1\n  Port ${port}\n  ConnectTimeout 1\n`);
      const [error, ms] = await elapsed(failureOf(home.connection('silent').exec('true'), 'timeout'));
      assert.equal(error.message, 'silent did not answer within 1 s (ConnectTimeout)');
      assert.ok(ms >= 900 && ms < 3000, `took ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(closed, sockets.size, 'the client left its socket open');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a command that exits non-zero through its parser, with stderr', async () => {
    const result = await home.connection('web').exec("/bin/sh -c 'echo out; echo err >&2; exit 7'");
    assert.deepEqual([result.exitCode, result.stdout.toString(), result.stderr.toString()], [7, 'out\n', 'err\n']);
  });

  it('times an operation out, cancels one by AbortSignal, and stays usable', async () => {
    const connection = home.connection('web');
    const [timeout, ms] = await elapsed(failureOf(connection.exec('sleep 20', { timeoutMs: 300, label: 'sleep 20' }), 'timeout'));
    assert.equal(timeout.message, 'sleep 20 on web did not finish within 0.3 s');
    assert.ok(ms < 2000, `took ${ms} ms`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const cancelled = await failureOf(connection.exec('sleep 20', { signal: controller.signal, label: 'sleep 20' }), 'cancelled');
    assert.equal(cancelled.message, 'sleep 20 on web was cancelled');
    assert.equal((await connection.exec('echo still here')).stdout.toString(), 'still here\n');
    assert.equal(proxy.activeConnections(), 1);
  });

  it('fails every pending operation promptly when the link is cut, then reconnects on the next one', async () => {
    const connection = home.connection('web');
    const states: ConnectionState['kind'][] = [];
    connection.onDidChangeState((state) => states.push(state.kind));
    await connection.exec('true');
    const pending = [1, 2, 3].map(() => connection.exec('sleep 30'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    proxy.cut('reset');
    for (const operation of pending) {
      const error = await failureOf(operation, 'link-lost');
      assert.match(error.message, /^connection to web lost/);
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(connection.state.kind, 'lost');
    proxy.restore();
    assert.equal((await connection.exec('echo back')).stdout.toString(), 'back\n');
    assert.deepEqual(states, ['connecting', 'connected', 'lost', 'connecting', 'connected']);
  });

  it('notices a silent link through keepalives (ServerAliveInterval)', async () => {
    home.writeConfig(viaProxy('web', ['ServerAliveInterval 1', 'ServerAliveCountMax 2']));
    const connection = home.connection('web');
    await connection.exec('true');
    const pending = connection.exec('sleep 30');
    proxy.cut('blackhole');
    const [error, ms] = await elapsed(failureOf(pending, 'link-lost'));
    assert.match(error.message, /^connection to web lost \(the server stopped answering keepalives\)/);
    assert.ok(ms < 6000, `took ${ms} ms`);
  });

  it('backs off after a failed reconnect, fails fast meanwhile, and reconnect() tries at once', async () => {
    const connection = home.connection('web', undefined, { initialBackoffMs: 60_000 });
    await connection.exec('true');
    proxy.cut('reset');
    await failureOf(connection.exec('sleep 30'), 'link-lost');
    const first = await failureOf(connection.exec('true'), 'unreachable');
    const [again, ms] = await elapsed(failureOf(connection.exec('true'), 'unreachable'));
    assert.equal(again, first, 'during the back-off the last error is given again');
    assert.ok(ms < 50, `took ${ms} ms`);
    assert.ok(connection.state.kind === 'failed' && connection.state.retryAt instanceof Date);
    proxy.restore();
    connection.reconnect();
    assert.equal((await connection.exec('echo ok')).stdout.toString(), 'ok\n');
  });

  it('keeps a failure that retrying cannot mend until reconnect()', async () => {
    home.writeKnownHosts('');
    home.writeConfig(viaProxy('web', ['StrictHostKeyChecking yes']));
    const connection = home.connection('web');
    const first = await failureOf(connection.exec('true'), 'host-key-unknown');
    assert.equal(await failureOf(connection.exec('true'), 'host-key-unknown'), first);
    home.writeKnownHosts(`[127.0.0.1]:${proxy.port} ${server.hostPublicKey}\n`);
    connection.reconnect();
    assert.equal((await connection.exec('true')).exitCode, 0);
  });

  it('drops a working session on reconnect(), and opens a new one for the next operation', async () => {
    const connection = home.connection('web');
    await connection.exec('true');
    const logBefore = server.log().length;
    connection.reconnect();
    assert.equal(connection.state.kind, 'idle');
    assert.equal((await connection.exec('echo again')).stdout.toString(), 'again\n');
    assert.equal(server.log().slice(logBefore).match(/Accepted publickey/g)?.length, 1);
    assert.equal(connection.state.kind, 'connected');
  });

  it('refuses operations after close()', async () => {
    const connection = home.connection('web');
    await connection.exec('true');
    connection.close();
    await failureOf(connection.exec('true'), 'cancelled');
    assert.equal(connection.state.kind, 'closed');
  });
});
