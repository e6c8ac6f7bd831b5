/**
 * Start, stop and restart as FreeBSD would: a jail defined in a configuration file goes through jail(8)
 * with that file (`jail -f FILE -c|-r|-rc NAME`), so exec.*, mounts and addresses are handled as
 * `service jail` handles them; a running jail with no configuration is removed with `jail -r NAME`; a
 * managed jail goes through its manager, which keeps its own state.
 */
import type { InventoryJail } from '../hosts/inventory';
import type { JailManager } from '../hosts/probe';
import type { RemoteCommand } from '../ssh/remoteCommand';

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

/**
 * The command for one action. `installedManagers` (the probe's list) sends a managed jail through jail(8)
 * with the manager's own jail.conf when the manager's command is gone, as the manager itself would run it.
 */
export function lifecycleCommand(jail: InventoryJail, action: LifecycleAction, installedManagers?: readonly JailManager['name'][]): LifecycleCommand {
  const managerInstalled = !installedManagers || (jail.manager !== undefined && installedManagers.includes(jail.manager));
  const managed = managerInstalled ? managerArgv(jail, action) : undefined;
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

export interface LifecycleOutcome {
  ok: boolean;
  /** What the tool printed, standard output then standard error. */
  output: string;
  errors: JailError[];
  /** One sentence for a notification. */
  summary: string;
}

const pastTense: Record<LifecycleAction, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

/**
 * Reads what jail(8) (or a manager) said. Races with the host get their own words: a jail that vanished
 * meanwhile is `"NAME" not found`, one started meanwhile is `"NAME" already exists` (reference §1.11).
 */
export function lifecycleOutcome(jail: InventoryJail, action: LifecycleAction, stdout: string, stderr: string, exitCode: number): LifecycleOutcome {
  const output = [stdout, stderr].filter((text) => text.trim() !== '').join('\n').trimEnd();
  const errors = parseJailErrors(output);
  if (exitCode === 0) return { ok: true, output, errors, summary: `${jail.name} ${pastTense[action]}.` };
  const messages = errors.map((e) => e.message);
  let summary: string;
  if (messages.some((m) => m === `"${jail.name}" not found`)) {
    summary = action === 'start'
      ? `${jail.name} is no longer configured on the host (it vanished since the list was read).`
      : `${jail.name} is not running any more: it stopped or vanished since the list was read.`;
  } else if (messages.some((m) => m === `"${jail.name}" already exists`)) {
    summary = `${jail.name} is already running (it was started since the list was read).`;
  } else {
    const reason = messages[0] ?? (output.split('\n').pop() || `exit status ${exitCode}`);
    summary = `Could not ${action} ${jail.name}: ${reason}`;
  }
  return { ok: false, output, errors, summary };
}

/** The action as a command description for the runner (architecture principle 2). */
export function lifecycleRemoteCommand(jail: InventoryJail, action: LifecycleAction, installedManagers?: readonly JailManager['name'][]): RemoteCommand<LifecycleOutcome> {
  const { argv, privileged } = lifecycleCommand(jail, action, installedManagers);
  return { argv, privileged, parse: (stdout, stderr, exitCode) => lifecycleOutcome(jail, action, stdout, stderr, exitCode) };
}
