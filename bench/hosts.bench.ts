// Hosts over SSH through the simulated host's latency proxy at 50 ms round-trip time: connect + probe, a
// refresh of one host with 200 jails, and a refresh of 5 hosts at once. For each, the wall time and the exec
// round trips (counted at the runner's channel), medians over several runs; the connections each host's
// proxy saw are counted too. Called by bench/run.mjs; returns the lines it prints.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClientChannel } from 'ssh2';
import { HostSession, newNonce } from '../src/core/hosts/hostSession';
import { parseProbe, probeScript } from '../src/core/hosts/probe';
import { CommandChannel, CommandRunner } from '../src/core/ssh/commandRunner';
import { ConnectionPool, HostSpec } from '../src/core/ssh/connectionPool';
import { nodeLocalSystem } from '../src/core/ssh/localSystem';
import { nonInteractivePrompts } from '../src/core/ssh/prompts';
import { ExecOptions, ExecResult, PtyOptions, SshConnection } from '../src/core/ssh/sshConnection';
import { demoScenario, numberedJails, Scenario, scenario, SimulatedHost, startSimulatedHost } from '../test/host';
import { LatencyProxy, startLatencyProxy } from '../test/host/latencyProxy';
import { median, ms } from './stats';

const roundTripMs = 50;
const runs = Number(process.env.JAILS_BENCH_RUNS ?? 5);

/** The runner's channel, counting every exec round trip that goes through it. */
class CountingChannel implements CommandChannel {
  execs = 0;
  constructor(private readonly connection: SshConnection) {}
  exec(commandLine: string, options?: ExecOptions): Promise<ExecResult> {
    this.execs++;
    return this.connection.exec(commandLine, options);
  }
  openPty(commandLine: string | undefined, options: PtyOptions): Promise<ClientChannel> {
    return this.connection.openPty(commandLine, options);
  }
}

/**
 * A simulated host behind a latency proxy of the bench's own. The scenario's own proxy cannot be used: the
 * simulator seeds running jails with a synchronous ssh through that proxy, which then never forwards a byte.
 */
interface BenchHost {
  host: SimulatedHost;
  proxy: LatencyProxy;
  knownHostsFile: string;
}

async function startBenchHost(home: string, overrides: Partial<Scenario>, index: number): Promise<BenchHost> {
  const host = await startSimulatedHost(scenario(overrides));
  const proxy = await startLatencyProxy(host.sshdPort, { delayMs: roundTripMs / 2 });
  const knownHostsFile = join(home, `known_hosts.${index}`);
  const hostKey = host.knownHostsLine.slice(host.knownHostsLine.indexOf(' ') + 1);
  writeFileSync(knownHostsFile, `[127.0.0.1]:${proxy.port} ${hostKey}\n[127.0.0.1]:${host.sshdPort} ${hostKey}\n`);
  return { host, proxy, knownHostsFile };
}

function hostSpec(bench: BenchHost, port = bench.proxy.port): HostSpec {
  const { host, knownHostsFile } = bench;
  return {
    destination: { kind: 'address', user: host.user, host: host.host, port },
    overrides: { identityFiles: [host.privateKeyPath], userKnownHostsFiles: [knownHostsFile], strictHostKeyChecking: 'yes' },
  };
}

/** A host as the tree has it: its pooled connection, a counting runner, and its session. */
function treeHost(pool: ConnectionPool, name: string, spec: HostSpec) {
  const channel = new CountingChannel(pool.connection(name, spec));
  const session = new HostSession(name, async () => new CommandRunner(channel, 'root'));
  return { channel, session };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function connectAndProbe(pool: ConnectionPool, bench: BenchHost): Promise<string> {
  const times: number[] = [];
  const execs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const name = `probe-${run}`;
    const channel = new CountingChannel(pool.connection(name, hostSpec(bench)));
    const runner = new CommandRunner(channel);
    const [, elapsed] = await timed(async () => {
      const nonce = newNonce();
      parseProbe((await runner.runScript(probeScript(nonce))).stdout, nonce);
    });
    times.push(elapsed);
    execs.push(channel.execs);
    pool.close(name);
  }
  return `hosts: connect + probe at ${roundTripMs} ms RTT: median ${ms(median(times))}, ${median(execs)} exec round trip(s) (${runs} fresh connections)`;
}

/** Connects and probes `session` (its first refresh), so that later refreshes run on a warm connection. */
async function warmUp(session: HostSession): Promise<number> {
  const first = await session.refresh();
  if (first.kind !== 'connected') throw new Error(`${session.name} did not connect: ${first.kind === 'failed' ? first.message : first.kind}`);
  return first.inventory.jails.length;
}

