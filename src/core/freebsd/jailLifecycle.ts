/**
 * Start, stop and restart as FreeBSD would: a jail defined in a configuration file goes through jail(8)
 * with that file (`jail -f FILE -c|-r|-rc NAME`), so exec.*, mounts and addresses are handled as
 * `service jail` handles them; a running jail with no configuration is removed with `jail -r NAME`; a
 * managed jail goes through its manager, which keeps its own state.
 */
import type { InventoryJail } from '../hosts/inventory';

export type LifecycleAction = 'start' | 'stop' | 'restart';

export interface LifecycleCommand {
  argv: string[];
  privileged: true;
}

export class LifecycleRefusal extends Error {}

const jailFlags: Record<LifecycleAction, string> = { start: '-c', stop: '-r', restart: '-rc' };

function managerArgv(jail: InventoryJail, action: LifecycleAction): string[] | undefined {
  switch (jail.manager) {
    case 'bastille':
      return ['bastille', action, jail.name];
    case 'appjail':
      return ['appjail', action, jail.name];
    case 'iocage':
      // iocage names kernel jails ioc-NAME but takes its own names on its command line.
      return ['iocage', action, jail.name.replace(/^ioc-/, '')];
    default:
      return undefined;
  }
}

export function lifecycleCommand(jail: InventoryJail, action: LifecycleAction): LifecycleCommand {
  const managed = managerArgv(jail, action);
  if (managed) return { argv: managed, privileged: true };
  if (action === 'start' && jail.state !== 'stopped') throw new LifecycleRefusal(`${jail.name} is already ${jail.state}.`);
  if (action === 'stop' && jail.state === 'stopped') throw new LifecycleRefusal(`${jail.name} is already stopped.`);
  if (jail.config) return { argv: ['jail', '-v', '-f', jail.config.source.file, jailFlags[action], jail.name], privileged: true };
  if (action === 'stop') return { argv: ['jail', '-v', '-r', jail.name], privileged: true };
  throw new LifecycleRefusal(`${jail.name} has no configuration file on the host, so it cannot be ${action === 'start' ? 'started' : 'restarted'}.`);
}

export interface JailError {
  message: string;
  file?: string;
  line?: number;
}

/**
 * The errors in jail(8)'s output (reference §1.11), each with its file and line when it names one
 * (`jail: FILE line N: …`), so the editor can link to the line.
 */
export function parseJailErrors(output: string): JailError[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('jail: '))
    .map((line) => {
      const message = line.slice('jail: '.length);
      const located = /^(.+?) line (\d+): /.exec(message);
      return located ? { message, file: located[1], line: Number(located[2]) } : { message };
    });
}
