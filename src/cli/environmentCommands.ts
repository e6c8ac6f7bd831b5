/**
 * `jails up` and `jails down`: a `.jails.yaml` environment from the command line, on the same core as the
 * editor's Up and Down. The environment's host is taken as an ~/.ssh/config alias or user@host[:port]
 * (--host overrides it). Never prompts; Ctrl-C cancels.
 *
 *   jails up|down [FILE] [ENVIRONMENT] [--host DEST] [--root DIR] [--pool CIDR] [--interface IF] [--json]
 *                 [-i KEYFILE] [--known-hosts FILE]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseEnvironmentFile } from '../core/env/environmentFile';
import { specForEnvironment } from '../core/env/environmentSpec';
import { downEnvironment, upEnvironment } from '../core/env/environmentUp';
import { Destination, parseDestination } from '../core/hosts/destination';
import { HostSession } from '../core/hosts/hostSession';
import { httpProbeOver } from '../core/provision/httpProbe';
import { ThrowawayProvisioner } from '../core/provision/provisioner';
import { provisionSettings, ProvisionSettings } from '../core/provision/settings';
import { CommandRunner } from '../core/ssh/commandRunner';
import { ConnectionPool } from '../core/ssh/connectionPool';
import { nodeLocalSystem } from '../core/ssh/localSystem';
import { nonInteractivePrompts } from '../core/ssh/prompts';

export const environmentUsage = '       jails up|down [FILE] [ENVIRONMENT] [--host DEST] [--root DIR] [--pool CIDR] [--interface IF] [--json] [-i KEYFILE] [--known-hosts FILE]';

export class EnvironmentUsageError extends Error {}

/** The first local port the printed ssh -L line suggests. */
const localTunnelPort = 8080;

export interface EnvironmentArguments {
  command: 'up' | 'down';
  file: string;
  environment?: string;
  host?: string;
  json: boolean;
  identityFiles: string[];
  knownHostsFiles: string[];
  settings: Partial<ProvisionSettings>;
}

/** The destination as ssh(1)'s own arguments: an alias as it is, an address with -p for its port. */
function sshTarget(destination: Destination): string {
  if (destination.kind !== 'address') return destination.alias;
  return `${destination.port ? `-p ${destination.port} ` : ''}${destination.user ? `${destination.user}@` : ''}${destination.host}`;
}

export function parseEnvironmentArguments(command: 'up' | 'down', rest: string[]): EnvironmentArguments {
  const args: EnvironmentArguments = { command, file: '.jails.yaml', json: false, identityFiles: [], knownHostsFiles: [], settings: {} };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new EnvironmentUsageError(`${option} needs a value`);
      return v;
    };
    switch (option) {
      case '--json': args.json = true; break;
      case '-i': args.identityFiles.push(value()); break;
      case '--known-hosts': args.knownHostsFiles.push(value()); break;
      case '--host': args.host = value(); break;
      case '--root': args.settings.root = value(); break;
      case '--pool': args.settings.addressPool = value(); break;
      case '--interface': args.settings.interfaceName = value(); break;
      default:
        if (option.startsWith('-')) throw new EnvironmentUsageError(`unknown option ${option}`);
        positional.push(option);
    }
  }
  if (positional.length > 2) throw new EnvironmentUsageError(`unexpected argument "${positional[2]}"`);
  if (positional[0] && /\.ya?ml$/.test(positional[0])) args.file = positional.shift() ?? args.file;
  args.environment = positional[0];
  return args;
}

export async function runEnvironmentCommand(args: EnvironmentArguments): Promise<number> {
  const text = readFileSync(args.file, 'utf8');
  const { environments, problems } = parseEnvironmentFile(text);
  for (const p of problems) process.stderr.write(`${args.file}:${p.line + 1}:${p.column + 1}: ${p.message}\n`);
  if (problems.length > 0) return 1;
  const environment = args.environment ? environments.find((e) => e.name === args.environment) : environments.length === 1 ? environments[0] : undefined;
  if (!environment) throw new EnvironmentUsageError(args.environment ? `${args.file} has no environment "${args.environment}"` : `${args.file} has several environments; name one`);
  const base = path.dirname(path.resolve(args.file));
  const spec = specForEnvironment(environment, path.basename(base));
  const destination = args.host ?? environment.host;
  const parsed = parseDestination(destination);
  if (!parsed.ok) throw new EnvironmentUsageError(parsed.error);
  const pool = new ConnectionPool({ system: nodeLocalSystem(), prompts: nonInteractivePrompts });
  const cancel = new AbortController();
  const interrupt = () => cancel.abort();
  process.once('SIGINT', interrupt);
  try {
    const overrides = {
      ...(args.identityFiles.length ? { identityFiles: args.identityFiles } : {}),
      ...(args.knownHostsFiles.length ? { userKnownHostsFiles: args.knownHostsFiles } : {}),
    };
    const connection = pool.connection(destination, { destination: parsed.destination, overrides });
    const state = await new HostSession(destination, async () => new CommandRunner(connection)).refresh();
    if (state.kind !== 'connected') {
      process.stderr.write(`jails: ${destination}: ${state.kind === 'failed' ? state.message : 'not connected'}\n`);
      return 1;
    }
    const runner = new CommandRunner(connection, state.capabilities.privilege);
    const probeHttp = httpProbeOver((address, port, signal) => connection.forwardOut(address, port, { signal }));
    const provisioner = new ThrowawayProvisioner({ name: environment.host, shell: runner, capabilities: state.capabilities, probeHttp }, provisionSettings(args.settings));
    const up = args.command === 'up'
      ? await upEnvironment({ provisioner, shell: runner }, spec, { folder: path.resolve(base, environment.documentRoot), filter: { include: environment.sync.include, exclude: environment.sync.exclude } },
        { signal: cancel.signal, onProgress: (line) => process.stderr.write(`${line}\n`), create: { onEvent: (e) => { if (e.kind === 'started') process.stderr.write(`${e.title}…\n`); } } })
      : undefined;
    const result = up ?? await downEnvironment(provisioner, spec.name, cancel.signal);
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else (result.ok ? process.stdout : process.stderr).write(`${result.ok ? '' : 'jails: '}${result.summary}\n`);
    // A tunnel would end with this process: say how to open one instead.
    if (!args.json && up?.ok && spec.ports.length > 0) {
      const forwards = spec.ports.map((port, i) => `-L ${localTunnelPort + i}:${up.jail.address}:${port}`).join(' ');
      process.stderr.write(`tunnel its ports with: ssh ${forwards} ${sshTarget(parsed.destination)}, then http://localhost:${localTunnelPort}/\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupt);
    pool.closeAll();
  }
}