async function timedRefresh(session: HostSession): Promise<number> {
  const [state, elapsed] = await timed(() => session.refresh());
  if (state.kind !== 'connected') throw new Error(`${session.name} failed during the bench: ${state.kind === 'failed' ? state.message : state.kind}`);
  return elapsed;
}

/**
 * A warm refresh through the proxy, and the same refresh straight to sshd (what the host itself takes),
 * alternated so that the shared machine's load weighs on both alike; then an empty script both ways, which is
 * the exec round trip's own cost.
 */
async function refreshOneHost(pool: ConnectionPool, bench: BenchHost): Promise<string[]> {
  const proxied = treeHost(pool, 'big', hostSpec(bench));
  const direct = treeHost(pool, 'direct', hostSpec(bench, bench.host.sshdPort));
  const jails = await warmUp(proxied.session);
  await warmUp(direct.session);
  const viaProxy: number[] = [];
  const hostTime: number[] = [];
  const execs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = proxied.channel.execs;
    viaProxy.push(await timedRefresh(proxied.session));
    execs.push(proxied.channel.execs - before);
    hostTime.push(await timedRefresh(direct.session));
  }
  const emptyViaProxy: number[] = [];
  const emptyDirect: number[] = [];
  for (let run = 0; run < runs; run++) {
    emptyViaProxy.push((await timed(() => new CommandRunner(proxied.channel).runScript('true\n')))[1]);
    emptyDirect.push((await timed(() => new CommandRunner(direct.channel).runScript('true\n')))[1]);
  }
  pool.close('direct');
  const target = 1.3 * roundTripMs;
  return [
    `hosts: warm refresh of one host with ${jails} jails: median ${ms(median(viaProxy))}, ${median(execs)} exec round trip(s), ` +
      `${bench.proxy.activeConnections()} connection(s); host time ${ms(median(hostTime))} (the same refresh without the proxy), ` +
      `so the link added ${ms(median(viaProxy) - median(hostTime))} (target: 1 round trip, ≤ 1.3 × RTT = ${ms(target)} plus host time)`,
    `hosts: one exec round trip on a warm connection (an empty script): median ${ms(median(emptyViaProxy))} at ${roundTripMs} ms RTT, ` +
      `${ms(median(emptyDirect))} without the proxy (target ≤ ${ms(target)})`,
  ];
}

async function refreshHostsAtOnce(pool: ConnectionPool, benches: BenchHost[]): Promise<string> {
  const tree = benches.map((bench, index) => treeHost(pool, `host-${index}`, hostSpec(bench)));
  for (const h of tree) await warmUp(h.session);
  const alone: number[] = [];
  for (const h of tree) {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) times.push(await timedRefresh(h.session));
    alone.push(median(times));
  }
  const times: number[] = [];
  const execs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = tree.map((h) => h.channel.execs);
    times.push((await timed(() => Promise.all(tree.map((h) => h.session.refresh()))))[1]);
    execs.push(tree.reduce((sum, h, i) => sum + h.channel.execs - before[i], 0));
  }
  const slowestAlone = Math.max(...alone);
  const sumAlone = alone.reduce((sum, time) => sum + time, 0);
  const connections = benches.map((b) => b.proxy.activeConnections());
  return `hosts: warm refresh of ${benches.length} hosts at once: median ${ms(median(times))}, ${median(execs)} exec round trips in all, ` +
    `connections per host ${connections.join('/')} (target: in parallel, so nearer the slowest host alone, ${ms(slowestAlone)}, than all of them one after another, ${ms(sumAlone)}; ` +
    '1 round trip and 1 connection per host; the hosts share this machine\'s 2 cores)';
}

export async function benchHosts(): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'jails-bench-home-'));
  const benches: BenchHost[] = [];
  const pool = new ConnectionPool({ system: nodeLocalSystem({ homeDirectory: home, environment: {} }), prompts: nonInteractivePrompts });
  try {
    benches.push(await startBenchHost(home, { jails: numberedJails(200, 20) }, 0));
    for (let i = 1; i <= 5; i++) benches.push(await startBenchHost(home, demoScenario(), i));
    const [big, ...small] = benches;
    return [await connectAndProbe(pool, big), ...(await refreshOneHost(pool, big)), await refreshHostsAtOnce(pool, small)];
  } finally {
    pool.closeAll();
    await Promise.allSettled(benches.map(async ({ host, proxy }) => {
      await proxy.close();
      await host.stop();
    }));
    rmSync(home, { recursive: true, force: true });
  }
}
