/**
 * Throwaway jails on one host: the API the wizard, `.jails.yaml` (Up/Down), the PHP matrix and the command
 * line share. What creations on a host share (a template being built, an address, a name) is serialised
 * across every provisioner of that host in the process; everything else runs in parallel.
 *
 *   const provisioner = new ThrowawayProvisioner({ name, shell: runner, capabilities, probeHttp }, settings);
 *   const result = await provisioner.create(spec, { signal, onEvent });
 *   await provisioner.destroy(['tw-php84-1a2b']);
 */
import { randomBytes } from 'node:crypto';
import type { HostCapabilities } from '../hosts/probe';
import { privilegeProblem } from '../hosts/probe';
import { newNonce } from '../hosts/hostSession';
import { firstFreeAddress, parsePool, PoolExhausted } from './addressPool';
import { planCreate } from './createPlan';
import { DestroyOutcome, destroyScript, leftoverScript, parseDestroy, parseLeftovers } from './destroy';
import { HostShell, q, runAsRoot, scriptText } from './hostScript';
import type { HttpProbe } from './httpProbe';
import { HostInspection, inspectionScript, parseInspection } from './inspection';
import { interfaceCommands } from './interfaceStep';
import { startScript, stopScript, waitForWebServer } from './jailStart';
import { parseMarkers, ThrowawayMarker } from './marker';
import { jailNameProblem, releaseOf, releaseProblem } from './names';
import { executePlan, StepEvent } from './plan';
import type { ProvisionSettings } from './settings';
import { SharedResources, sharedResourcesOf } from './sharedResources';
import { stackRecipe } from './stacks';
import type { ThrowawaySpec } from './throwawaySpec';

export interface ProvisionHost {
  /** The host's name in the jails.hosts setting (recorded in markers). */
  name: string;
  shell: HostShell;
  capabilities: HostCapabilities;
  probeHttp: HttpProbe;
}

export interface CreateOptions {
  signal?: AbortSignal;
  onEvent?: (event: StepEvent) => void;
  /** Fills the document root (given its path on the host); without it the jail gets a first page. */
  populateDocumentRoot?: (hostPath: string, signal: AbortSignal) => Promise<void>;
  /** Asked when the address interface is missing, with the exact commands that would create it. */
  confirmInterface?: (interfaceName: string, commands: string[]) => Promise<boolean>;
}

export type CreateResult =
  | { ok: true; jail: ThrowawayMarker; temperature: 'cold' | 'warm' | 'hot'; stepMs: Record<string, number> }
  | {
      ok: false;
      cancelled: boolean;
      /** The step's id (`check` when refused before anything was made) and its title. */
      failedStep: string;
      stepTitle: string;
      message: string;
      undone: string[];
      leftovers: { step: string; message: string }[];
    };

export interface ThrowawayJail extends ThrowawayMarker {
  running: boolean;
}

export class ThrowawayRefused extends Error {}

const inspectTitle = 'Checking the host (jails, addresses, templates)';

export class ThrowawayProvisioner {
  private readonly resources: SharedResources;

  constructor(readonly host: ProvisionHost, readonly settings: ProvisionSettings) {
    this.resources = sharedResourcesOf(host.name, settings.root);
  }

  /** One round trip: what a creation needs to know of the host. */
  async inspect(signal?: AbortSignal): Promise<HostInspection> {
    const nonce = newNonce();
    const output = await this.host.shell.runScript(inspectionScript(this.host.capabilities, this.settings, nonce), { signal });
    return parseInspection(output.stdout, this.host.capabilities, this.settings, nonce);
  }

