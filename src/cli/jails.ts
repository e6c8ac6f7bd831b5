/**
 * `jails`: the extension's core on the command line, for scripts, tests and people. Never prompts: an unknown
 * host key or a missing credential is an error (exit 1), a usage error exits 2.
 *
 *   jails probe HOST [-i KEYFILE] [--known-hosts FILE]
 *   jails ls HOST [--json] [-i KEYFILE] [--known-hosts FILE]
 *   jails up|down [FILE] [ENVIRONMENT] … (a .jails.yaml environment; see environmentCommands.ts)
 *   jails create HOST … | jails destroy HOST NAME…|--all (throwaway jails; see throwawayCommands.ts)
 *
 * HOST is an ~/.ssh/config alias or user@host[:port].
 */
import { parseDestination } from '../core/hosts/destination';
import { EnvironmentUsageError, environmentUsage, parseEnvironmentArguments, runEnvironmentCommand } from './environmentCommands';
import { parseThrowawayArguments, runThrowawayCommand, ThrowawayArguments, throwawayUsage, ThrowawayUsageError } from './throwawayCommands';
import { HostSession } from '../core/hosts/hostSession';
import { CommandRunner } from '../core/ssh/commandRunner';
import { ConnectionPool } from '../core/ssh/connectionPool';
import { nodeLocalSystem } from '../core/ssh/localSystem';
import { nonInteractivePrompts } from '../core/ssh/prompts';

const usage = `usage: jails probe HOST [-i KEYFILE] [--known-hosts FILE]\n       jails ls HOST [--json] [-i KEYFILE] [--known-hosts FILE]\n${environmentUsage}\n${throwawayUsage}`;

class UsageError extends Error {}

interface Arguments {
  command: 'probe' | 'ls' | 'create' | 'destroy';
  throwaway?: ThrowawayArguments;
  host: string;
  json: boolean;
  identityFiles: string[];
  knownHostsFiles: string[];
}

function parseArguments(argv: string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === 'create' || command === 'destroy') {
    const throwaway = parseThrowawayArguments(command, rest);
    return { command, throwaway, host: throwaway.host, json: throwaway.json, identityFiles: throwaway.identityFiles, knownHostsFiles: throwaway.knownHostsFiles };
  }
  if (command !== 'probe' && command !== 'ls') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const args: Arguments = { command, host: '', json: false, identityFiles: [], knownHostsFiles: [] };
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${option} needs a value`);
      return v;
    };
    if (option === '--json') args.json = true;
    else if (option === '-i') args.identityFiles.push(value());
    else if (option === '--known-hosts') args.knownHostsFiles.push(value());
    else if (option.startsWith('-')) throw new UsageError(`unknown option ${option}`);
    else if (args.host) throw new UsageError(`unexpected argument "${option}"`);
    else args.host = option;
  }
  if (!args.host) throw new UsageError('no HOST given');
  return args;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'up' || argv[0] === 'down') return runEnvironmentCommand(parseEnvironmentArguments(argv[0], argv.slice(1)));
  const args = parseArguments(argv);
  const parsed = parseDestination(args.host);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const pool = new ConnectionPool({ system: nodeLocalSystem(), prompts: nonInteractivePrompts });
  try {
    const overrides = {
      ...(args.identityFiles.length ? { identityFiles: args.identityFiles } : {}),
      ...(args.knownHostsFiles.length ? { userKnownHostsFiles: args.knownHostsFiles } : {}),
    };
    const connection = pool.connection(args.host, { destination: parsed.destination, overrides });
    const session = new HostSession(args.host, async () => new CommandRunner(connection));
    const state = await session.refresh();
    if (state.kind !== 'connected') {
      process.stderr.write(`jails: ${args.host}: ${state.kind === 'failed' ? state.message : 'not connected'}\n`);
      return 1;
    }
    if (args.throwaway) return await runThrowawayCommand(args.throwaway, connection, state.capabilities);
    if (args.command === 'probe') {
      const c = state.capabilities;
      const lines = args.json
        ? [JSON.stringify(c)]
        : [
            `FreeBSD ${c.userlandVersion} (kernel ${c.kernelVersion}, osreldate ${c.osreldate})`,
            `user ${c.user}, privilege ${c.privilege}${c.jailed ? ', inside a jail' : ''}`,
            `VNET ${c.vimage ? 'yes' : 'no'}, ZFS pools: ${c.zfsPools.join(' ') || 'none'}`,
            `jls libxo ${c.jlsLibxo ? 'yes' : 'no'}, jail -e ${c.jailConfigDump ? 'yes' : 'no'}, ${c.jailParameters.length} jail parameters`,
            `managers: ${c.managers.map((m) => m.name).join(' ') || 'none'}`,
          ];
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    const { jails, configErrors } = state.inventory;
    if (args.json) {
      process.stdout.write(JSON.stringify({ jails, configErrors }) + '\n');
    } else {
      const rows = [['NAME', 'STATE', 'JID', 'ADDRESS', 'MANAGER', 'PATH']];
      for (const j of jails) {
        const path = j.running?.path ?? (typeof j.config?.parameters.path === 'string' ? j.config.parameters.path : '');
        rows.push([j.name, j.state, j.running ? String(j.running.jid) : '-', j.running?.ip4[0] ?? '-', j.manager ?? '-', path || '-']);
      }
      process.stdout.write(table(rows) + '\n');
      for (const e of configErrors) process.stderr.write(`jails: ${e.file}: ${e.message}\n`);
    }
    return 0;
  } finally {
    pool.closeAll();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof EnvironmentUsageError || error instanceof ThrowawayUsageError) {
      process.stderr.write(`jails: ${error.message}\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`jails: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
