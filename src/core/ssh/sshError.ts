/**
 * Every failure of the SSH layer, sorted into the kinds a user can act on, each with one sentence that says
 * what happened and to which host. Messages never carry a password, passphrase or key: they are built only
 * from host names, user names, file names and fingerprints.
 */

export type SshFailureKind =
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-declined'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'unreachable'
  | 'dns-failed'
  | 'timeout'
  | 'link-lost'
  | 'proxy-failed'
  | 'handshake-failed'
  | 'cancelled'
  | 'channel-failed'
  | 'config';

/** Failures that trying again later could mend; the others need the user (keys, trust, settings). */
const transientKinds: ReadonlySet<SshFailureKind> = new Set(['unreachable', 'timeout', 'link-lost', 'proxy-failed', 'channel-failed']);

export class SshError extends Error {
  constructor(readonly kind: SshFailureKind, readonly target: string, message: string) {
    super(message);
    this.name = 'SshError';
  }

  get transient(): boolean {
    return transientKinds.has(this.kind);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function linkLost(target: string, reason?: string): SshError {
  return new SshError('link-lost', target, `connection to ${target} lost${reason ? ` (${reason})` : ''}`);
}

export function cancelled(target: string, what: string): SshError {
  return new SshError('cancelled', target, `${what} on ${target} was cancelled`);
}

export function timedOut(target: string, what: string, ms: number): SshError {
  return new SshError('timeout', target, `${what} on ${target} did not finish within ${seconds(ms)}`);
}

export function connectTimedOut(target: string, ms: number): SshError {
  return new SshError('timeout', target, `${target} did not answer within ${seconds(ms)} (ConnectTimeout)`);
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EADDRNOTAVAIL: 'address not available',
  EPIPE: 'connection closed',
};

/** Whether the target (an alias, or user@host[:port] as typed) already names this address. */
function namesAddress(target: string, hostName: string, port?: number): boolean {
  const bare = target.replace(/^[^@]*@/, '');
  return bare === hostName || (port === undefined ? bare.startsWith(`${hostName}:`) || bare.startsWith(`[${hostName}]:`)
    : bare === `${hostName}:${port}` || bare === `[${hostName}]:${port}`);
}

/** A socket-level error while connecting, as a user would say it; the address only where the target hides it. */
export function connectFailed(target: string, hostName: string, port: number, error: unknown): SshError {
  if (error instanceof SshError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_NODATA') {
    return new SshError('dns-failed', target, `cannot resolve the host name "${hostName}"${namesAddress(target, hostName) ? '' : ` of ${target}`}`);
  }
  const where = namesAddress(target, hostName, port) ? target : `${target} (${hostName} port ${port})`;
  if (code === 'ETIMEDOUT') return new SshError('timeout', target, `${where} did not answer`);
  const reason = networkCodes[code] ?? (error instanceof Error ? error.message : String(error));
  return new SshError('unreachable', target, `cannot reach ${where}: ${reason}`);
}

/** `unusable`: why configured credentials were never offered (a missing key file, an agent without keys). */
export function authFailed(target: string, user: string, tried: readonly string[], unusable: readonly string[] = []): SshError {
  const how = tried.length > 0 ? `tried ${tried.join(', ')}` : 'no key, agent or password was available to try';
  return new SshError('auth-failed', target, `could not log in to ${target} as ${user}: the server refused every method (${[how, ...unusable].join('; ')})`);
}
