/**
 * The latency proxy in front of sshd: it adds the one-way delay it is told to (measured, with a
 * tolerance), paces bandwidth, carries real SSH sessions, and can cut or black-hole the link.
 */
import { strict as assert } from 'node:assert';
import { createConnection } from 'node:net';
import { numberedJails, scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const TOLERANCE_MS = 120;

/** Milliseconds from TCP connect to sshd's version banner. */
function timeToBanner(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', () => { resolve(Date.now() - started); socket.destroy(); });
    socket.once('error', reject);
  });
}

describe('latency proxy', () => {
  const host = useSimulatedHost(() => scenario({ latency: { delayMs: 150 } }));

  it('delays the server\'s first bytes by the configured one-way delay', async () => {
    const direct = await timeToBanner(host().sshdPort);
    const delayed = await timeToBanner(host().port);
    assert.ok(delayed >= 150 && delayed < 150 + direct + TOLERANCE_MS, `delayed ${delayed} ms (direct ${direct} ms)`);
  });

  it('follows a changed delay', async () => {
    host().proxy?.setOptions({ delayMs: 300 });
    const delayed = await timeToBanner(host().port);
    host().proxy?.setOptions({ delayMs: 150 });
    assert.ok(delayed >= 300 && delayed < 300 + TOLERANCE_MS, `delayed ${delayed} ms`);
  });

  it('carries an OpenSSH session, slower by its round trips', async () => {
    const started = Date.now();
    const result = await ssh(host(), 'jls --libxo json');
    const elapsed = Date.now() - started;
    assert.equal(result.stdout, '{"__version": "2", "jail-information": {"jail": []}}\n');
    // version exchange, key exchange, auth, channel, exec, data: several round trips of 2 x 150 ms
    assert.ok(elapsed >= 4 * 300, `elapsed ${elapsed} ms`);
  });

  it('paces the bandwidth', async () => {
    host().proxy?.setOptions({ delayMs: 0, bytesPerSecond: 100000 });
    const started = Date.now();
    const result = await ssh(host(), 'head -c 60000 /dev/zero');
    const elapsed = Date.now() - started;
    host().proxy?.setOptions({ delayMs: 150 });
    assert.equal(result.stdout.length, 60000);
    assert.ok(elapsed >= 500, `60 kB at 100 kB/s took ${elapsed} ms`);
  });

  it('cuts a live session and refuses new ones until restored', async () => {
    const session = ssh(host(), 'sleep 20');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cutAt = Date.now();
    host().proxy?.cut('reset');
    const ended = await session;
    assert.equal(ended.status, 255);
    assert.ok(Date.now() - cutAt < 2000);
    assert.equal((await ssh(host(), 'true')).status, 255);
    host().proxy?.restore();
    assert.equal((await ssh(host(), 'true')).status, 0);
  });

  it('black-holes a link: the socket stays open and nothing arrives', async () => {
    const socket = createConnection({ host: '127.0.0.1', port: host().port });
    await new Promise((resolve) => socket.once('connect', resolve));
    host().proxy?.cut('blackhole');
    let received = 0;
    socket.on('data', (chunk) => { received += chunk.length; });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(received, 0);
    assert.equal(socket.destroyed, false);
    socket.destroy();
    host().proxy?.restore();
  });
});

describe('latency proxy with running jails', () => {
  const host = useSimulatedHost(() => scenario({ latency: { delayMs: 25 }, jails: numberedJails(3, 2) }));

  it('starts the scenario\'s jails through the proxy and lists them', async () => {
    const result = await ssh(host(), 'jls -n -q name');
    assert.deepEqual(result.stdout.trim().split('\n').sort(), ['name=jail1', 'name=jail2']);
  });
});
