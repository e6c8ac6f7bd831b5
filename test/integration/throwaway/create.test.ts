/**
 * Creating and destroying throwaway jails on the simulated host, on ZFS (snapshot + clone) and without it
 * (nullfs thin jails): cold (nothing there), warm (the release there) and hot (the stack template there),
 * the page fetched through a forwarded channel, then destroy and the leftover check.
 */
import { strict as assert } from 'node:assert';
import { httpProbeOver } from '../../../src/core/provision/httpProbe';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { connect, Connected, hostFootprint, spec, tracking } from './support';

for (const zfs of [true, false]) {
  describe(`throwaway jails on a simulated host ${zfs ? 'with ZFS (clones)' : 'without ZFS (nullfs thin jails)'}`, function () {
    this.timeout(300_000);
    const host = useSimulatedHost(() => scenario({ zfs }));
    let c: Connected;
    before(async () => { c = await connect(host()); });
    after(() => c?.home.cleanup());

    const page = async (address: string) => {
      const probe = httpProbeOver((a, p, signal) => c.connection.forwardOut(a, p, { signal }));
      return probe(address, 80, new AbortController().signal);
    };

    it('cold: fetches the release, builds the template, serves the first page', async () => {
      const before = c.shell.roundTrips;
      const result = await c.provisioner.create(spec('tw-cold'), tracking(c.shell));
      assert.equal(result.ok, true, result.ok ? '' : `${result.failedStep}: ${result.message}`);
      if (!result.ok) return;
      assert.equal(result.temperature, 'cold');
      assert.deepEqual(Object.keys(result.stepMs), ['check', 'release', 'template', 'reserve', 'clone', 'configure', 'start', 'http']);
      assert.equal(c.shell.roundTrips - before, 7);
      assert.equal(result.jail.dataset !== undefined, zfs);
      const answer = await page(result.jail.address);
      assert.equal(answer.status, 200);
      assert.match(answer.body, /Throwaway jail tw-cold/);
      assert.match(answer.body, /8\.4/);
      const listed = await c.provisioner.list();
      assert.deepEqual(listed.map((j) => [j.name, j.running]), [['tw-cold', true]]);
    });

    it('hot: the next jail of that stack is a clone, in five round trips', async () => {
      const before = c.shell.roundTrips;
      const result = await c.provisioner.create(spec('tw-hot'), tracking(c.shell));
      assert.equal(result.ok && result.temperature, 'hot', result.ok ? '' : result.message);
      assert.equal(c.shell.roundTrips - before, 5);
      if (!result.ok) return;
      assert.notEqual(result.jail.address, (await c.provisioner.list()).find((j) => j.name === 'tw-cold')?.address);
      assert.equal((await page(result.jail.address)).status, 200);
      if (!zfs) {
        const mounts = await ssh(host(), `mount -p | grep ${result.jail.path}/.base`);
        assert.match(mounts.stdout, /nullfs\s+ro/);
      }
    });

    it('warm: another stack on the same release only builds its template', async () => {
      const result = await c.provisioner.create(spec('tw-nginx', { stack: 'nginx-php-fpm', php: '8.3', phpIni: { memory_limit: '64M' } }), tracking(c.shell));
      assert.equal(result.ok && result.temperature, 'warm', result.ok ? '' : result.message);
      if (!result.ok) return;
      assert.equal((await page(result.jail.address)).status, 200);
    });

    it('creates jails of different PHP versions in parallel, their templates built at the same time', async () => {
      const versions = ['8.2', '8.5'];
      const results = await Promise.all(versions.map((php) => c.provisioner.create(spec(`tw-par-${php.replace('.', '')}`, { php }), tracking(c.shell))));
      for (const result of results) assert.equal(result.ok, true, result.ok ? '' : result.message);
      const answers = await Promise.all(results.map((r) => (r.ok ? page(r.jail.address) : Promise.reject(new Error('not created')))));
      assert.deepEqual(answers.map((a) => a.status), [200, 200]);
      versions.forEach((php, i) => assert.match(answers[i].body, new RegExp(`PHP ${php.replace('.', '\\.')}\\.`)));
    });

    it('destroys them all and finds nothing left', async () => {
      const outcomes = await c.provisioner.destroy('all');
      assert.deepEqual(outcomes.map((o) => [o.name, o.ok, o.leftovers, o.message]).sort(), [
        ['tw-cold', true, [], undefined], ['tw-hot', true, [], undefined], ['tw-nginx', true, [], undefined],
        ['tw-par-82', true, [], undefined], ['tw-par-85', true, [], undefined]]);
      assert.equal(await hostFootprint(host(), c.settings.root), '');
      assert.deepEqual(await c.provisioner.list(), []);
    });

    it('refuses to destroy a jail the extension did not make', async () => {
      const outcomes = await c.provisioner.destroy(['www']);
      assert.equal(outcomes[0].ok, false);
      assert.match(outcomes[0].message ?? '', /not a throwaway jail/);
    });
  });
}
