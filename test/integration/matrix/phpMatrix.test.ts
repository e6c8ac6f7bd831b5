/**
 * The PHP version matrix end to end on the simulated host, with ZFS clones and with thin jails: two versions
 * created in parallel through the provisioner with the workspace uploaded, each page asked through a
 * forwarded channel, the PHP log read for what each request added; a change re-run; everything destroyed
 * with nothing left.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionerMatrixServices } from '../../../src/core/provision/matrix/matrixServices';
import { PhpMatrix } from '../../../src/core/provision/matrix/phpMatrix';
import { scenario } from '../../host';
import { useSimulatedHost } from '../host/harness';
import { connect, Connected, hostFootprint, spec } from '../throwaway/support';

for (const zfs of [true, false]) describe(`PHP version matrix on the simulated host (${zfs ? 'ZFS clones' : 'thin jails without ZFS'})`, function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ zfs }));
  let c: Connected;
  let folder: string;
  before(async () => {
    c = await connect(host());
    folder = mkdtempSync(join(tmpdir(), 'jails-matrix-'));
  });
  after(() => {
    c?.home.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the workspace on each version, reports the new PHP messages, re-runs after a change, destroys all', async () => {
    writeFileSync(join(folder, 'index.php'), '<?php\necho "PHP ", phpversion();\ntrigger_error("first run", E_USER_WARNING);\n');
    const services = provisionerMatrixServices(c.provisioner, c.runner, { folder, filter: { include: ['**/*'], exclude: [] } });
    const matrix = new PhpMatrix(services, spec('mx', { stack: 'apache-php-fpm' }), ['8.3', '8.4']);
    await matrix.start(new AbortController().signal);
    const summary = () => matrix.rows.map((r) => [r.php, r.state, r.status ?? r.message, r.problems.map((p) => `${p.level}: ${p.message}`)]);
    assert.deepEqual(summary(), [
      ['8.3', 'ready', 200, ['Warning: first run']],
      ['8.4', 'ready', 200, ['Warning: first run']],
    ]);
    assert.ok(matrix.rows.every((r) => typeof r.ms === 'number'));

    writeFileSync(join(folder, 'index.php'), '<?php\necho "PHP ", phpversion();\ntrigger_error("second run", E_USER_ERROR);\n');
    await matrix.rerun(new AbortController().signal);
    assert.deepEqual(summary(), [
      ['8.3', 'ready', 500, ['Fatal error: second run']],
      ['8.4', 'ready', 500, ['Fatal error: second run', 'Deprecated: Passing E_USER_ERROR to trigger_error() is deprecated since 8.4, throw an exception or call exit with a string message instead']],
    ]);

    await matrix.destroyAll();
    assert.deepEqual(matrix.rows.map((r) => r.state), ['destroyed', 'destroyed']);
    assert.deepEqual(await c.provisioner.list(), []);
    assert.equal(await hostFootprint(host(), c.settings.root), '');
  });
});
