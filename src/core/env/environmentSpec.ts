/**
 * A `.jails.yaml` environment as the provisioning core's input (ThrowawaySpec), and the jail name it gets.
 * The jail name joins the workspace folder's name and the environment's, so that two workspaces with an
 * environment called "dev" on the same host do not fight over one jail.
 */
import type { ThrowawaySpec } from '../provision/throwawaySpec';
import type { Environment } from './environmentFile';

/** FreeBSD allows longer names, but they end up in host names, paths and the tree: keep them readable. */
const maxJailNameLength = 48;

function nameWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}

/** `<workspace>-<environment>`, in jail-name characters (letters, digits, `_`, `-`; no dots). */
export function jailNameFor(workspaceName: string, environmentName: string): string {
  const environment = nameWord(environmentName);
  const room = maxJailNameLength - environment.length - 1;
  const workspace = nameWord(workspaceName).slice(0, Math.max(room, 0)).replace(/[-_]+$/, '');
  const joined = workspace ? `${workspace}-${environment}` : environment;
  return /^[A-Za-z]/.test(joined) ? joined : `j${joined}`;
}

export function specForEnvironment(environment: Environment, workspaceName: string): ThrowawaySpec {
  return {
    host: environment.host,
    name: jailNameFor(workspaceName, environment.name),
    release: environment.release,
    stack: environment.stack,
    php: environment.stack === 'bare' ? undefined : environment.php,
    packages: [...environment.packages],
    phpExtensions: [...environment.phpExtensions],
    phpIni: { ...environment.phpIni },
    webServerSnippets: [...environment.webServerSnippets],
    sysrc: { ...environment.sysrc },
    provision: [...environment.provision],
    ports: [...environment.ports],
    environment: environment.name,
  };
}
