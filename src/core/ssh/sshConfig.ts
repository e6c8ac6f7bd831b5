/**
 * Resolves a destination (an ~/.ssh/config alias or user@host[:port]) into the effective settings OpenSSH
 * would use for it, through the `ssh-config` package's compute (first value wins, Host/Match matching).
 * Explicit settings (the extension's host entry, the CLI's -i/--known-hosts) come before the files, as
 * command-line options do for ssh. A ProxyJump chain resolves each hop with that hop's own settings.
 */
import { Destination, parseDestination } from '../hosts/destination';
import { SshConfigError } from './configError';
import { ConfigSource, defaultConfigSource, readSshConfig } from './configFiles';
import { LocalSystem } from './localSystem';
import { expandEnvironment, expandPath, expandTokens, TokenValues } from './pathTokens';

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new' | 'ask';

export interface IdentityFile {
  path: string;
  /** Named by a setting; OpenSSH's default candidates are tried only where they exist, without complaint. */
  explicit: boolean;
}

export interface ResolvedSshConfig {
  /** The host as given (alias or address), lower-cased as OpenSSH does before matching Host lines. */
  host: string;
  /** How messages name it: as the user wrote it, without the user (`web1`, `192.0.2.1:2222`). */
  label: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: IdentityFile[];
  identitiesOnly: boolean;
  /** The agent's socket, or undefined for no agent (IdentityAgent none, or no SSH_AUTH_SOCK). */
  identityAgent?: string;
  /** The hop before this host when it is reached through ProxyJump (itself resolved, maybe with its own). */
  proxyJump?: ResolvedSshConfig;
  /** A command whose standard input and output carry the connection, tokens expanded. */
  proxyCommand?: string;
  /** The name looked up in known_hosts: HostKeyAlias, else HostName (with [..]:port off port 22). */
  hostKeyAlias?: string;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  hashKnownHosts: boolean;
  /** ConnectTimeout, when set. */
  connectTimeoutMs?: number;
  /** ServerAliveInterval (0: no keepalive) and ServerAliveCountMax. */
  serverAliveIntervalMs: number;
  serverAliveCountMax: number;
}

/** Settings that win over the files; the trust ones apply to every hop of a ProxyJump chain too. */
export interface ConfigOverrides {
  user?: string;
  port?: number;
  /** Tried before those of the files, as ssh -i. */
  identityFiles?: string[];
  userKnownHostsFiles?: string[];
  strictHostKeyChecking?: StrictHostKeyChecking;
  connectTimeoutMs?: number;
}

export interface ResolveOptions {
  overrides?: ConfigOverrides;
  source?: ConfigSource;
}

type Computed = Record<string, string | string[]>;

const defaultIdentityFiles = ['~/.ssh/id_rsa', '~/.ssh/id_ecdsa', '~/.ssh/id_ed25519'];
const defaultUserKnownHostsFiles = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
const defaultGlobalKnownHostsFiles = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
const maximumJumpHops = 8;

function first(computed: Computed, key: string): string | undefined {
  const value = computed[key];
  return Array.isArray(value) ? value[0] : value;
}

function list(computed: Computed, key: string): string[] | undefined {
  const value = computed[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : value.split(/\s+/).filter((v) => v !== '');
}

function yesNo(value: string | undefined, setting: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  throw new SshConfigError(`${setting} must be yes or no, not "${value}"`);
}

function seconds(value: string | undefined, setting: string): number | undefined {
  if (value === undefined || value.toLowerCase() === 'none') return undefined;
  if (!/^\d+$/.test(value)) throw new SshConfigError(`${setting} must be a number of seconds, not "${value}"`);
  return Number(value) * 1000;
}

function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new SshConfigError(`Port must be 1 to 65535, not "${value}"`);
  return n;
}

function strictChecking(value: string | undefined): StrictHostKeyChecking {
  switch (value?.toLowerCase()) {
    case undefined:
    case 'ask':
      return 'ask';
    case 'yes':
    case 'true':
      return 'yes';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'off':
    case 'false':
      return 'no';
    default:
      throw new SshConfigError(`StrictHostKeyChecking must be yes, no, accept-new or ask, not "${value}"`);
  }
}

