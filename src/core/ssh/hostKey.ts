/**
 * A host's public key as the SSH wire format carries it (RFC 4253 §6.6: a length-prefixed type name, then
 * the key's own fields), and its fingerprint in the form OpenSSH prints: `SHA256:` and unpadded base64.
 */
import { createHash } from 'node:crypto';

export interface HostKey {
  /** e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  type: string;
  blob: Buffer;
}

/** The type name at the start of a wire-format key, or undefined when the bytes are not one. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return undefined;
  const type = blob.toString('latin1', 4, 4 + length);
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

export function hostKeyFromBlob(blob: Buffer): HostKey {
  const type = keyTypeOf(blob);
  if (!type) throw new Error('the server sent a host key that is not in SSH wire format');
  return { type, blob };
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** ssh2's own preference among host key algorithms (its DEFAULT_SERVER_HOST_KEY, not exported). */
const defaultAlgorithms = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** The signature algorithms a key type can be presented with (an RSA key with three). */
function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * The host key algorithms to offer, those of keys already known for the host first. OpenSSH orders them so
 * too: otherwise a server with an RSA key on file and a new Ed25519 key would look "unknown".
 */
export function preferredHostKeyAlgorithms(knownKeyTypes: readonly string[]): string[] {
  const known = knownKeyTypes.flatMap(algorithmsFor).filter((a) => defaultAlgorithms.includes(a));
  return [...new Set([...known, ...defaultAlgorithms])];
}
