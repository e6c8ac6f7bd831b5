import { strict as assert } from 'node:assert';
import { HostSession } from '../../../src/core/hosts/hostSession';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { scenario, SimulatedHost, startSimulatedHost } from '../../host';
import { ClientHome, makeClientHome } from '../support/clientHome';

describe('the SSH layer against the simulated FreeBSD host (csh root shell)', function () {
  this.timeout(120_000);
  let host: SimulatedHost;
  let home: ClientHome;
  let runner: CommandRunner;

  before(async () => {
    host = await startSimulatedHost(scenario({ rootShell: '/bin/csh', doasUser: 'deploy', jails: [{ name: 'www', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.10' }] }));
  });
  after(async () => {
    await host?.stop();
  });
  const logInAs = (user: string) => home.writeConfig([`Host freebsd`, `  HostName ${host.host}`, `  Port ${host.port}`, `  User ${user}`,
    `  IdentityFile ${host.privateKeyPath}`, `  UserKnownHostsFile ${host.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));

  beforeEach(() => {
    home = makeClientHome();
    logInAs(host.user);
    runner = new CommandRunner(home.connection('freebsd'), 'root');
  });
  afterEach(() => home.cleanup());

  it('logs in with the host\'s key, verified against its known_hosts', async () => {
    const system = await runner.run({ argv: ['uname', '-s'], parse: (stdout, _stderr, code) => [stdout.trim(), code] });
    assert.deepEqual(system, ['FreeBSD', 0]);
  });

  it('keeps words intact under csh, and sends scripts to /bin/sh -s', async () => {
    const words = ["it's", 'wow!', '$HOME `id`', 'two words'];
    assert.equal((await runner.run({ argv: ['printf', '%s|', ...words], parse: (out) => out })), `${words.join('|')}|`);
    const script = await runner.runScript('for n in 1 2; do\n  echo "line $n"\ndone\nfreebsd-version -u\n');
    assert.deepEqual([script.stdout, script.exitCode], [`line 1\nline 2\n${host.scenario.release}\n`, 0]);
  });

  it('serves HostSession: probe and inventory in one round trip each', async () => {
    const session = new HostSession('freebsd', async () => runner);
    const state = await session.refresh();
    assert.equal(state.kind, 'connected', state.kind === 'failed' ? state.message : '');
    if (state.kind !== 'connected') return;
    assert.equal(state.capabilities.userlandVersion, host.scenario.release);
    assert.equal(state.capabilities.privilege, 'root');
  });

  it('runs privileged commands through doas -n for a doas-only login', async () => {
    logInAs(host.doasUser ?? 'deploy');
    const deploy = new CommandRunner(home.connection('freebsd'), 'doas');
    const uid = { argv: ['id', '-u'], parse: (out: string, err: string, code: number) => [out.trim(), err.trim(), code] };
    assert.deepEqual(await deploy.run(uid), ['1001', '', 0]);
    assert.deepEqual(await deploy.run({ ...uid, privileged: true }), ['0', '', 0]);
    const viaSudo = await deploy.withPrivilege('sudo').run({ ...uid, privileged: true });
    assert.notEqual(viaSudo[2], 0, 'sudo is not set up for this login: it must fail at once, not prompt');
  });
});
