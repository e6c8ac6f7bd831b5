/**
 * known_hosts as sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" describes it: optional marker (@cert-authority,
 * @revoked), host patterns (a comma list with `*`, `?` and `!` negation, `[host]:port` off port 22) or one
 * hashed name (`|1|salt|hmac-sha1`), key type, base64 key, comment. Lines that do not parse are skipped, as
 * OpenSSH skips them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { HostKey, keyTypeOf } from './hostKey';

export type KnownHostMarker = 'cert-authority' | 'revoked';

export interface KnownHostEntry {
  marker?: KnownHostMarker;
  /** The host field as written: patterns, or a hashed name. */
  hosts: string;
  key: HostKey;
  file: string;
  /** 1-based. */
  line: number;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/[ \t]+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostMarker | undefined;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@cert-authority' && fields[0] !== '@revoked') return;
      marker = fields.shift()?.slice(1) as KnownHostMarker;
    }
    const [hosts, type, base64] = fields;
    if (!hosts || !type || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    const blob = Buffer.from(base64, 'base64');
    if (keyTypeOf(blob) !== type) return;
    entries.push({ marker, hosts, key: { type, blob }, file, line: index + 1 });
  });
  return entries;
}

/** The name a host is filed under: the host itself on port 22, `[host]:port` elsewhere (lower-cased). */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function wildcardMatches(pattern: string, name: string): boolean {
  const source = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

function hashedMatches(field: string, name: string): boolean {
  const [, version, salt, hash] = field.split('|');
  if (version !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether an entry's host field names `name` (as from knownHostsName): a negated match rules it out. */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcardMatches(pattern.slice(1), name)) return false;
    } else if (wildcardMatches(pattern, name)) matched = true;
  }
  return matched;
}

/** `|1|salt|hmac`, as ssh-keygen -H and HashKnownHosts write it. */
export function hashedHostField(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/** One line for a newly trusted key, in OpenSSH's format, with its newline. */
export function knownHostsLine(name: string, key: HostKey, hashed: boolean): string {
  return `${hashed ? hashedHostField(name) : name} ${key.type} ${key.blob.toString('base64')}\n`;
}