/** ProxyJump's `[user@]host[:port]` or `ssh://[user@]host[:port]` hops, or [] for none. */
export function parseProxyJump(value: string): Destination[] {
  if (value.toLowerCase() === 'none') return [];
  return value.split(',').map((hop) => {
    const parsed = parseDestination(hop.replace(/^ssh:\/\//, ''));
    if (!parsed.ok) throw new SshConfigError(`ProxyJump "${value}": ${parsed.error}`);
    return parsed.destination;
  });
}

/** Which of two competing settings came first in the files (for ProxyJump against ProxyCommand). */
function cameFirst(computed: Computed, a: string, b: string): boolean {
  const keys = Object.keys(computed);
  return !keys.includes(b) || (keys.includes(a) && keys.indexOf(a) < keys.indexOf(b));
}

class Resolver {
  constructor(private readonly system: LocalSystem, private readonly source: ConfigSource) {}

  async resolve(destination: Destination, overrides: ConfigOverrides, jumpOverride: Destination[] | undefined, seen: string[]): Promise<ResolvedSshConfig> {
    const given = destination.kind === 'alias' ? destination : { ...destination, user: destination.user ?? overrides.user, port: destination.port ?? overrides.port };
    const host = (given.kind === 'alias' ? given.alias : given.host).toLowerCase();
    if (seen.length >= maximumJumpHops || seen.includes(host)) {
      throw new SshConfigError(`ProxyJump loops or goes deeper than ${maximumJumpHops} hops: ${[...seen, host].join(' → ')}`);
    }
    const document = await readSshConfig(this.system, host, this.source);
    const explicitUser = given.kind === 'address' ? given.user : overrides.user;
    const computed: Computed = document.compute({ Host: host, User: explicitUser }, { ignoreCase: true, matchExec: false });

    const home = this.system.homeDirectory;
    const hostName = expandTokens(first(computed, 'hostname') ?? host, { h: host }, 'HostName');
    const user = first(computed, 'user') ?? this.system.userName;
    const portNumber = (given.kind === 'address' ? given.port : overrides.port) ?? port(first(computed, 'port')) ?? 22;
    const tokens: TokenValues = { h: hostName, p: String(portNumber), r: user, u: this.system.userName, d: home, n: host };
    const path = (p: string, setting: string) => expandPath(p, tokens, home, setting);

    const configured = list(computed, 'identityfile') ?? [];
    const explicitFiles = [...(overrides.identityFiles ?? []), ...configured];
    const identityFiles: IdentityFile[] = (explicitFiles.length > 0 ? explicitFiles : defaultIdentityFiles)
      .map((p) => ({ path: path(p, 'IdentityFile'), explicit: explicitFiles.length > 0 }));

    const proxyCommandText = first(computed, 'proxycommand');
    const proxyJumpText = first(computed, 'proxyjump');
    const useJump = jumpOverride !== undefined || (proxyJumpText !== undefined && cameFirst(computed, 'proxyjump', 'proxycommand'));
    const hops = jumpOverride ?? (useJump && proxyJumpText ? parseProxyJump(proxyJumpText) : []);
    const proxyCommand = !useJump && proxyCommandText && proxyCommandText.toLowerCase() !== 'none'
      ? expandTokens(proxyCommandText, { h: hostName, p: String(portNumber), r: user, n: host }, 'ProxyCommand') : undefined;
    // Trust settings follow the whole chain; who to log in as and with which key are the target's alone.
    const trustOverrides: ConfigOverrides = { userKnownHostsFiles: overrides.userKnownHostsFiles, strictHostKeyChecking: overrides.strictHostKeyChecking };
    const proxyJump = hops.length > 0
      ? await this.resolve(hops[hops.length - 1], trustOverrides, hops.length > 1 ? hops.slice(0, -1) : undefined, [...seen, host])
      : undefined;

    const typedPort = given.kind === 'address' ? given.port : undefined;
    return {
      host, label: typedPort === undefined ? host : `${host}:${typedPort}`, hostName, user, port: portNumber, identityFiles,
      identitiesOnly: yesNo(first(computed, 'identitiesonly'), 'IdentitiesOnly', false),
      identityAgent: this.agent(first(computed, 'identityagent'), tokens),
      proxyJump, proxyCommand,
      hostKeyAlias: first(computed, 'hostkeyalias'),
      userKnownHostsFiles: (overrides.userKnownHostsFiles ?? list(computed, 'userknownhostsfile') ?? defaultUserKnownHostsFiles)
        .filter((p) => p.toLowerCase() !== 'none').map((p) => path(p, 'UserKnownHostsFile')),
      globalKnownHostsFiles: (list(computed, 'globalknownhostsfile') ?? defaultGlobalKnownHostsFiles)
        .filter((p) => p.toLowerCase() !== 'none').map((p) => path(p, 'GlobalKnownHostsFile')),
      strictHostKeyChecking: overrides.strictHostKeyChecking ?? strictChecking(first(computed, 'stricthostkeychecking')),
      hashKnownHosts: yesNo(first(computed, 'hashknownhosts'), 'HashKnownHosts', false),
      connectTimeoutMs: overrides.connectTimeoutMs ?? seconds(first(computed, 'connecttimeout'), 'ConnectTimeout'),
      serverAliveIntervalMs: seconds(first(computed, 'serveraliveinterval'), 'ServerAliveInterval') ?? 0,
      serverAliveCountMax: Number(first(computed, 'serveralivecountmax') ?? 3),
    };
  }

  /** IdentityAgent: a path, `SSH_AUTH_SOCK` (read that variable), `$NAME`, or `none`; default SSH_AUTH_SOCK. */
  private agent(value: string | undefined, tokens: TokenValues): string | undefined {
    const env = this.system.environment;
    if (value === undefined || value === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK || undefined;
    if (value.toLowerCase() === 'none') return undefined;
    if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return env[value.slice(1)] || undefined;
    return expandPath(expandEnvironment(value, env, 'IdentityAgent'), tokens, this.system.homeDirectory, 'IdentityAgent');
  }
}

export async function resolveSshConfig(destination: Destination, system: LocalSystem, options: ResolveOptions = {}): Promise<ResolvedSshConfig> {
  const resolver = new Resolver(system, options.source ?? defaultConfigSource(system));
  return resolver.resolve(destination, options.overrides ?? {}, undefined, []);
}
