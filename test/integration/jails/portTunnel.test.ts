/**
 * Port tunnels over the host's one SSH connection to a web server inside a simulated jail (busybox httpd).
 */
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { createServer, Server } from 'node:net';
import { LocalPortTakenError, openPortTunnel } from '../../../src/core/ssh/portTunnel';
import { onHost, useJailsHost } from './support';

function httpGet(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('port tunnels to a jail', function () {
  this.timeout(120_000);
  const env = useJailsHost();
  const address = '127.213.0.10';


  let serving = false;
  beforeEach(async () => {
    if (serving) return;
    serving = true;
    await onHost(env().runner, [
      "jexec www /bin/sh -c 'mkdir -p /srv/site && echo hello from www > /srv/site/index.html'",
      `jexec www busybox httpd -p ${address}:8080 -h /srv/site`,
    ].join('\n'));
  });

  it('carries HTTP requests from a free local port to the jail\'s server', async () => {
    const tunnel = await openPortTunnel(env().connection, { remoteHost: address, remotePort: 8080 });
    try {
      assert.ok(tunnel.localPort > 0);
      assert.deepEqual([tunnel.remoteHost, tunnel.remotePort], [address, 8080]);
      const answers = await Promise.all([1, 2, 3].map(() => httpGet(tunnel.localPort, '/index.html')));
      for (const answer of answers) assert.deepEqual(answer, { status: 200, body: 'hello from www\n' });
    } finally {
      await tunnel.close();
    }
  });

  it('refuses a local port that is already taken, with a clear error', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(openPortTunnel(env().connection, { remoteHost: address, remotePort: 8080, localPort: port }),
        (error: Error) => error instanceof LocalPortTakenError && error.message.includes(`local port ${port} is already in use`));
    } finally {
      taken.close();
    }
  });

  it('uses the local port asked for, and frees it on close, telling its listeners once', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const tunnel = await openPortTunnel(env().connection, { remoteHost: address, remotePort: 8080, localPort: port });
    assert.equal(tunnel.localPort, port);
    let closes = 0;
    tunnel.onDidClose(() => { closes += 1; });
    assert.equal((await httpGet(port)).status, 200);
    await tunnel.close();
    await tunnel.close();
    assert.equal(closes, 1);
    await assert.rejects(httpGet(port), /ECONNREFUSED/);
  });

  it('resets a local client when nothing listens on the remote side', async () => {
    const tunnel = await openPortTunnel(env().connection, { remoteHost: address, remotePort: 8081 });
    try {
      await assert.rejects(httpGet(tunnel.localPort), /ECONNRESET|socket hang up/);
    } finally {
      await tunnel.close();
    }
  });
});
