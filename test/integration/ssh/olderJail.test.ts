import { strict as assert } from 'node:assert';
import { HostSession, HostState } from '../../../src/core/hosts/hostSession';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { demoScenario, SimulatedHost } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { ClientHome, makeClientHome } from '../support/clientHome';

/** The demo jails, plus one configured in a file included by a relative path, and one that cannot be evaluated. */
const extraConfig = `
.include "jail.extra.inc";
broken {
  path = "/usr/local/jails/$nowhere";
}
`;

describe('inventory on a host whose jail(8) has no -e (older FreeBSD)', function () {
  this.timeout(120_000);
  const newer = useSimulatedHost(() => demoScenario());
  const older = useSimulatedHost(() => demoScenario({ jailConfigDump: false }));
  let home: ClientHome;

  const connected = async (host: SimulatedHost): Promise<Extract<HostState, { kind: 'connected' }>> => {
    home.writeConfig(['Host freebsd', `  HostName ${host.host}`, `  Port ${host.port}`, `  User ${host.user}`, `  IdentityFile ${host.privateKeyPath}`,
      `  UserKnownHostsFile ${host.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));
    const session = new HostSession('freebsd', async () => new CommandRunner(home.connection('freebsd'), 'root'));
    const state = await session.refresh();
    assert.equal(state.kind, 'connected', state.kind === 'failed' ? state.message : state.kind);
    return state as Extract<HostState, { kind: 'connected' }>;
  };

  before(async () => {
    for (const host of [newer(), older()]) {
      const appended = await ssh(host, `cat >> /etc/jail.conf && printf 'extra {\\n  path = "/usr/local/jails/extra";\\n  persist;\\n}\\n' > /etc/jail.extra.inc`, { input: extraConfig });
      assert.equal(appended.status, 0, appended.stderr);
    }
  });
  beforeEach(() => { home = makeClientHome(); });
  afterEach(() => home.cleanup());

  it('has a jail(8) that refuses -e with its usage text', async () => {
    const result = await ssh(older(), 'jail -f /etc/jail.conf -e " "');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^jail: illegal option -- e\nusage: jail /);
    assert.doesNotMatch(result.stderr, /-e separator/);
  });

  it('lists the same configured jails, with the same parameters, as the host\'s own jail -e does', async () => {
    const withDump = await connected(newer());
    const fromTexts = await connected(older());
    assert.equal(withDump.capabilities.jailConfigDump, true);
    assert.equal(fromTexts.capabilities.jailConfigDump, false);
    const configured = (state: typeof withDump) => state.inventory.jails.map((j) => [j.name, j.state, j.manager ?? '', j.config?.source.file, j.config?.parameters]);
    assert.deepEqual(configured(fromTexts), configured(withDump));
    assert.deepEqual(fromTexts.inventory.jails.map((j) => j.name), ['bastion', 'build', 'db', 'extra', 'mail', 'www']);
    assert.deepEqual(fromTexts.inventory.jails.find((j) => j.name === 'extra')?.config?.parameters, { name: 'extra', path: '/usr/local/jails/extra', persist: true });
  });

  it('reports a jail it cannot evaluate on the host\'s node, as jail(8) would, and lists the rest', async () => {
    const fromTexts = await connected(older());
    assert.deepEqual(fromTexts.inventory.configErrors, [{ file: '/etc/jail.conf', message: 'broken: path: variable "nowhere" not found' }]);
  });
});
