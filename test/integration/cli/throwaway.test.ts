import { strict as assert } from 'node:assert';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { buildJailsCli } from './cliHarness';

const { run: jails, remove } = buildJailsCli();

describe('jails create and destroy against the simulated host', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ jails: [{ name: 'www', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.10' }] }));
  const target = () => [`root@127.0.0.1:${host().port}`, '-i', host().privateKeyPath, '--known-hosts', host().knownHostsFile];

  after(remove);

  it('creates a throwaway jail, reporting each step on stderr and the jail on stdout', async () => {
    const r = await jails(['create', ...target(), '--name', 'tw-cli', '--stack', 'bare', '--package', 'curl', '--pool', '127.213.0.0/24']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^Fetching FreeBSD 14\.3-RELEASE/m);
    assert.match(r.stderr, /^Cloning 14\.3-RELEASE-bare-[0-9a-f]+ into tw-cli…$/m);
    assert.match(r.stdout, /^tw-cli is running at 127\.213\.0\.2 \(cold, [\d.]+ s\): bare on 14\.3-RELEASE$/m);
    assert.match((await ssh(host(), 'jls -n name')).stdout, /name=tw-cli/);
  });

  it('gives JSON with --json, and generates a name', async () => {
    const r = await jails(['create', ...target(), '--stack', 'bare', '--package', 'curl', '--pool', '127.213.0.0/24', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { ok: boolean; temperature: string; jail: { name: string; address: string } };
    assert.deepEqual([result.ok, result.temperature, result.jail.address], [true, 'hot', '127.213.0.3']);
    assert.match(result.jail.name, /^tw-bare-[0-9a-f]{4}$/);
  });

  it('fails with the step and FreeBSD\'s message, exit 1', async () => {
    const r = await jails(['create', ...target(), '--name', 'tw-bad', '--stack', 'bare', '--package', 'no-such-package', '--pool', '127.213.0.0/24']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /jails: failed at "Installing no-such-package into the 14\.3-RELEASE-bare-[0-9a-f]+ template": .*No packages available to install matching 'no-such-package'/);
  });

  it('refuses to destroy a jail it did not make, and destroys by name and --all', async () => {
    const refused = await jails(['destroy', ...target(), 'www']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /www is not a throwaway jail of this extension/);
    const one = await jails(['destroy', ...target(), 'tw-cli']);
    assert.equal(one.status, 0, one.stderr);
    assert.equal(one.stdout, 'tw-cli destroyed\n');
    const all = await jails(['destroy', ...target(), '--all']);
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^tw-bare-[0-9a-f]{4} destroyed$/m);
    assert.doesNotMatch((await ssh(host(), 'jls -n name')).stdout, /tw-/);
    assert.match((await ssh(host(), 'jls -n name')).stdout, /name=www/);
  });

  it('says how to use it', async () => {
    const r = await jails(['destroy', ...target()]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /give the names of the jails to destroy, or --all/);
    assert.match(r.stderr, /jails create HOST \[--name N\]/);
  });
});
