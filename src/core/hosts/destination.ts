/**
 * Where a host is reached: either an alias from ~/.ssh/config (resolved later, as OpenSSH would) or an
 * explicit `user@host[:port]`. IPv6 literals take the bracketed form `user@[::1]:2222`.
 */
export type Destination =
  | { kind: 'alias'; alias: string }
  | { kind: 'address'; user?: string; host: string; port?: number };

export type DestinationResult = { ok: true; destination: Destination } | { ok: false; error: string };

const hostnamePattern = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const userPattern = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const aliasPattern = /^[A-Za-z0-9._-]+$/;

export function parseDestination(text: string): DestinationResult {
  const input = text.trim();
  if (input === '') return { ok: false, error: 'Enter a host: an ~/.ssh/config alias or user@host[:port].' };
  if (/\s/.test(input)) return { ok: false, error: `"${input}" contains white space; a destination is one word.` };

  const at = input.lastIndexOf('@');
  const user = at >= 0 ? input.slice(0, at) : undefined;
  const rest = at >= 0 ? input.slice(at + 1) : input;
  if (user !== undefined && !userPattern.test(user)) {
    return { ok: false, error: `"${user}" is not a valid user name.` };
  }

  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
    if (!host.includes(':')) return { ok: false, error: `"[${host}]": brackets are only for IPv6 addresses.` };
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) return { ok: false, error: `Write an IPv6 address in brackets: user@[${rest}]:port.` };
    [host, portText] = colons === 1 ? rest.split(':') : [rest, undefined];
    if (!hostnamePattern.test(host)) return { ok: false, error: `"${host}" is not a valid host name or address.` };
  }

  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      return { ok: false, error: `"${portText}" is not a port number (1 to 65535).` };
    }
  }

  if (user === undefined && port === undefined && !bracketed && aliasPattern.test(host)) {
    return { ok: true, destination: { kind: 'alias', alias: host } };
  }
  return { ok: true, destination: { kind: 'address', user, host, port } };
}

export function formatDestination(destination: Destination): string {
  if (destination.kind === 'alias') return destination.alias;
  const host = destination.host.includes(':') ? `[${destination.host}]` : destination.host;
  const user = destination.user ? `${destination.user}@` : '';
  const port = destination.port !== undefined ? `:${destination.port}` : '';
  return `${user}${host}${port}`;
}
