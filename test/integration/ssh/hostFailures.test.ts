import { strict as assert } from 'node:assert';
import { HostSession, HostState } from '../../../src/core/hosts/hostSession';
import { privilegeProblem } from '../../../src/core/hosts/probe';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { scenario, SimulatedHost } from '../../host';
import { LatencyProxy, startLatencyProxy } from '../../host/latencyProxy';
import { ssh, useSimulatedHost } from '../host/harness';
import { ClientHome, makeClientHome } from '../support/clientHome';

/**
 * The failures a host node shows that come from the host rather than from SSH (those are in failures,
 * authentication and hostKeys): each is one message in the session's state, and the session recovers.
 */
describe('host failures as the tree sees them (HostSession over SSH)', function () {
  this.timeout(120_000);
  const freebsd = useSimulatedHost(() => scenario({ doasUser: 'deploy', jails: [{ name: 'www', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.10' }] }));
  const linux = useSimulatedHost(() => scenario({ linuxHost: true }));
  let home: ClientHome;
  let proxy: LatencyProxy | undefined;

  const session = (host: SimulatedHost, options: { user?: string; port?: number } = {}) => {
    const port = options.port ?? host.port;
    home.writeConfig(['Host freebsd', `  HostName ${host.host}`, `  Port ${port}`, `  User ${options.user ?? host.user}`, `  IdentityFile ${host.privateKeyPath}`,
      `  UserKnownHostsFile ${home.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));
    home.writeKnownHosts(`[127.0.0.1]:${port} ${host.knownHostsLine.split(' ').slice(1).join(' ')}\n`);
    const runner = new CommandRunner(home.connection('freebsd'), 'root');
    return new HostSession('freebsd', async () => runner);
  };
  const failedWith = (state: HostState) => {
    assert.equal(state.kind, 'failed', `expected a failure, got ${state.kind}`);
    return (state as Extract<HostState, { kind: 'failed' }>).message;
  };

  beforeEach(() => { home = makeClientHome(); });
  afterEach(async () => {
    home.cleanup();
    await proxy?.close();
    proxy = undefined;
  });

  it('refuses a host that is not FreeBSD', async () => {
    assert.equal(failedWith(await session(linux()).refresh()), 'this host is not FreeBSD (uname -s says "Linux")');
  });

  it('lists the jails of a login without privilege, and says what it lacks', async () => {
    const denied = await ssh(freebsd(), "echo 'deny deploy' >> /usr/local/etc/doas.conf");
    assert.equal(denied.status, 0, denied.stderr);
    try {
      const state = await session(freebsd(), { user: 'deploy' }).refresh();
      assert.equal(state.kind, 'connected', state.kind === 'failed' ? state.message : state.kind);
      if (state.kind !== 'connected') return;
      assert.deepEqual(state.inventory.jails.map((j) => j.name), ['www']);
      assert.equal(privilegeProblem(state.capabilities), 'deploy is not root and has no password-less doas or sudo rule, so jails can be listed but not '
        + 'started, stopped or created. Add "permit nopass deploy" to /usr/local/etc/doas.conf, or log in as root.');
    } finally {
      await ssh(freebsd(), "sed -i '/^deny deploy$/d' /usr/local/etc/doas.conf");
    }
  });

  it('fails a refresh whose link is cut mid-command with "connection lost", and recovers on the next', async () => {
    proxy = await startLatencyProxy(freebsd().sshdPort, { delayMs: 150 });
    const host = session(freebsd(), { port: proxy.port });
    assert.equal((await host.refresh()).kind, 'connected');
    const refreshing = host.refresh();
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.cut('reset');
    assert.match(failedWith(await refreshing), /^connection to freebsd lost/);
    proxy.restore();
    const again = await host.refresh();
    assert.equal(again.kind, 'connected', again.kind === 'failed' ? again.message : again.kind);
  });

  it('turns garbage from jls into one message for the host', async () => {
    const broken = await ssh(freebsd(), "cp /usr/sbin/jls /tmp/jls.real && printf '#!/bin/sh\\necho \"<html>Service Unavailable\"\\n' > /usr/sbin/jls");
    assert.equal(broken.status, 0, broken.stderr);
    try {
      assert.match(failedWith(await session(freebsd()).refresh()), /^jls --libxo json gave not JSON \(.+\)$/);
    } finally {
      await ssh(freebsd(), 'cat /tmp/jls.real > /usr/sbin/jls');
    }
    assert.equal((await session(freebsd()).refresh()).kind, 'connected');
  });
});
