/**
 * Entry of the simulated FreeBSD tools: the stub installed at each FreeBSD path calls run(NAME), which
 * runs the tool and turns its ToolExit into the process's exit status.
 */
import { ToolExit } from './runtime/exit';
import { runFreebsdVersion } from './freebsdVersion';
import { runJail } from './jail/jailCli';
import { runJexec } from './jexec';
import { runJls } from './jls';
import { runSysctl } from './sysctl';
import { runUname } from './uname';

const TOOLS: Record<string, (argv: string[]) => void | Promise<void>> = {
  'freebsd-version': runFreebsdVersion,
  jail: runJail,
  jexec: runJexec,
  jls: runJls,
  sysctl: runSysctl,
  uname: runUname,
};

function finish(status: number): void {
  // Let pending writes to pipes drain before leaving.
  process.exitCode = status;
}

export async function run(tool: string): Promise<void> {
  const argv = process.argv.slice(2);
  const implementation = TOOLS[tool];
  try {
    if (!implementation) throw new Error(`no simulated tool named ${tool}`);
    await implementation(argv);
    finish(0);
  } catch (error) {
    if (error instanceof ToolExit) return finish(error.status);
    process.stderr.write(`${tool}: ${error instanceof Error ? error.message : String(error)}\n`);
    finish(1);
  }
}
