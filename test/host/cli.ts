/**
 * `npm run host:start`: starts the demo scenario (a few jails: running and stopped ones in /etc/jail.conf and
 * /etc/jail.conf.d, one Bastille-managed), prints how to connect, and stays up until Ctrl-C.
 * Options: --libxo 1|2|3, --release R, --no-zfs, --csh, --linux, --latency MS, and --json to print the
 * connection details as one JSON line (for programs that start it, such as the extension's demo host).
 */
import { demoScenario, SimulatedHost, startSimulatedHost } from './index';
import { LibxoVersion, Scenario } from './scenario';
import { MissingPrerequisiteError } from './prerequisites';

function scenarioFromArguments(argv: string[]): Scenario {
  const overrides: Partial<Scenario> = {};
  for (let index = 0; index < argv.length; index++) {
    const option = argv[index];
    if (option === '--json') continue;
    const value = () => argv[++index] ?? '';
    if (option === '--libxo') overrides.libxoVersion = value() as LibxoVersion;
    else if (option === '--release') overrides.release = value();
    else if (option === '--no-zfs') overrides.zfs = false;
    else if (option === '--csh') overrides.rootShell = '/bin/csh';
    else if (option === '--linux') overrides.linuxHost = true;
    else if (option === '--latency') overrides.latency = { delayMs: Number(value()) };
    else throw new Error(`unknown option ${option}`);
  }
  return demoScenario(overrides);
}

function banner(host: SimulatedHost): string {
  const { scenario } = host;
  const jails = scenario.jails.map((jail) => `${jail.name} (${jail.running ? 'running' : 'stopped'}, ${jail.configuredIn})`).join(', ');
  return [
    `FreeBSD (simulated) ${scenario.release} — host name ${scenario.hostName}`,
    `  host:        ${host.host}`,
    `  port:        ${host.port}`,
    `  user:        ${host.user}${host.doasUser ? ` (doas-only user: ${host.doasUser})` : ''}`,
    `  key:         ${host.privateKeyPath}`,
    `  known_hosts: ${host.knownHostsFile}`,
    `  host key:    ${host.hostKeyFingerprint}`,
    `  jails:       ${jails}`,
    '',
    `  ssh -i ${host.privateKeyPath} -p ${host.port} -o UserKnownHostsFile=${host.knownHostsFile} root@127.0.0.1`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const host = await startSimulatedHost(scenarioFromArguments(process.argv.slice(2)));
  if (process.argv.includes('--json')) {
    const { port, user, privateKeyPath, knownHostsFile, hostKeyFingerprint } = host;
    process.stdout.write(`${JSON.stringify({ host: host.host, port, user, privateKeyPath, knownHostsFile, hostKeyFingerprint })}\n`);
  } else {
    process.stdout.write(`${banner(host)}\n`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 60000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof MissingPrerequisiteError ? '' : 'host:start failed: '}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
