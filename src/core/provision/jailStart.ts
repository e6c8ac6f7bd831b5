/**
 * Starting a throwaway jail with its private jail.conf, starting its services (a FreeBSD /etc/rc already
 * starts the enabled ones; `status` first keeps that from being done twice), running the user's provisioning
 * commands, and waiting for the web server's first HTTP answer. A service that fails, or a web server that
 * never answers, is reported with the last lines of its error logs.
 */
import type { PlanStep } from './plan';
import { HostScriptError, HostShell, q, runAsRoot } from './hostScript';
import { hostStep, ProvisionContext } from './hostStep';
import { HttpProbe, waitForHttp } from './httpProbe';
import type { Layout } from './layout';
import type { ThrowawayMarker } from './marker';
import type { StackRecipe } from './stacks';

const logLines = 20;

function errorLogLines(marker: ThrowawayMarker, recipe: StackRecipe): string[] {
  return recipe.errorLogs.map((log) => {
    const file = q(`${marker.path}${log}`);
    return `if [ -s ${file} ]; then echo ${q(`--- ${log} (last lines)`)}; tail -n ${logLines} ${file}; fi`;
  });
}

/** Starts the jail from its private jail.conf (the marker names it), then any of the stack's services not running. */
export function startScript(marker: ThrowawayMarker, recipe: StackRecipe): string {
  const lines = ['exec 2>&1', `jail -f ${q(marker.conf)} -c ${q(marker.name)}`, 'failed='];
  for (const service of recipe.services) {
    lines.push(
      `if [ -z "$failed" ] && ! service -j ${q(marker.name)} ${q(service)} status >/dev/null 2>&1; then`,
      `  service -j ${q(marker.name)} ${q(service)} start || failed=${q(service)}`,
      'fi',
    );
  }
  lines.push('if [ -n "$failed" ]; then', `  echo "$failed did not start in ${marker.name}"`, ...errorLogLines(marker, recipe).map((l) => `  ${l}`), '  exit 1', 'fi');
  return lines.join('\n');
}

export function stopScript(marker: ThrowawayMarker): string {
  return [
    `if jls -j ${q(marker.name)} jid >/dev/null 2>&1; then`,
    `  if [ -f ${q(marker.conf)} ]; then jail -f ${q(marker.conf)} -r ${q(marker.name)}; else jail -r ${q(marker.name)}; fi`,
    'fi',
  ].join('\n');
}

export function startStep(layout: Layout, marker: ThrowawayMarker, recipe: StackRecipe): PlanStep<ProvisionContext> {
  const services = recipe.services.length > 0 ? ` and ${recipe.services.join(', ')}` : '';
  return hostStep(
    'start',
    `Starting ${marker.name}${services}`,
    async (context, signal) => void (await runAsRoot(context.shell, `Starting ${marker.name}`, startScript(marker, recipe), { signal })),
    async (context) => void (await runAsRoot(context.shell, `Stopping ${marker.name}`, `${stopScript(marker)}\nrm -f ${q(layout.consoleLog(marker.name))}`)),
  );
}

export function provisionStep(marker: ThrowawayMarker, commands: string[]): PlanStep<ProvisionContext> {
  const lines = ['exec 2>&1', ...commands.flatMap((command) => [`echo ${q(`# ${command}`)}`, `jexec -l ${q(marker.name)} /bin/sh -c ${q(command)}`])];
  return hostStep('provision', `Running ${commands.length} provisioning command${commands.length === 1 ? '' : 's'} in ${marker.name}`, async (context, signal) => {
    await runAsRoot(context.shell, `Provisioning ${marker.name}`, lines.join('\n'), { signal, timeoutMs: Infinity });
  });
}

/** The web server's port: the one the jail was made (or last updated) with, else the stack's. */
export function webPortOf(marker: ThrowawayMarker, recipe: StackRecipe): number {
  return marker.webPort ?? recipe.webPort ?? 80;
}

/** Waits for the jail's first HTTP answer; without one, fails with the last lines of the stack's error logs. */
export async function waitForWebServer(shell: HostShell, probe: HttpProbe, marker: ThrowawayMarker, recipe: StackRecipe, timeoutMs: number, signal: AbortSignal): Promise<void> {
  try {
    await waitForHttp(probe, marker.address, webPortOf(marker, recipe), timeoutMs, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const logs = await shell.runScript(errorLogLines(marker, recipe).join('\n') || 'true', { privileged: true }).catch(() => undefined);
    const text = logs?.stdout.trim();
    throw new HostScriptError(`The web server of ${marker.name} did not answer`, `${error instanceof Error ? error.message : String(error)}${text ? `\n${text}` : ''}`, 1);
  }
}

export function httpStep(marker: ThrowawayMarker, recipe: StackRecipe, timeoutMs: number): PlanStep<ProvisionContext> {
  return hostStep('http', `Waiting for ${marker.name}'s web server to answer on ${marker.address} port ${webPortOf(marker, recipe)}`,
    (context, signal) => waitForWebServer(context.shell, context.probeHttp, marker, recipe, timeoutMs, signal));
}
