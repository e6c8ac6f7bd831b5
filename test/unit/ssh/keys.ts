/** Fresh public keys for tests, made by ssh2 (no files, no ssh-keygen). */
import { utils } from 'ssh2';
import { HostKey, hostKeyFromBlob } from '../../../src/core/ssh/hostKey';

export function newHostKey(type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): HostKey & { line: string } {
  const pair = type === 'ed25519' ? utils.generateKeyPairSync('ed25519')
    : type === 'ecdsa' ? utils.generateKeyPairSync('ecdsa', { bits: 256 }) : utils.generateKeyPairSync('rsa', { bits: 2048 });
  const [, base64] = pair.public.split(' ');
  return { ...hostKeyFromBlob(Buffer.from(base64, 'base64')), line: pair.public.split(' ').slice(0, 2).join(' ') };
}
