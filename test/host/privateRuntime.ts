/**
 * The Linux programs that carry the simulated userland (node for the FreeBSD tools, a PATH-respecting
 * busybox for /bin/sh, tcsh for csh users, OpenSSH's sftp-server for the sftp subsystem, busybox-static
 * for namespace helpers), prepared once per machine under SIMULATOR_BASE/.cache and hard-linked into each
 * instance's /.simulator, where no FreeBSD path is touched. The loader and the library cache are moved there too (see elfPatch.ts).
 */
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { HostPrerequisites } from './prerequisites';
import { blankString, setElfInterpreter, setLoaderCachePath } from './elfPatch';

export const PRIVATE_DIR = '/.simulator';
const LOADER = `${PRIVATE_DIR}/lib/ld.so`;
const LIBRARY_CACHE = `${PRIVATE_DIR}/ldc`;
/** Changes whenever the runtime is assembled differently from the same programs, so that old caches are not reused. */
const RUNTIME_LAYOUT = 2;
/** The banner busybox's ash prints when it starts interactively (FreeBSD's sh prints none). */
const ASH_BANNER_FORMAT = "\n\n%s %s\nEnter 'help' for a list of built-in commands.\n\n";

/** Program name inside /.simulator/bin → where it comes from on this machine. */
function programSources(prerequisites: HostPrerequisites): Record<string, string> {
  return {
    node: prerequisites.node,
    busybox: prerequisites.busyboxDynamic,
    tcsh: prerequisites.tcsh,
    'sftp-server': prerequisites.sftpServer,
  };
}

function sharedLibraries(program: string): string[] {
  const listing = execFileSync('ldd', [program], { encoding: 'utf8' });
  return [...listing.matchAll(/=> (\/\S+)/g)].map((match) => match[1]);
}

function cacheKey(prerequisites: HostPrerequisites): string {
  return Object.values(programSources(prerequisites))
    .map((file) => `${statSync(file).size}-${Math.floor(statSync(file).mtimeMs)}`).join('_');
}

/** Builds (once) a directory shaped like the tree's /.simulator, and returns its path. */
export function preparePrivateRuntime(cacheDir: string, prerequisites: HostPrerequisites): string {
  const prepared = join(cacheDir, `runtime-${RUNTIME_LAYOUT}-${cacheKey(prerequisites)}`);
  if (existsSync(join(prepared, 'ready'))) return prepared;
  const building = `${prepared}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const privateDir = join(building, PRIVATE_DIR);
  mkdirSync(join(privateDir, 'bin'), { recursive: true });
  mkdirSync(join(privateDir, 'lib'), { recursive: true });
  const libraries = new Set<string>();
  for (const [name, source] of Object.entries(programSources(prerequisites))) {
    const target = join(privateDir, 'bin', name);
    copyFileSync(source, target);
    chmodSync(target, 0o755);
    setElfInterpreter(target, LOADER);
    if (name === 'busybox') blankString(target, ASH_BANNER_FORMAT);
    sharedLibraries(source).forEach((library) => libraries.add(library));
  }
  for (const library of libraries) copyFileSync(library, join(privateDir, 'lib', basename(library)));
  copyFileSync('/lib64/ld-linux-x86-64.so.2', join(privateDir, 'lib', 'ld.so'));
  setLoaderCachePath(join(privateDir, 'lib', 'ld.so'), LIBRARY_CACHE);
  copyFileSync(prerequisites.busyboxStatic, join(privateDir, 'bin', 'busybox-static'));
  chmodSync(join(privateDir, 'bin', 'busybox-static'), 0o755);
  // doas and sudo need root from an unprivileged session: a set-uid copy of node that only group wheel
  // (gid 0) may run, so the tools it starts can check doas.conf/sudoers and then become root.
  copyFileSync(join(privateDir, 'bin', 'node'), join(privateDir, 'bin', 'node-privileged'));
  chmodSync(join(privateDir, 'bin', 'node-privileged'), 0o4750);
  writeFileSync(join(privateDir, 'ld.so.conf'), `${PRIVATE_DIR}/lib\n`);
  execFileSync(prerequisites.ldconfig, ['-r', building, '-f', `${PRIVATE_DIR}/ld.so.conf`, '-C', LIBRARY_CACHE]);
  writeFileSync(join(building, 'ready'), '');
  // Another process may have finished the same runtime meanwhile: keep theirs, which may be in use.
  if (existsSync(join(prepared, 'ready'))) rmSync(building, { recursive: true, force: true });
  else {
    rmSync(prepared, { recursive: true, force: true });
    renameSync(building, prepared);
  }
  return prepared;
}

/** Hard-links (or copies, across file systems) every file of `fromDir` into `toDir`, keeping modes. */
export function linkTree(fromDir: string, toDir: string): void {
  mkdirSync(toDir, { recursive: true });
  for (const entry of readdirSync(fromDir, { withFileTypes: true })) {
    const from = join(fromDir, entry.name);
    const to = join(toDir, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isFile()) linkOrCopy(from, to);
  }
}

export function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode & 0o7777);
  }
}