  async create(spec: ThrowawaySpec, options: CreateOptions = {}): Promise<CreateResult> {
    const emit = options.onEvent ?? (() => undefined);
    const signal = options.signal ?? new AbortController().signal;
    const claims: string[] = [];
    const claim = (value: string, problem: string) => {
      if (!this.resources.claim(value)) throw new ThrowawayRefused(problem);
      claims.push(value);
    };
    let sharedKeys: string[] = [];
    try {
      const release = spec.release ?? releaseOf(this.host.capabilities.userlandVersion);
      const problem = jailNameProblem(spec.name) ?? releaseProblem(release) ?? privilegeProblem(this.host.capabilities);
      if (problem) throw new ThrowawayRefused(problem);
      stackRecipe(spec.stack, spec.php, spec.phpExtensions, spec.packages);
      claim(`name:${spec.name}`, `a throwaway jail named ${spec.name} is being created already`);
      emit({ kind: 'started', step: 'check', title: inspectTitle, index: 0, total: 1 });
      const started = Date.now();
      const inspection = await this.inspect(signal);
      if (inspection.takenNames.includes(spec.name)) throw new ThrowawayRefused(`a jail named ${spec.name} exists already on ${this.host.name}; choose another name`);
      let createInterface = false;
      if (!inspection.interfaceExists) {
        const commands = interfaceCommands(this.settings.interfaceName);
        createInterface = (await options.confirmInterface?.(this.settings.interfaceName, commands)) ?? false;
        if (!createInterface) {
          throw new ThrowawayRefused(`${this.host.name} has no ${this.settings.interfaceName} interface for the jails' addresses; creating it runs: ${commands.join('; ')}`);
        }
      }
      const address = this.chooseAddress(inspection);
      claims.push(`address:${address}`);
      const made = planCreate({
        hostName: this.host.name, spec, release, inspection, address, resources: this.resources, createInterface,
        populateDocumentRoot: options.populateDocumentRoot !== undefined, httpTimeoutMs: this.settings.httpTimeoutMs,
        id: randomBytes(8).toString('hex'), createdAt: new Date().toISOString(),
      });
      if (!inspection.pkgBootstrapped && made.temperature !== 'hot' && made.recipe.packages.length > 0) {
        throw new ThrowawayRefused(`pkg is not bootstrapped on ${this.host.name}; run "pkg bootstrap" there as root first`);
      }
      emit({ kind: 'finished', step: 'check', ms: Date.now() - started });
      sharedKeys = made.sharedKeys;
      sharedKeys.forEach((key) => this.resources.use(key));
      const outcome = await executePlan(made.plan, { shell: this.host.shell, probeHttp: this.host.probeHttp, populateDocumentRoot: options.populateDocumentRoot }, { signal, onEvent: emit });
      if (outcome.ok) return { ok: true, jail: made.marker, temperature: made.temperature, stepMs: { check: Date.now() - started - Object.values(outcome.stepMs).reduce((a, b) => a + b, 0), ...outcome.stepMs } };
      const stepTitle = made.plan.steps.find((s) => s.id === outcome.failedStep)?.title ?? outcome.failedStep;
      return { ...outcome, stepTitle };
    } catch (error) {
      const cancelled = signal.aborted;
      return { ok: false, cancelled, failedStep: 'check', stepTitle: inspectTitle, message: cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error), undone: [], leftovers: [] };
    } finally {
      sharedKeys.forEach((key) => this.resources.release(key));
      claims.forEach((value) => this.resources.unclaim(value));
    }
  }

  private chooseAddress(inspection: HostInspection): string {
    const pool = parsePool(this.settings.addressPool);
    const used = [...inspection.usedAddresses, ...this.resources.claimedValues('address:')];
    try {
      const address = firstFreeAddress(pool, used);
      this.resources.claim(`address:${address}`);
      return address;
    } catch (error) {
      if (error instanceof PoolExhausted) throw new ThrowawayRefused(error.message);
      throw error;
    }
  }

  /** The throwaway jails of this host (those with a marker), running or not. One round trip, no privilege. */
  async list(signal?: AbortSignal): Promise<ThrowawayJail[]> {
    const nonce = newNonce();
    const script = scriptText([
      `for f in ${q(this.settings.root)}/conf/*.json; do [ -f "$f" ] && { cat "$f"; echo; }; done; true`,
      `echo '@@${nonce} running'`,
      'jls -n name',
    ].join('\n'));
    const output = await this.host.shell.runScript(script, { signal });
    const [markerPart, runningPart = ''] = output.stdout.split(`@@${nonce} running`);
    const running = new Set(runningPart.split('\n').map((l) => /^name=(\S+)/.exec(l.trim())?.[1]).filter((n): n is string => n !== undefined));
    return parseMarkers(markerPart).map((marker) => ({ ...marker, running: running.has(marker.name) }));
  }

  /**
   * Destroys the named throwaway jails (or all of this host's), in one round trip after the listing, and
   * reports for each what remains. Names without a marker are refused, whatever else they are.
   */
  async destroy(names: string[] | 'all', signal?: AbortSignal): Promise<DestroyOutcome[]> {
    const jails = await this.list(signal);
    const chosen = names === 'all' ? jails : jails.filter((jail) => names.includes(jail.name));
    const refused: DestroyOutcome[] = names === 'all' ? [] : names.filter((name) => !jails.some((jail) => jail.name === name)).map((name) => ({
      name, ok: false, leftovers: [],
      message: `${name} is not a throwaway jail of this extension (no marker in ${this.settings.root}/conf); it was not touched`,
    }));
    if (chosen.length === 0) return refused;
    const nonce = newNonce();
    const output = await this.host.shell.runScript(destroyScript(chosen, nonce), { privileged: true, signal, timeoutMs: Infinity });
    return [...parseDestroy(output.stdout, chosen, nonce), ...refused];
  }

  /** What remains on the host of these jails (after a destroy, or a failed create). */
  async leftovers(markers: ThrowawayMarker[]): Promise<string[][]> {
    const nonce = newNonce();
    const output = await this.host.shell.runScript(leftoverScript(markers, nonce), { privileged: true });
    return parseLeftovers(output.stdout, markers, nonce);
  }

  /**
   * Starts a throwaway jail that exists but is stopped (the host rebooted, or the user stopped it): from its
   * private jail.conf, its stack's services, then the web server's first answer. When it cannot start, it is
   * stopped again, as it was, and FreeBSD's message is thrown.
   */
  async start(jail: ThrowawayMarker, signal = new AbortController().signal): Promise<void> {
    const recipe = stackRecipe(jail.stack, jail.php);
    try {
      await runAsRoot(this.host.shell, `Starting ${jail.name}`, startScript(jail, recipe), { signal });
      if (recipe.webPort !== undefined) await waitForWebServer(this.host.shell, this.host.probeHttp, jail, recipe, this.settings.httpTimeoutMs, signal);
    } catch (error) {
      await runAsRoot(this.host.shell, `Stopping ${jail.name} again`, stopScript(jail)).catch(() => undefined);
      throw error;
    }
  }

  /** PHP versions the host's package repository offers (`8.4` for php84), newest first. */
  async phpVersions(signal?: AbortSignal): Promise<string[]> {
    const output = await this.host.shell.runScript(scriptText("pkg search -S name -x '^php[0-9]+$' </dev/null 2>/dev/null || true"), { signal });
    return parsePhpVersions(output.stdout);
  }

  /** Releases already extracted on the host (no download needed). */
  releasesPresent(inspection: HostInspection): string[] {
    return inspection.releases;
  }
}

export function parsePhpVersions(output: string): string[] {
  const versions = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^php([0-9])([0-9]+)-[0-9]/.exec(line.trim());
    if (m) versions.add(`${m[1]}.${m[2]}`);
  }
  return [...versions].sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]) || Number(b[0]) - Number(a[0]));
}
