/**
 * What known_hosts says about the key a server presents, decided as OpenSSH decides (hostfile.c
 * check_key_in_hostkeys): among the entries naming the host, a revoked copy of the key refuses it, an equal
 * plain entry accepts it, a different key of the same type means the key changed, and otherwise it is new.
 * A @cert-authority entry is read but never trusts a plain key: it vouches for certificates only.
 */
import { fingerprintOf, HostKey } from './hostKey';
import { hostFieldMatches, KnownHostEntry, knownHostsLine, parseKnownHosts } from './knownHostsFile';
import { LocalSystem } from './localSystem';

export type HostKeyVerdict =
  | { kind: 'known'; file: string; line: number }
  | { kind: 'unknown'; keyType: string; fingerprint: string; otherKnownKeyTypes: string[] }
  | { kind: 'changed'; keyType: string; fingerprint: string; knownFingerprint: string; file: string; line: number }
  | { kind: 'revoked'; keyType: string; fingerprint: string; file: string; line: number };

const sameKey = (a: HostKey, b: HostKey) => a.type === b.type && a.blob.equals(b.blob);

export class KnownHosts {
  constructor(readonly entries: readonly KnownHostEntry[]) {}

  /** Reads the files in order (the user's, then the system's); missing files are simply empty. */
  static async load(files: readonly string[], system: LocalSystem): Promise<KnownHosts> {
    const entries: KnownHostEntry[] = [];
    for (const file of files) entries.push(...parseKnownHosts((await system.readTextFile(file)) ?? '', file));
    return new KnownHosts(entries);
  }

  private naming(name: string): KnownHostEntry[] {
    return this.entries.filter((entry) => hostFieldMatches(entry.hosts, name));
  }

  /** Types of the plain keys on file for the host, for ordering the algorithms offered. */
  knownKeyTypes(name: string): string[] {
    return [...new Set(this.naming(name).filter((e) => e.marker === undefined).map((e) => e.key.type))];
  }

  verdict(name: string, key: HostKey): HostKeyVerdict {
    const entries = this.naming(name);
    const fingerprint = fingerprintOf(key.blob);
    const revoked = entries.find((e) => e.marker === 'revoked' && sameKey(e.key, key));
    if (revoked) return { kind: 'revoked', keyType: key.type, fingerprint, file: revoked.file, line: revoked.line };
    const plain = entries.filter((e) => e.marker === undefined);
    const known = plain.find((e) => sameKey(e.key, key));
    if (known) return { kind: 'known', file: known.file, line: known.line };
    const changed = plain.find((e) => e.key.type === key.type);
    if (changed) {
      return { kind: 'changed', keyType: key.type, fingerprint, knownFingerprint: fingerprintOf(changed.key.blob), file: changed.file, line: changed.line };
    }
    return { kind: 'unknown', keyType: key.type, fingerprint, otherKnownKeyTypes: [...new Set(plain.map((e) => e.key.type))] };
  }
}

/** Appends a newly trusted key, starting a new line if the file does not end with one. */
export async function recordHostKey(system: LocalSystem, file: string, name: string, key: HostKey, hashed: boolean): Promise<void> {
  const existing = (await system.readTextFile(file)) ?? '';
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await system.appendTextFile(file, separator + knownHostsLine(name, key, hashed));
}
