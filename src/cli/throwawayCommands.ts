/**
 * `jails create` and `jails destroy`: throwaway jails from the command line, on the same provisioner as the
 * editor. Progress goes to stderr, the result to stdout (or JSON with --json). Never prompts: a missing
 * address interface is only created with --create-interface. Ctrl-C cancels and undoes.
 *
 *   jails create HOST [--name N] [--release R] [--stack S] [--php V] [--package P]... [--extension E]...
 *                     [--root DIR] [--pool CIDR] [--interface IF] [--create-interface] [--json]
 *   jails destroy HOST NAME... | --all [--root DIR] [--json]
 */
import type { HostCapabilities } from '../core/hosts/probe';
import { httpProbeOver } from '../core/provision/httpProbe';
import { generatedJailName } from '../core/provision/names';
import { ThrowawayProvisioner } from '../core/provision/provisioner';
import { provisionSettings, ProvisionSettings } from '../core/provision/settings';
import { stacks } from '../core/provision/stacks';
import type { Stack, ThrowawaySpec } from '../core/provision/throwawaySpec';
import { CommandRunner } from '../core/ssh/commandRunner';
import type { SshConnection } from '../core/ssh/sshConnection';

export const throwawayUsage = [
  '       jails create HOST [--name N] [--release R] [--stack S] [--php V] [--package P]... [--extension E]...',
  '                    [--root DIR] [--pool CIDR] [--interface IF] [--create-interface] [--json] [-i KEYFILE] [--known-hosts FILE]',
  '       jails destroy HOST NAME... | --all [--root DIR] [--json] [-i KEYFILE] [--known-hosts FILE]',
].join('\n');

export class ThrowawayUsageError extends Error {}

export interface ThrowawayArguments {
  command: 'create' | 'destroy';
  host: string;
  json: boolean;
  identityFiles: string[];
  knownHostsFiles: string[];
  name?: string;
  release?: string;
  stack: Stack;
  php?: string;
  packages: string[];
  extensions: string[];
  names: string[];
  all: boolean;
  createInterface: boolean;
  settings: Partial<ProvisionSettings>;
}

