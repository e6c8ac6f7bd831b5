/**
 * Up and Down for a `.jails.yaml` environment. Up creates the jail when the host has none, applies the
 * in-place differences when it has one, refuses (with the reasons) when the difference needs a new jail,
 * and then brings the document root in step with the workspace. Run twice, the second Up changes nothing.
 *
 * What Up applied is recorded inside the jail (removed with it): the marker says what the jail was built
 * from, this record what the environment added on top. How an in-place change fails and is put back is in
 * inPlaceUpdate.ts. A stopped jail is started first (and stays running if a later step fails). A failed
 * sync is not undone: the next Up or Sync Now compares the document root with the workspace again.
 */
import { newNonce } from '../hosts/hostSession';
import { waitForWebServer } from '../provision/jailStart';
import type { ThrowawayMarker } from '../provision/marker';
import type { ThrowawayProvisioner } from '../provision/provisioner';
import { jailWebPort, stackRecipe } from '../provision/stacks';
import type { ThrowawaySpec } from '../provision/throwawaySpec';
import type { RemoteCommand } from '../ssh/remoteCommand';
import { jailSync } from '../provision/matrix/matrixServices';
import { SyncReport, SyncShell, SyncSource, WorkspaceSync } from '../sync/workspaceSync';
import { describeDiff, diffEnvironment, EnvironmentDiff } from './environmentDiff';
import type { EnvironmentTunnels, JailTunnel } from './environmentTunnels';
import { appliedRecordPath, describeFailure, inPlaceCommand, InPlaceOutcome, inPlaceSteps } from './inPlaceUpdate';

export interface UpServices {
  provisioner: ThrowawayProvisioner;
  /** The runner, with the host's privilege. */
  shell: SyncShell;
  /** Where the environment's ports are tunnelled to; without it (the command line) Up opens none. */
  tunnels?: EnvironmentTunnels;
}

export type UpResult =
  | {
      ok: true;
      action: 'created' | 'updated' | 'unchanged';
      /** The jail existed but was stopped, and this Up started it. */
      started: boolean;
      summary: string;
      jail: ThrowawayMarker;
      sync: SyncReport;
      tunnels: JailTunnel[];
    }
  | {
      ok: false;
      summary: string;
      diff?: EnvironmentDiff;
      /** The in-place step that failed, or `start`, `create`, `http`, `sync`, `connection`, `cancelled`. */
      failedStep?: string;
    };

