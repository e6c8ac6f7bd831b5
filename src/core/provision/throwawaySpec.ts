/**
 * What the user asks for when making a throwaway jail, whether from the wizard, a `.jails.yaml`
 * environment or the `jails` command line: the one input of every provisioning plan. Its settings are an
 * environment's, so that the two cannot drift apart.
 */
import type { Environment, Stack } from '../env/environmentFile';

export type { Stack };

type EnvironmentSettings = Pick<Environment, 'host' | 'release' | 'stack' | 'php' | 'packages' | 'phpExtensions' | 'phpIni' | 'webServerSnippets' | 'sysrc' | 'provision' | 'ports'>;

export interface ThrowawaySpec extends EnvironmentSettings {
  /** The jail's name: letters, digits, `_` and `-` (no dots, which would make it hierarchical). */
  name: string;
  /** Inside the jail; the stack's default document root when absent. */
  documentRoot?: string;
  /** The `.jails.yaml` environment it came from, if any (kept in the jail's marker). */
  environment?: string;
}
