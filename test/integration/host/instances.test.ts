/**
 * Two simulated hosts at once, each with a network stack of its own: the same jail address and port serve
 * each host's own page, reached from inside the host (openConnection) and through sshd's direct-tcpip
 * channel (ssh -W), as the extension's tunnels reach them.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { scenario, SimulatedHost, startSimulatedHost } from '../../host/index';
import { writeRemoteFile } from './harness';
import { httpGet, onHost } from './webSupport';

const ADDRESS = '127.213.0.40';

/** An HTTP/1.0 request sent through `ssh -W ADDRESS:80`: sshd opens the TCP connection from the host. */
function throughTunnel(host: SimulatedHost, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const [destination, ...options] = [...host.sshArgs()].reverse();
    const child = spawn('ssh', [...options.reverse(), '-W', `${ADDRESS}:80`, destination], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', () => resolve(output));
    child.stdin.write(`GET ${path} HTTP/1.0\r\nHost: ${ADDRESS}\r\n\r\n`);
  });
}

async function serveOwnPage(host: SimulatedHost, text: string): Promise<void> {
  await onHost(host, 'pkg -j web install -y -q apache24 && sysrc -j web apache24_enable=YES >/dev/null');
  await writeRemoteFile(host, '/usr/local/jails/containers/web/usr/local/www/apache24/data/index.html', text);
  await onHost(host, 'service -j web apache24 start 2>/dev/null');
}

describe('simulated host: two instances at once', function () {
  this.timeout(120000);
  let hosts: SimulatedHost[] = [];

  before(async function () {
    this.timeout(180000);
    const make = () => scenario({ jails: [{ name: 'web', running: true, configuredIn: 'jail.conf', ip4: ADDRESS }] });
    hosts = await Promise.all([startSimulatedHost(make()), startSimulatedHost(make())]);
  });

  after(async function () {
    this.timeout(60000);
    await Promise.all(hosts.map((host) => host.stop()));
  });

  it('serve the same jail address and port, each its own page', async () => {
    await Promise.all([serveOwnPage(hosts[0], 'first host\n'), serveOwnPage(hosts[1], 'second host\n')]);
    assert.equal((await httpGet(hosts[0], ADDRESS, 80, '/')).body, 'first host\n');
    assert.equal((await httpGet(hosts[1], ADDRESS, 80, '/')).body, 'second host\n');
  });

  it('reach a jail\'s daemon through sshd\'s direct-tcpip channel', async () => {
    const answer = await throughTunnel(hosts[1], '/');
    assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(answer.includes('\r\nServer: Apache/2.4.65 (FreeBSD) (simulated)\r\n'), answer);
    assert.ok(answer.endsWith('\r\n\r\nsecond host\n'), answer);
  });

  it('refuse connections where nothing listens in the host\'s own stack', async () => {
    await assert.rejects(hosts[0].openConnection(ADDRESS, 8081), /ECONNREFUSED/);
  });
});
