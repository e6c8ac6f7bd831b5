/** The runtime's PATH-respecting busybox, which carries the commands the simulator does not write itself. */
import { spawnSync } from 'node:child_process';
import { ToolExit } from './exit';

export const BUSYBOX = '/.simulator/bin/busybox';

/** Runs a busybox applet on the caller's standard streams and returns its exit status. */
export function runApplet(applet: string, args: string[]): number {
  return spawnSync(BUSYBOX, [applet, ...args], { stdio: 'inherit' }).status ?? 1;
}

/** Hands the whole run to a busybox applet: its status becomes the tool's. */
export function execApplet(applet: string, args: string[]): never {
  throw new ToolExit(runApplet(applet, args));
}
