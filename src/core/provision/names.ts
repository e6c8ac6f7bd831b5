/**
 * Names of throwaway jails and of FreeBSD releases: what the extension accepts (reference §1.9: no dots,
 * not numeric, short enough for interface names), and names generated for the wizard.
 */
import { randomBytes } from 'node:crypto';

const jailNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Why a name cannot be a throwaway jail's, or undefined when it can. */
export function jailNameProblem(name: string): string | undefined {
  if (name === '') return 'a jail needs a name';
  if (name.includes('.')) return `"${name}": a dot would make it a child of jail "${name.split('.')[0]}"; use "-" or "_"`;
  if (!jailNamePattern.test(name)) return `"${name}": use a letter first, then letters, digits, "_" or "-" (at most 63)`;
  return undefined;
}

/** `14.3-RELEASE`, `15.0-RC1`… as on the mirror; a patch level (`-p2`) is not a release of its own. */
export function releaseProblem(release: string): string | undefined {
  return /^[0-9]+\.[0-9]+-(RELEASE|RC[1-9]|BETA[1-9]|ALPHA[1-9]|STABLE|CURRENT)$/.test(release)
    ? undefined
    : `"${release}" is not a FreeBSD release name such as 14.3-RELEASE`;
}

/** The release a userland version belongs to: 14.3-RELEASE-p2 → 14.3-RELEASE. */
export function releaseOf(version: string): string {
  return version.replace(/-p[0-9]+$/, '');
}

/** `tw-php84-3f9a`: says what it is, short, and unlikely to be taken. */
export function generatedJailName(php: string | undefined, random: () => string = () => randomBytes(2).toString('hex')): string {
  return `tw-${php ? `php${php.replace('.', '')}` : 'bare'}-${random()}`;
}