function readRecordCommand(jail: ThrowawayMarker): RemoteCommand<ThrowawaySpec | undefined> {
  return {
    argv: ['/bin/sh', '-c', 'cat "$1" 2>/dev/null || true', 'jails-env', `${jail.path}${appliedRecordPath}`],
    privileged: true,
    parse(stdout) {
      try {
        const value = JSON.parse(stdout) as ThrowawaySpec;
        return typeof value === 'object' && value !== null && Array.isArray(value.packages) ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** What the jail was built from, when it carries no record (made by the wizard, say): only the marker's facts. */
function specFromMarker(jail: ThrowawayMarker): ThrowawaySpec {
  return {
    host: jail.host, name: jail.name, release: jail.release, stack: jail.stack, php: jail.php, packages: [], phpExtensions: [], phpIni: {},
    webServerSnippets: [], sysrc: {}, provision: [], ports: jail.webPort ? [jail.webPort] : [], environment: jail.environment,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type UpFailure = Extract<UpResult, { ok: false }>;

/** The in-place steps (inPlaceUpdate.ts), then the web server's first answer when the stack was restarted. */
async function applyInPlace(provisioner: ThrowawayProvisioner, shell: SyncShell, jail: ThrowawayMarker, wanted: ThrowawaySpec,
  diff: Extract<EnvironmentDiff, { kind: 'absent' | 'update' }>, progress: (message: string) => void, signal?: AbortSignal): Promise<{ ok: true; jail: ThrowawayMarker } | UpFailure> {
  const steps = inPlaceSteps(jail, wanted, diff.kind === 'update' ? diff.changes : []);
  if (diff.kind === 'update') progress(steps.map((s) => s.title).join('; '));
  let outcome: InPlaceOutcome;
  try {
    // Not cut by Cancel: the script ends applied or put back, and Cancel takes effect after it.
    outcome = await shell.run(inPlaceCommand(steps, newNonce()), { timeoutMs: Infinity });
  } catch (error) {
    return { ok: false, failedStep: 'connection', diff,
      summary: `Up of ${wanted.name}: ${messageOf(error)}. The host finishes the changes, or puts them back, on its own; run Up again to see where the jail stands.` };
  }
  if (!outcome.ok) return { ok: false, summary: describeFailure(wanted.name, steps, outcome), diff, failedStep: outcome.step };
  if (signal?.aborted) return { ok: false, failedStep: 'cancelled', diff, summary: `Up of ${wanted.name} was cancelled after its changes were applied; the workspace was not synced` };
  const recipe = stackRecipe(wanted.stack, wanted.php);
  const updated = { ...jail, webPort: jailWebPort(recipe, wanted.ports) };
  if (outcome.restarted && recipe.webPort !== undefined) {
    progress(`Waiting for ${wanted.name}'s web server`);
    try {
      await waitForWebServer(provisioner.host.shell, provisioner.host.probeHttp, updated, recipe, provisioner.settings.httpTimeoutMs, signal ?? new AbortController().signal);
    } catch (error) {
      return { ok: false, summary: `${describeDiff(diff, wanted.name)}: applied and recorded, but ${messageOf(error).replace(/^The /, 'the ')}`, diff, failedStep: 'http' };
    }
  }
  return { ok: true, jail: updated };
}

export async function upEnvironment(services: UpServices, wanted: ThrowawaySpec, source: SyncSource,
  options: { signal?: AbortSignal; onProgress?: (message: string) => void; create?: Parameters<ThrowawayProvisioner['create']>[1] } = {}): Promise<UpResult> {
  const { provisioner, shell } = services;
  const progress = options.onProgress ?? (() => undefined);
  const signal = options.signal;
  const existing = (await provisioner.list(signal)).find((jail) => jail.name === wanted.name);
  const actual = existing ? (await shell.run(readRecordCommand(existing), { signal })) ?? specFromMarker(existing) : undefined;
  const diff = diffEnvironment(wanted, actual, { packagesInPlace: existing?.fstab === undefined });
  progress(describeDiff(diff, wanted.name));
  if (diff.kind === 'recreate') return { ok: false, summary: describeDiff(diff, wanted.name), diff };
  let jail: ThrowawayMarker;
  let uploaded: SyncReport | undefined;
  if (!existing) {
    const populateDocumentRoot = async (hostPath: string, populateSignal: AbortSignal) => {
      uploaded = await new WorkspaceSync(shell, { jailRoot: hostPath, directory: hostPath }, source).syncAll(populateSignal);
    };
    const created = await provisioner.create(wanted, { ...options.create, signal, populateDocumentRoot });
    if (!created.ok) return { ok: false, failedStep: 'create', summary: `${created.stepTitle}: ${created.message}` };
    jail = created.jail;
  } else {
    jail = existing;
    if (!existing.running) {
      progress(`Starting ${wanted.name}, which is stopped`);
      try {
        await provisioner.start(existing, signal);
      } catch (error) {
        return { ok: false, failedStep: 'start', summary: `${wanted.name} is stopped and could not be started (it is left stopped, as it was): ${messageOf(error)}` };
      }
    }
  }
  if (diff.kind === 'absent' || diff.kind === 'update') {
    const applied = await applyInPlace(provisioner, shell, jail, wanted, diff, progress, signal);
    if (!applied.ok) return applied;
    jail = applied.jail;
  }
  progress(`Syncing the workspace into ${wanted.name}`);
  let sync: SyncReport;
  try {
    sync = uploaded ?? await jailSync(shell, jail, source).syncAll(signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    const applied = diff.kind === 'unchanged' ? '' : ' The configuration changes are applied and recorded.';
    return {
      ok: false, failedStep: 'sync',
      summary: `Syncing the workspace into ${wanted.name} failed: ${messageOf(error)}.${applied} The document root may be partly updated: the next Up or Sync Now compares it with the workspace again and completes it.`,
    };
  }
  const tunnels = services.tunnels ? await services.tunnels.ensure(jail.name, jail.address, wanted.ports) : [];
  const action = diff.kind === 'absent' ? 'created' : diff.kind === 'update' ? 'updated' : 'unchanged';
  const started = existing !== undefined && !existing.running;
  const files = sync.uploaded.length + sync.deleted.length;
  const what = action === 'created' ? `${wanted.name} created at ${jail.address}` : describeDiff(diff, wanted.name);
  const opened = tunnels.filter((t) => t.opened).map((t) => `localhost:${t.localPort} → port ${t.port}`);
  const summary = [started ? `${wanted.name} was stopped and is started again` : '', what,
    files ? `${sync.uploaded.length} file(s) uploaded, ${sync.deleted.length} deleted` : 'files up to date', opened.length ? `tunnel ${opened.join(', ')}` : '']
    .filter(Boolean).join('; ');
  return { ok: true, action, started, summary, jail, sync, tunnels };
}

/** Down: destroys the environment's jail (only a throwaway jail with the extension's marker). */
export async function downEnvironment(provisioner: ThrowawayProvisioner, jailName: string, signal?: AbortSignal): Promise<{ ok: boolean; summary: string }> {
  const jails = await provisioner.list(signal);
  if (!jails.some((jail) => jail.name === jailName)) return { ok: true, summary: `${jailName} does not exist; nothing to do` };
  const [outcome] = await provisioner.destroy([jailName], signal);
  if (!outcome) return { ok: false, summary: `${jailName} was not destroyed` };
  if (outcome.ok && outcome.leftovers.length === 0) return { ok: true, summary: `${jailName} destroyed` };
  return { ok: false, summary: `${jailName}: ${outcome.message ?? 'not fully destroyed'}${outcome.leftovers.length ? `; left on the host: ${outcome.leftovers.join(', ')}` : ''}` };
}
