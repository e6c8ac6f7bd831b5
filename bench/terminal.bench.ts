// Terminals in jails through a latency proxy at 50 ms round-trip time: how long a warm connection takes to
// open a jail shell (until its prompt is drawn), and keystroke-to-echo in that shell. Each is also measured
// straight to sshd, so the host's own share (the simulator's jexec is slower than FreeBSD's) can be told from
// the link's. Medians. Called by bench/run.mjs; returns the lines it prints.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jailShellArgv } from '../src/core/jails/jailShell';
import { TerminalSession } from '../src/core/jails/terminalSession';
import { CommandRunner } from '../src/core/ssh/commandRunner';
import { ConnectionPool } from '../src/core/ssh/connectionPool';
import { nodeLocalSystem } from '../src/core/ssh/localSystem';
import { nonInteractivePrompts } from '../src/core/ssh/prompts';
import { demoScenario, startSimulatedHost } from '../test/host';
import { startLatencyProxy } from '../test/host/latencyProxy';
import { median, ms as fmt } from './stats';

const rttMs = 50;
const opens = Number(process.env.JAILS_BENCH_RUNS ?? 5);
const keystrokes = 30;

/** Resolves when the session's output so far matches; output is collected from the start. */
function watch(session: TerminalSession): (pattern: RegExp) => Promise<void> {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  session.onData((chunk) => {
    text += chunk;
    for (const waiter of [...waiters]) {
      if (!waiter.pattern.test(text)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return (pattern) => new Promise((resolve) => {
    if (pattern.test(text)) resolve();
    else waiters.push({ pattern, resolve });
  });
}

// busybox ash asks where the cursor is (ESC [6n) after its prompt; nothing here answers, and it goes on.
const cursorQuery = '(?:\\x1b\\[6n)?';
const prompt = new RegExp(`# ${cursorQuery}$`);

/** Opens a jail shell, waits for its prompt, and returns the time taken and the open session. */
async function openShell(runner: CommandRunner): Promise<{ ms: number; session: TerminalSession; until: (p: RegExp) => Promise<void> }> {
  const started = performance.now();
  const session = new TerminalSession(await runner.openTerminal(jailShellArgv('www'), { rows: 24, cols: 80, privileged: true }));
  const until = watch(session);
  await until(prompt);
  return { ms: performance.now() - started, session, until };
}

async function measure(runner: CommandRunner): Promise<{ first: number; open: number; echo: number }> {
  const openTimes: number[] = [];
  for (let i = 0; i < opens; i++) {
    const { ms, session } = await openShell(runner);
    openTimes.push(ms);
    session.close();
  }
  const { session, until } = await openShell(runner);
  const echoes: number[] = [];
  let typed = '';
  for (let i = 0; i < keystrokes; i++) {
    const key = String.fromCharCode(97 + (i % 26));
    typed += key;
    const started = performance.now();
    session.input(key);
    await until(new RegExp(`# ${cursorQuery}${typed}$`));
    echoes.push(performance.now() - started);
  }
  session.close();
  // The first terminal on a connection opens its session channel (one round trip more); later ones find one ready.
  return { first: openTimes[0], open: median(openTimes.slice(1)), echo: median(echoes) };
}

export async function benchTerminal(): Promise<string[]> {
  const host = await startSimulatedHost(demoScenario());
  const proxy = await startLatencyProxy(host.sshdPort, { delayMs: rttMs / 2 });
  const home = mkdtempSync(join(tmpdir(), 'jails-terminal-bench-'));
  const pool = new ConnectionPool({ system: nodeLocalSystem({ homeDirectory: home, environment: {} }), prompts: nonInteractivePrompts });
  try {
    const knownHosts = join(home, 'known_hosts');
    const key = host.knownHostsLine.slice(host.knownHostsLine.indexOf(' ') + 1);
    writeFileSync(knownHosts, `[127.0.0.1]:${proxy.port} ${key}\n[127.0.0.1]:${host.sshdPort} ${key}\n`);
    const runnerFor = async (name: string, port: number) => {
      const connection = pool.connection(name, {
        destination: { kind: 'address', user: host.user, host: host.host, port },
        overrides: { identityFiles: [host.privateKeyPath], userKnownHostsFiles: [knownHosts], strictHostKeyChecking: 'yes' },
      });
      const runner = new CommandRunner(connection, 'root');
      await runner.runScript('true\n');
      return runner;
    };
    const linked = await measure(await runnerFor('proxied', proxy.port));
    const local = await measure(await runnerFor('direct', host.sshdPort));
    return [
      `terminal: keystroke-to-echo in a jail shell at ${rttMs} ms RTT: median ${fmt(linked.echo)} over ${keystrokes} keys ` +
        `(${fmt(local.echo)} without the proxy; target ≤ 1.2 × RTT = ${fmt(1.2 * rttMs)})`,
      `terminal: open a jail shell on a warm connection, until its prompt: median ${fmt(linked.open)} at ${rttMs} ms RTT over ${opens - 1} opens ` +
        `(${fmt(local.open)} without the proxy, the host's own time; the link added ${fmt(linked.open - local.open)}; target ≤ 2 × RTT = ${fmt(2 * rttMs)})`,
      `terminal: the first jail shell on a warm connection, until its prompt: ${fmt(linked.first)} at ${rttMs} ms RTT (${fmt(local.first)} without the proxy)`,
    ];
  } finally {
    pool.closeAll();
    await proxy.close();
    await host.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
