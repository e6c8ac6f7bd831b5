// Throwaway jails through the simulated host's latency proxy at 50 ms round-trip time: cold (nothing on the
// host: each run has a throwaway root of its own), warm (the release there, a stack template to build) and
// hot (the stack template there), each from the call to the first HTTP answer through a tunnel, then a
// destroy. For each: wall time, exec round trips, bytes of scripts sent and the client's CPU time, medians
// over several runs, and per phase (plan step). Targets (issue #7): hot ≤ 10 round trips, ≤ 1.5 s spent
// in the extension. Called by bench/run.mjs; returns the lines it prints.
import { performance } from 'node:perf_hooks';
import type { ThrowawaySpec } from '../src/core/provision/throwawaySpec';
import { openPortTunnel } from '../src/core/ssh/portTunnel';
import { scenario, startSimulatedHost } from '../test/host';
import { connect, Connected, spec, tracking } from '../test/integration/throwaway/support';
import { kib, median, ms } from './stats';

const runs = Number(process.env.JAILS_BENCH_RUNS ?? 5);

interface Phase { ms: number; roundTrips: number; bytes: number }
interface Measure { wallMs: number; cpuMs: number; roundTrips: number; bytes: number; phases: Map<string, Phase> }

async function measureCreate(c: Connected, wanted: ThrowawaySpec): Promise<Measure> {
  const phases = new Map<string, Phase>();
  let phaseStart = { at: 0, roundTrips: 0, bytes: 0 };
  const startRoundTrips = c.shell.roundTrips;
  const startBytes = c.shell.bytesSent;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await c.provisioner.create(wanted, tracking(c.shell, {
    onEvent: (event) => {
      if (event.kind === 'started') phaseStart = { at: performance.now(), roundTrips: c.shell.roundTrips, bytes: c.shell.bytesSent };
      if (event.kind === 'finished') {
        phases.set(event.step, { ms: performance.now() - phaseStart.at, roundTrips: c.shell.roundTrips - phaseStart.roundTrips, bytes: c.shell.bytesSent - phaseStart.bytes });
      }
    },
  }));
  if (!result.ok) throw new Error(`${result.failedStep}: ${result.message}`);
  const tunnelStart = { at: performance.now(), roundTrips: c.shell.roundTrips, bytes: c.shell.bytesSent };
  const tunnel = await openPortTunnel(c.connection, { remoteHost: result.jail.address, remotePort: result.jail.webPort ?? 80 });
  const page = await fetch(`http://127.0.0.1:${tunnel.localPort}/`);
  await page.text();
  phases.set('tunnel', { ms: performance.now() - tunnelStart.at, roundTrips: 0, bytes: 0 });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await tunnel.close();
  return { wallMs, cpuMs: (used.user + used.system) / 1000, roundTrips: c.shell.roundTrips - startRoundTrips, bytes: c.shell.bytesSent - startBytes, phases };
}

function summary(label: string, measures: Measure[]): string[] {
  const of = (pick: (m: Measure) => number) => median(measures.map(pick));
  const lines = [`  ${label}: ${ms(of((m) => m.wallMs))} wall, ${of((m) => m.roundTrips)} exec round trips, ${kib(of((m) => m.bytes))} sent, ${ms(of((m) => m.cpuMs))} client CPU`];
  const names = [...new Set(measures.flatMap((m) => [...m.phases.keys()]))];
  const phase = (name: string, pick: (p: Phase) => number) => median(measures.map((m) => (m.phases.get(name) ? pick(m.phases.get(name) as Phase) : 0)));
  lines.push(`    ${names.map((n) => `${n} ${ms(phase(n, (p) => p.ms))}/${phase(n, (p) => p.roundTrips)} rt/${kib(phase(n, (p) => p.bytes))}`).join(' · ')}`);
  return lines;
}

export async function benchThrowaway(): Promise<string[]> {
  const host = await startSimulatedHost(scenario({ zfs: true, latency: { delayMs: 25 }, jails: [] }));
  const c = await connect(host);
  const lines = [`throwaway jails (ZFS, 50 ms round trip, apache-mod_php; medians of ${runs})`];
  try {
    const cold: Measure[] = [];
    const destroys: { ms: number; roundTrips: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const own = await connect(host, { root: `/usr/local/jails/bench-cold-${run}` });
      try {
        cold.push(await measureCreate(own, spec(`tw-cold-${run}`)));
        const before = own.shell.roundTrips;
        const started = performance.now();
        const [outcome] = await own.provisioner.destroy([`tw-cold-${run}`]);
        if (!outcome.ok) throw new Error(outcome.message);
        destroys.push({ ms: performance.now() - started, roundTrips: own.shell.roundTrips - before });
      } finally {
        own.home.cleanup();
      }
    }
    lines.push(...summary('cold (fetch base.txz, build template, clone, start)', cold));
    await measureCreate(c, spec('tw-seed'));
    const warmSpecs: Partial<ThrowawaySpec>[] = [{ php: '8.2' }, { php: '8.3' }, { php: '8.5' }, { stack: 'apache-php-fpm' }, { stack: 'nginx-php-fpm' }];
    const warm: Measure[] = [];
    for (let run = 0; run < runs; run++) warm.push(await measureCreate(c, spec(`tw-warm-${run}`, warmSpecs[run % warmSpecs.length])));
    lines.push(...summary('warm (release present: build template, clone, start)', warm));
    const hot: Measure[] = [];
    for (let run = 0; run < runs; run++) hot.push(await measureCreate(c, spec(`tw-hot-${run}`)));
    lines.push(...summary('hot (template present: clone, start)', hot));
    lines.push(`  destroy one: ${ms(median(destroys.map((d) => d.ms)))} wall, ${median(destroys.map((d) => d.roundTrips))} exec round trips (list, then destroy + leftover check)`);
    await c.provisioner.destroy('all');
  } finally {
    c.home.cleanup();
    await host.stop();
  }
  return lines;
}
