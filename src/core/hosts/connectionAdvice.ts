/**
 * The next step for a host that could not be reached or logged in to, by the kind of failure: what a
 * FreeBSD administrator checks first. Kinds whose message already says what to do (host keys) get none.
 */
import type { SshFailureKind } from '../ssh/sshError';

const advice: Partial<Record<SshFailureKind, string>> = {
  'dns-failed': 'Check the spelling of the host name, or pick a Host alias of ~/.ssh/config.',
  unreachable: 'Check the port, and that sshd runs on the host (service sshd status) and that no firewall (pf, ipfw) blocks it.',
  timeout: 'Check the address and port, and that no firewall (pf, ipfw) drops the connection on the way.',
  'auth-failed': 'Check the user name, and that your public key is in ~/.ssh/authorized_keys of that user on the host.',
};

export function connectionAdvice(kind: SshFailureKind | undefined): string | undefined {
  return kind ? advice[kind] : undefined;
}
