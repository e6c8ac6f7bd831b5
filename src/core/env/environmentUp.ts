/**
 * Up and Down for a `.jails.yaml` environment. Up creates the jail when the host has none, applies the
 * in-place differences when it has one, refuses (with the reasons) when the difference needs a new jail,
 * and then brings the document root in step with the workspace. Run twice, the second Up changes nothing.
 *
 * What Up applied is recorded inside the jail (removed with it): the marker says what the jail was built
 * from, this record what the environment added on top.
 */
import { freebsdPath } from '../freebsd/sectionedScript';
import type { ThrowawayMarker } from '../provision/marker';
import type { ThrowawayProvisioner } from '../provision/provisioner';
import { jailFiles, phpDigits, stackRecipe } from '../provision/stacks';
import type { ThrowawaySpec } from '../provision/throwawaySpec';
import { shellQuote as q } from '../ssh/shellQuote';
import type { RemoteCommand } from '../ssh/remoteCommand';
import { jailSync } from '../provision/matrix/matrixServices';
import { SyncReport, SyncShell, SyncSource, WorkspaceSync } from '../sync/workspaceSync';
import { describeDiff, diffEnvironment, EnvironmentDiff, InPlaceChange } from './environmentDiff';
import type { EnvironmentTunnels, JailTunnel } from './environmentTunnels';

export const appliedRecordPath = '/var/db/freebsd-jails/environment.json';

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
  | { ok: false; summary: string; diff?: EnvironmentDiff };

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

function scriptCommand(what: string, lines: string[]): RemoteCommand<void> {
  return {
    argv: ['/bin/sh', '-c', [`PATH=${freebsdPath}; export PATH`, 'set -e', ...lines].join('\n')],
    privileged: true,
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) throw new Error(`${what}: ${(stderr.trim() || stdout.trim()).split('\n').slice(-5).join('\n') || `exit status ${exitCode}`}`);
    },
  };
}

function writeLines(path: string, content: string | undefined): string[] {
  if (content === undefined) return [`rm -f ${q(path)}`];
  return [`mkdir -p ${q(path.slice(0, path.lastIndexOf('/')))}`, `printf '%s' ${q(content)} > ${q(path)}`];
}

const backupSuffix = '.jails-up-previous';

/**
 * Configuration files replaced with a way back: the previous version is kept until every service of the
 * stack accepts the new configuration (`service configtest`); when one refuses, the files are put back and
 * the service's own message is reported, so a bad snippet never leaves the web server unable to restart.
 */
function replaceFilesChecked(name: string, services: string[], files: { path: string; content: string | undefined }[]): string[] {
  if (files.length === 0) return [];
  const lines = files.flatMap(({ path, content }) => [`if [ -e ${q(path)} ]; then cp -p ${q(path)} ${q(path + backupSuffix)}; fi`, ...writeLines(path, content)]);
  const restore = files.map(({ path }) => `if [ -e ${q(path + backupSuffix)} ]; then mv -f ${q(path + backupSuffix)} ${q(path)}; else rm -f ${q(path)}; fi`);
  for (const service of services) {
    lines.push(`if ! out=$(service -j ${name} ${q(service)} configtest 2>&1); then ${restore.join('; ')}; echo "$out" >&2; exit 1; fi`);
  }
  lines.push(`rm -f ${files.map(({ path }) => q(path + backupSuffix)).join(' ')}`);
  return lines;
}

/**
 * The host lines that apply the in-place changes to a running jail: packages first, then configuration
 * files (checked, with a way back), rc.conf, new provisioning commands, and a restart of the stack's services.
 */
export function inPlaceLines(jail: ThrowawayMarker, wanted: ThrowawaySpec, changes: InPlaceChange[]): string[] {
  const recipe = stackRecipe(wanted.stack, wanted.php, wanted.phpExtensions, wanted.packages);
  const files = jailFiles(recipe, jail.documentRoot, wanted.webServerSnippets, wanted.phpIni);
  const name = q(jail.name);
  const root = jail.path;
  const packageLines: string[] = [];
  const replaced: { path: string; content: string | undefined }[] = [];
  const otherLines: string[] = [];
  let restart = false;
  for (const change of changes) {
    if (change.kind === 'packages' || change.kind === 'phpExtensions') {
      const names = (list: string[]) => (change.kind === 'packages' ? list : list.map((e) => `php${phpDigits(wanted.php ?? '')}-${e}`)).map(q).join(' ');
      if (change.add.length) packageLines.push(`env ASSUME_ALWAYS_YES=yes pkg -j ${name} install -y ${names(change.add)}`);
      if (change.remove.length) packageLines.push(`env ASSUME_ALWAYS_YES=yes pkg -j ${name} delete -y ${names(change.remove)}`);
      restart = true;
    } else if (change.kind === 'phpIni' && recipe.phpIniFile) {
      replaced.push({ path: `${root}${recipe.phpIniFile}`, content: files[recipe.phpIniFile] });
      restart = true;
    } else if (change.kind === 'webServerSnippets' && recipe.jailSnippetFile) {
      replaced.push({ path: `${root}${recipe.jailSnippetFile}`, content: files[recipe.jailSnippetFile] });
      restart = true;
    } else if (change.kind === 'sysrc') {
      const rcConf = q(`${root}/etc/rc.conf`);
      const set = Object.entries(change.set).map(([k, v]) => q(`${k}=${v}`));
      if (set.length) otherLines.push(`sysrc -f ${rcConf} ${set.join(' ')} >/dev/null`);
      if (change.unset.length) otherLines.push(`sysrc -f ${rcConf} -x ${change.unset.map(q).join(' ')}`);
      restart = true;
    } else if (change.kind === 'provision') {
      for (const command of change.commands) otherLines.push(`jexec -l ${name} /bin/sh -c ${q(command)}`);
    }
  }
  const restarts = restart ? recipe.services.map((service) => `service -j ${name} ${q(service)} restart`) : [];
  return [...packageLines, ...replaceFilesChecked(name, recipe.services, replaced), ...otherLines, ...restarts];
}

function recordLines(jail: ThrowawayMarker, wanted: ThrowawaySpec): string[] {
  return writeLines(`${jail.path}${appliedRecordPath}`, `${JSON.stringify(wanted)}\n`);
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
    if (!created.ok) return { ok: false, summary: `${created.stepTitle}: ${created.message}` };
    jail = created.jail;
  } else {
    jail = existing;
    if (!existing.running) {
      progress(`Starting ${wanted.name}, which is stopped`);
      try {
        await provisioner.start(existing, signal);
      } catch (error) {
        return { ok: false, summary: `${wanted.name} is stopped and could not be started (it is left stopped, as it was): ${messageOf(error)}` };
      }
    }
  }
  if (diff.kind === 'absent' || diff.kind === 'update') {
    const lines = [...(diff.kind === 'update' ? inPlaceLines(jail, wanted, diff.changes) : []), ...recordLines(jail, wanted)];
    await shell.run(scriptCommand(`Updating ${wanted.name}`, lines), { signal, timeoutMs: Infinity });
  }
  progress(`Syncing the workspace into ${wanted.name}`);
  const sync = uploaded ?? await jailSync(shell, jail, source).syncAll(signal);
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
