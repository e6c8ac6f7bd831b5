/**
 * What the user asks for when making a throwaway jail, whether from the wizard, a `.jails.yaml`
 * environment or the `jails` command line: the one input of every provisioning plan.
 */
import type { Stack } from '../env/environmentFile';

export type { Stack };

export interface ThrowawaySpec {
  /** The host's name in the jails.hosts setting. */
  host: string;
  /** The jail's name: letters, digits, `_` and `-` (no dots, which would make it hierarchical). */
  name: string;
  /** e.g. `14.3-RELEASE`; the host's own release when absent. */
  release?: string;
  stack: Stack;
  /** `8.4` style; required unless the stack is `bare`. */
  php?: string;
  packages: string[];
  phpExtensions: string[];
  phpIni: Record<string, string | number | boolean>;
  webServerSnippets: string[];
  sysrc: Record<string, string>;
  /** Inside the jail; the stack's default document root when absent. */
  documentRoot?: string;
  provision: string[];
  /** Ports inside the jail to reach through tunnels; the web server's port first. */
  ports: number[];
  /** The `.jails.yaml` environment it came from, if any (kept in the jail's marker). */
  environment?: string;
}
