// The PHP version matrix through the simulated host's 50 ms latency proxy, hot (every version's stack
// template present): one hot create (from the call to the first HTTP answer), then a 4-version matrix
// (all created in parallel, each page asked and its PHP log read). Target: matrix ≤ 1.3 × one hot create.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionerMatrixServices } from '../src/core/provision/matrix/matrixServices';
import { matrixSpec, PhpMatrix } from '../src/core/provision/matrix/phpMatrix';
import { scenario, startSimulatedHost } from '../test/host';
import { connect, spec } from '../test/integration/throwaway/support';
import { availableParallelism } from 'node:os';
import { descendantsCpuSeconds } from './processCpu';
import { median } from './stats';

const versions = ['8.2', '8.3', '8.4', '8.5'];
const runs = 3;

export async function benchMatrix(): Promise<string[]> {
  const host = await startSimulatedHost(scenario({ zfs: true, latency: { delayMs: 50 } }));
  const folder = mkdtempSync(join(tmpdir(), 'jails-bench-matrix-'));
  writeFileSync(join(folder, 'index.php'), '<?php\necho "PHP ", phpversion();\ntrigger_error("bench", E_USER_NOTICE);\n');
  const c = await connect(host);
  try {
    const source = { folder, filter: { include: ['**/*'], exclude: [] } };
    const services = provisionerMatrixServices(c.provisioner, c.runner, source);
    const base = spec('bm', { stack: 'apache-php-fpm' });
    // Templates one at a time (what the matrix shares is serialised anyway), so that every run below is hot.
    for (const php of versions) {
      const made = await services.create(matrixSpec(base, php), new AbortController().signal);
      if (!made.ok) throw new Error(made.message);
    }
    await c.provisioner.destroy('all');
    const single: number[] = [];
    const matrix: number[] = [];
    const singleCpu: number[] = [];
    const matrixCpu: number[] = [];
    // CPU of the simulated host's processes and of this process (the client and the in-process latency proxy).
    const cpuNow = () => descendantsCpuSeconds() + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
    for (let run = 0; run < runs; run++) {
      let started = Date.now();
      let cpu = cpuNow();
      const made = await services.create(matrixSpec(base, '8.4'), new AbortController().signal);
      if (!made.ok) throw new Error(made.message);
      single.push(Date.now() - started);
      singleCpu.push(cpuNow() - cpu);
      await c.provisioner.destroy('all');
      const rows = new PhpMatrix(services, base, versions);
      started = Date.now();
      cpu = cpuNow();
      await rows.start(new AbortController().signal);
      matrix.push(Date.now() - started);
      matrixCpu.push(cpuNow() - cpu);
      const failed = rows.rows.filter((r) => r.state !== 'ready');
      if (failed.length) throw new Error(failed.map((r) => `${r.php}: ${r.message}`).join('; '));
      await rows.destroyAll();
    }
    const ratio = median(matrix) / median(single);
    const cores = availableParallelism();
    const floorMs = (median(matrixCpu) * 1000) / cores;
    return [
      `matrix hot create, one version (to its first HTTP answer): ${median(single)} ms, using ${median(singleCpu).toFixed(2)} s of CPU (simulated host and client)`,
      `matrix hot, ${versions.length} versions in parallel (created, page asked, PHP log read): ${median(matrix)} ms = ${ratio.toFixed(2)} × one create (target ≤ 1.3; median of ${runs})`,
      `matrix CPU: ${median(matrixCpu).toFixed(2)} s in all; on ${cores} cores no schedule could finish under ${floorMs.toFixed(0)} ms = ${(floorMs / median(single)).toFixed(2)} × one create`,
    ];
  } finally {
    c.home.cleanup();
    rmSync(folder, { recursive: true, force: true });
    await host.stop();
  }
}
