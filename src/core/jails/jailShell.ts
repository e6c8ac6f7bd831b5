/**
 * What runs on a terminal opened into a jail: jexec(8) with a clean environment (-l), then `login -f root`
 * where the jail has login(1) (motd, login class, as `service jail console` does), else the jail user's
 * own shell as a login shell. Both need root on the host.
 */
import type { InventoryJail } from '../hosts/inventory';

export const terminalTypeName = 'xterm-256color';

const loginOrShell = '[ -x /usr/bin/login ] && exec /usr/bin/login -f root; exec "${SHELL:-/bin/sh}" -l';

export function jailShellArgv(jailName: string): string[] {
  return ['jexec', '-l', jailName, '/bin/sh', '-c', loginOrShell];
}

/** One command line typed by the user, run by the jail's /bin/sh so that pipes and quotes mean what they say. */
export function jailCommandArgv(jailName: string, commandLine: string): string[] {
  return ['jexec', '-l', jailName, '/bin/sh', '-c', commandLine];
}

export class JailNotRunningError extends Error {}

/** Why a terminal cannot be opened into the jail as the tree last saw it, or undefined when it can. */
export function terminalRefusal(jail: Pick<InventoryJail, 'name' | 'state'>): string | undefined {
  switch (jail.state) {
    case 'running':
      return undefined;
    case 'dying':
      return `${jail.name} is dying: FreeBSD is still tearing it down and it takes no new processes. Wait for it to go, then start it again.`;
    case 'stopped':
      return `${jail.name} is stopped. Start it first to open a terminal in it.`;
  }
}
