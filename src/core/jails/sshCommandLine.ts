/**
 * The OpenSSH command line a person can paste into a local shell to get the same jail shell the extension
 * opens: `ssh -t [options] DESTINATION [doas -n] jexec -l JAIL`. Words that a shell would read differently
 * are quoted with the extension's one quoting function.
 */
import type { Destination } from '../hosts/destination';
import { privilegePrefix, PrivilegeMode } from '../ssh/remoteCommand';
import { shellQuote } from '../ssh/shellQuote';

export interface SshCommandTarget {
  destination: Destination;
  identityFile?: string;
  knownHostsFile?: string;
  privilege: PrivilegeMode;
}

const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

function word(text: string): string {
  return plainWord.test(text) ? text : shellQuote(text);
}

function destinationWords(destination: Destination): string[] {
  if (destination.kind === 'alias') return [destination.alias];
  const { host, user, port } = destination;
  return [...(port ? ['-p', String(port)] : []), user ? `${user}@${host}` : host];
}

export function sshCommandLine(target: SshCommandTarget, jailName?: string): string {
  const options = [
    ...(target.identityFile ? ['-i', target.identityFile] : []),
    ...(target.knownHostsFile ? ['-o', `UserKnownHostsFile=${target.knownHostsFile}`] : []),
  ];
  // Root needs no prefix; a login without any way to root still gets the line, which fails as jexec would.
  const prefix = jailName && target.privilege !== 'none' ? privilegePrefix(target.privilege, 'jexec') : [];
  const remote = jailName ? [...prefix, 'jexec', '-l', jailName] : [];
  return ['ssh', ...(jailName ? ['-t'] : []), ...options, ...destinationWords(target.destination), ...remote].map(word).join(' ');
}
