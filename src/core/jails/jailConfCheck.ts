/**
 * Checking a jail.conf with the host's own parser before it replaces the real one: `jail -f FILE -e SEP`
 * parses and evaluates every jail without touching any (reference §4.1), exiting 1 with `jail: …` lines
 * when FreeBSD would refuse the file. The check runs on a candidate file next to the target, so relative
 * includes resolve alike; its messages are given back under the target's name.
 */
import { JailError, parseJailErrors } from '../freebsd/jailLifecycle';
import type { RemoteCommand } from '../ssh/remoteCommand';

export interface JailConfVerdict {
  ok: boolean;
  errors: JailError[];
}

/** Matches the names the jail.conf language claims: jail.conf, jail.*.conf, *.jail.conf, jail.conf.d/*.conf. */
export function isJailConfPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'jail.conf' || /^jail\..+\.conf$/.test(base) || /\.jail\.conf$/.test(base) || /\/jail\.conf\.d\/[^/]+\.conf$/.test(path);
}

export function jailConfCheck(candidatePath: string, targetPath: string): RemoteCommand<JailConfVerdict> {
  return {
    argv: ['jail', '-f', candidatePath, '-e', ' '],
    parse: (_stdout, stderr, exitCode) => {
      const errors = parseJailErrors(stderr.split(candidatePath).join(targetPath));
      if (exitCode !== 0 && errors.length === 0) errors.push({ message: stderr.trim() || `jail -e exited with status ${exitCode}` });
      return { ok: exitCode === 0, errors: exitCode === 0 ? [] : errors };
    },
  };
}
