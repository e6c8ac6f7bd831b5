/**
 * A throwaway-jail provisioner connected to a simulated host, as the extension builds one: the host's one
 * SSH connection, the runner with the probed privilege, HTTP asked through forwarded channels. The shell is
 * wrapped to count exec round trips and bytes sent, and to inject a fault into the scripts of one step.
 */
import { HostSession } from '../../../src/core/hosts/hostSession';
import type { HostCapabilities } from '../../../src/core/hosts/probe';
import { HostShell } from '../../../src/core/provision/hostScript';
import { httpProbeOver } from '../../../src/core/provision/httpProbe';
import { CreateOptions, ThrowawayProvisioner } from '../../../src/core/provision/provisioner';
import { provisionSettings, ProvisionSettings } from '../../../src/core/provision/settings';
import type { ThrowawaySpec } from '../../../src/core/provision/throwawaySpec';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { SshConnection } from '../../../src/core/ssh/sshConnection';
import type { SimulatedHost } from '../../host';
import { ssh } from '../host/harness';
import { ClientHome, makeClientHome } from '../support/clientHome';

export interface CountingShell extends HostShell {
  roundTrips: number;
  bytesSent: number;
  /** Scripts sent while this step runs end in a failure of their own (after doing their work). */
  faultInStep?: string;
  currentStep?: string;
}

export function countingShell(inner: HostShell): CountingShell {
  const shell: CountingShell = {
    roundTrips: 0,
    bytesSent: 0,
    async runScript(script, options) {
      shell.roundTrips += 1;
      const faulty = shell.faultInStep !== undefined && shell.faultInStep === shell.currentStep;
      const text = faulty ? `${script}\necho 'injected fault: No space left on device' >&2; exit 1\n` : script;
      shell.bytesSent += Buffer.byteLength(text);
      return inner.runScript(text, options);
    },
  };
  return shell;
}

export interface Connected {
  home: ClientHome;
  connection: SshConnection;
  runner: CommandRunner;
  capabilities: HostCapabilities;
  shell: CountingShell;
  provisioner: ThrowawayProvisioner;
  settings: ProvisionSettings;
}

export const testPool = '127.213.0.0/24';

export async function connect(host: SimulatedHost, overrides: Partial<ProvisionSettings> = {}, user: string = host.user): Promise<Connected> {
  const home = makeClientHome();
  home.writeConfig([`Host freebsd`, `  HostName ${host.host}`, `  Port ${host.port}`, `  User ${user}`, `  IdentityFile ${host.privateKeyPath}`,
    `  UserKnownHostsFile ${host.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));
  const connection = home.connection('freebsd');
  const session = new HostSession('freebsd', async () => new CommandRunner(connection));
  const state = await session.refresh();
  if (state.kind !== 'connected') throw new Error(state.kind === 'failed' ? state.message : state.kind);
  const runner = new CommandRunner(connection, state.capabilities.privilege);
  const shell = countingShell(runner);
  const settings = provisionSettings({ addressPool: testPool, httpTimeoutMs: 15_000, ...overrides });
  const probeHttp = httpProbeOver((address, port, signal) => connection.forwardOut(address, port, { signal }));
  const provisioner = new ThrowawayProvisioner({ name: 'freebsd', shell, capabilities: state.capabilities, probeHttp }, settings);
  return { home, connection, runner, capabilities: state.capabilities, shell, provisioner, settings };
}

export function spec(name: string, overrides: Partial<ThrowawaySpec> = {}): ThrowawaySpec {
  return {
    host: 'freebsd', name, stack: 'apache-mod_php', php: '8.4', packages: [], phpExtensions: [], phpIni: {}, webServerSnippets: [],
    sysrc: {}, provision: [], ports: [80], ...overrides,
  };
}

/** Options that keep the shell's idea of the current step up to date (for fault injection and phases). */
export function tracking(shell: CountingShell, extra: CreateOptions = {}): CreateOptions {
  return {
    ...extra,
    onEvent: (event) => {
      if (event.kind === 'started') shell.currentStep = event.step;
      if (event.kind === 'undoing') shell.currentStep = `undo:${event.step}`;
      extra.onEvent?.(event);
    },
  };
}

/**
 * What the extension made that is on the host, as FreeBSD lists it: jails' files, datasets, mounts, running
 * jails and addresses, half-made templates and downloads, and with `templates` the finished ones too.
 */
export async function hostFootprint(host: SimulatedHost, root: string, options: { templates?: boolean } = {}): Promise<string> {
  const r = await ssh(host, `/bin/sh -s`, {
    input: [
      `find ${root}/jails ${root}/conf ${root}/addresses -mindepth 1 -maxdepth 1 2>/dev/null | sort`,
      `find ${root}/templates ${root}/releases ${root} -mindepth 1 -maxdepth 1 -name '.*' 2>/dev/null | sort`,
      ...(options.templates ? [`find ${root}/templates ${root}/releases -mindepth 1 -maxdepth 1 2>/dev/null | sort`,
        "zfs list -H -t all -o name 2>/dev/null | grep -e '/throwaway/templates/' -e '/throwaway/releases/' || true"] : []),
      "zfs list -H -o name 2>/dev/null | grep '/throwaway/jails/' || true",
      `mount -p | awk '$2 ~ "^${root}/jails/" { print $2 }'`,
      "jls -n name | grep 'name=tw' || true",
      "ifconfig lo1 | grep -F 'inet 127.213.0.' | grep -v -e '127.213.0.1[0-4] ' || true",
    ].join('\n'),
  });
  return r.stdout;
}
