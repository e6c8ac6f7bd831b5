/**
 * Entry of the simulated FreeBSD tools: the stub installed at each FreeBSD path calls run(NAME), which
 * runs the tool and turns its ToolExit into the process's exit status.
 */
import { ToolExit } from './runtime/exit';
import { takeFault } from './runtime/faults';
import { runChflags } from './chflags';
import { runCp } from './cp';
import { runFetch } from './fetch';
import { runKldstat } from './kldstat';
import { runLogin } from './login';
import { runPkg } from './pkg/pkgCli';
import { runDoas, runSudo } from './privilege';
import { runService } from './service';
import { runSftpServer } from './sftpServer';
import { runSha256 } from './sha256';
import { runSysrc } from './sysrc';
import { runTar } from './tar';
import { runFreebsdVersion } from './freebsdVersion';
import { runIfconfig } from './ifconfig';
import { runJail } from './jail/jailCli';
import { runJexec } from './jexec';
import { runJls } from './jls';
import { runMkdir } from './mkdir';
import { runMount } from './mount';
import { runRm } from './rm';
import { runRoute } from './route';
import { runSysctl } from './sysctl';
import { runUmount } from './umount';
import { runUname } from './uname';
import { runZfs } from './zfs';
import { runZpool } from './zpool';
import { STAND_IN_PROGRAMS } from './web/programs';

const TOOLS: Record<string, (argv: string[]) => void | Promise<void>> = {
  chflags: runChflags,
  cp: runCp,
  doas: runDoas,
  fetch: runFetch,
  kldstat: runKldstat,
  login: runLogin,
  pkg: runPkg,
  service: runService,
  'sftp-server': runSftpServer,
  sha256: runSha256,
  sudo: runSudo,
  sysrc: runSysrc,
  tar: runTar,
  'freebsd-version': runFreebsdVersion,
  ifconfig: runIfconfig,
  jail: runJail,
  jexec: runJexec,
  jls: runJls,
  mkdir: runMkdir,
  mount: runMount,
  rm: runRm,
  route: runRoute,
  sysctl: runSysctl,
  umount: runUmount,
  uname: runUname,
  zfs: runZfs,
  zpool: runZpool,
  ...STAND_IN_PROGRAMS,
};

function finish(status: number): void {
  // Let pending writes to pipes drain before leaving.
  process.exitCode = status;
}

/** Runs `tool` on `argv` (the stub's arguments: node's own after the script's path). */
export async function run(tool: string, argv = process.argv.slice(2)): Promise<void> {
  const implementation = TOOLS[tool];
  try {
    if (!implementation) throw new Error(`no simulated tool named ${tool}`);
    const fault = takeFault(tool, argv);
    if (fault) {
      process.stdout.write(fault.stdout ?? '');
      process.stderr.write(fault.stderr ?? '');
      return finish(fault.exitCode);
    }
    await implementation(argv);
    finish(0);
  } catch (error) {
    if (error instanceof ToolExit) return finish(error.status);
    process.stderr.write(`${tool}: ${error instanceof Error ? error.message : String(error)}\n`);
    finish(1);
  }
}