export function parseThrowawayArguments(command: 'create' | 'destroy', rest: string[]): ThrowawayArguments {
  const args: ThrowawayArguments = {
    command, host: '', json: false, identityFiles: [], knownHostsFiles: [], stack: 'apache-mod_php', packages: [], extensions: [],
    names: [], all: false, createInterface: false, settings: {},
  };
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new ThrowawayUsageError(`${option} needs a value`);
      return v;
    };
    const createOnly = () => {
      if (command !== 'create') throw new ThrowawayUsageError(`${option} is an option of create`);
    };
    switch (option) {
      case '--json': args.json = true; break;
      case '-i': args.identityFiles.push(value()); break;
      case '--known-hosts': args.knownHostsFiles.push(value()); break;
      case '--root': args.settings.root = value(); break;
      case '--all': if (command !== 'destroy') throw new ThrowawayUsageError('--all is an option of destroy'); args.all = true; break;
      case '--name': createOnly(); args.name = value(); break;
      case '--release': createOnly(); args.release = value(); break;
      case '--php': createOnly(); args.php = value(); break;
      case '--package': createOnly(); args.packages.push(value()); break;
      case '--extension': createOnly(); args.extensions.push(value()); break;
      case '--pool': createOnly(); args.settings.addressPool = value(); break;
      case '--interface': createOnly(); args.settings.interfaceName = value(); break;
      case '--create-interface': createOnly(); args.createInterface = true; break;
      case '--stack': {
        createOnly();
        const stack = value();
        if (!stacks.includes(stack as Stack)) throw new ThrowawayUsageError(`unknown stack "${stack}" (one of ${stacks.join(', ')})`);
        args.stack = stack as Stack;
        break;
      }
      default:
        if (option.startsWith('-')) throw new ThrowawayUsageError(`unknown option ${option}`);
        if (!args.host) args.host = option;
        else if (command === 'destroy') args.names.push(option);
        else throw new ThrowawayUsageError(`unexpected argument "${option}"`);
    }
  }
  if (!args.host) throw new ThrowawayUsageError('no HOST given');
  if (command === 'destroy' && args.all === (args.names.length > 0)) throw new ThrowawayUsageError('give the names of the jails to destroy, or --all');
  return args;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function create(args: ThrowawayArguments, provisioner: ThrowawayProvisioner, signal: AbortSignal): Promise<number> {
  const php = args.stack === 'bare' ? undefined : args.php ?? (await provisioner.phpVersions(signal))[0];
  if (args.stack !== 'bare' && !php) throw new Error(`${args.host}'s package repository offers no PHP; give --php`);
  const spec: ThrowawaySpec = {
    host: args.host, name: args.name ?? generatedJailName(php), release: args.release, stack: args.stack, php,
    packages: args.packages, phpExtensions: args.extensions, phpIni: {}, webServerSnippets: [], sysrc: {}, provision: [], ports: [80],
  };
  const started = Date.now();
  const result = await provisioner.create(spec, {
    signal,
    confirmInterface: async () => args.createInterface,
    onEvent: (event) => {
      if (event.kind === 'started') process.stderr.write(`${event.title}…\n`);
      if (event.kind === 'undoing') process.stderr.write(`Undoing: ${event.title}\n`);
      if (event.kind === 'undo-failed') process.stderr.write(`Undoing ${event.step} failed: ${event.message}\n`);
    },
  });
  if (!result.ok) {
    process.stderr.write(`jails: ${result.cancelled ? 'cancelled' : 'failed'} at "${result.stepTitle}": ${result.message}\n`);
    for (const leftover of result.leftovers) process.stderr.write(`jails: may remain on the host (${leftover.step}): ${leftover.message}\n`);
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 1;
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...result, ms: Date.now() - started })}\n`);
  } else {
    const { jail } = result;
    process.stdout.write(`${jail.name} is running at ${jail.address} (${result.temperature}, ${seconds(Date.now() - started)}): ${jail.stack}${jail.php ? ` PHP ${jail.php}` : ''} on ${jail.release}\n`);
    if (jail.webPort) process.stdout.write(`browse it through a tunnel: ssh -L 8080:${jail.address}:${jail.webPort} ${args.host}, then http://localhost:8080/\n`);
  }
  return 0;
}

async function destroy(args: ThrowawayArguments, provisioner: ThrowawayProvisioner, signal: AbortSignal): Promise<number> {
  const outcomes = await provisioner.destroy(args.all ? 'all' : args.names, signal);
  if (args.json) process.stdout.write(`${JSON.stringify(outcomes)}\n`);
  for (const outcome of outcomes) {
    if (!args.json && outcome.ok) process.stdout.write(`${outcome.name} destroyed\n`);
    if (!outcome.ok) process.stderr.write(`jails: ${outcome.name}: ${outcome.message ?? 'not fully destroyed'}\n`);
    for (const leftover of outcome.leftovers) process.stderr.write(`jails: ${outcome.name}: still on the host: ${leftover}\n`);
  }
  if (!args.json && args.all && outcomes.length === 0) process.stdout.write('no throwaway jails on this host\n');
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

export async function runThrowawayCommand(args: ThrowawayArguments, connection: SshConnection, capabilities: HostCapabilities): Promise<number> {
  const runner = new CommandRunner(connection, capabilities.privilege);
  const probeHttp = httpProbeOver((address, port, signal) => connection.forwardOut(address, port, { signal }));
  const provisioner = new ThrowawayProvisioner({ name: args.host, shell: runner, capabilities, probeHttp }, provisionSettings(args.settings));
  const cancel = new AbortController();
  const interrupt = () => {
    process.stderr.write('jails: cancelling; undoing what was made…\n');
    cancel.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    return args.command === 'create' ? await create(args, provisioner, cancel.signal) : await destroy(args, provisioner, cancel.signal);
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}
