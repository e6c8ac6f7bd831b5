/**
 * The fixture mirror fetch(1) serves: for each release, a small base.txz (a busybox-static root with
 * FreeBSD's /bin/freebsd-version) and its MANIFEST with the sha256, built once per machine (per content of the
 * root, so a changed jail root is never served from an old cache; a process builds the root for that digest
 * once per release, not once per instance) and hard-linked
 * into each instance under /.simulator/fixtures/releases/<REL>.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJailRoot } from './jailRoot';
import { linkOrCopy } from './privateRuntime';
import { RELEASE_MIRROR } from './tools/fetch';

export const MIRRORED_RELEASES = ['13.5-RELEASE', '14.2-RELEASE', '14.3-RELEASE', '15.0-RELEASE'];

/** A digest of the whole tree (paths, modes, contents, link targets): whatever changes a jail root changes the key. */
function treeDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string): void => {
    const full = join(root, relative);
    const info = lstatSync(full);
    hash.update(`${relative}\0${info.mode}\0`);
    if (info.isSymbolicLink()) hash.update(readlinkSync(full));
    else if (info.isFile()) hash.update(readFileSync(full));
    else if (info.isDirectory()) for (const entry of readdirSync(full).sort()) walk(join(relative, entry));
  };
  walk('.');
  return hash.digest('hex').slice(0, 16);
}

/** Built (or found) by this process: a jail root cannot change while the process runs, so its digest is known. */
const builtThisProcess = new Map<string, string>();

function buildRelease(cacheDir: string, release: string, busyboxStatic: string): string {
  const busyboxInfo = statSync(busyboxStatic);
  const key = [cacheDir, release, busyboxStatic, busyboxInfo.size, busyboxInfo.mtimeMs].join('\0');
  const known = builtThisProcess.get(key);
  if (known && existsSync(join(known, 'MANIFEST'))) return known;
  const directory = buildReleaseOnce(cacheDir, release, busyboxStatic);
  builtThisProcess.set(key, directory);
  return directory;
}

function buildReleaseOnce(cacheDir: string, release: string, busyboxStatic: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const building = join(cacheDir, `release-${release}.building-${process.pid}-${randomBytes(4).toString('hex')}`);
  rmSync(building, { recursive: true, force: true });
  const tree = join(building, 'tree');
  // The tree links its busybox from a copy of its own: the shared file's link count (and so its ctime) moves
  // whenever another process builds a jail root, and tar refuses a file that changes as it reads it.
  mkdirSync(building, { recursive: true });
  const busybox = join(building, 'busybox');
  copyFileSync(busyboxStatic, busybox);
  buildJailRoot(tree, busybox, release, 'freebsd');
  const directory = join(cacheDir, `release-${release}-${treeDigest(tree)}`);
  if (existsSync(join(directory, 'MANIFEST'))) {
    rmSync(building, { recursive: true, force: true });
    return directory;
  }
  execFileSync('tar', ['-cJf', join(building, 'base.txz'), '-C', tree, '.']);
  rmSync(tree, { recursive: true, force: true });
  rmSync(busybox);
  const digest = createHash('sha256').update(readFileSync(join(building, 'base.txz'))).digest('hex');
  writeFileSync(join(building, 'MANIFEST'), `base.txz\t${digest}\t${60}\tbase\t"Base system (MANDATORY)"\ton\n`);
  if (existsSync(join(directory, 'MANIFEST'))) rmSync(building, { recursive: true, force: true });
  else {
    rmSync(directory, { recursive: true, force: true });
    renameSync(building, directory);
  }
  return directory;
}

export function installReleaseMirror(root: string, cacheDir: string, busyboxStatic: string, extraRelease: string): void {
  for (const release of new Set([...MIRRORED_RELEASES, extraRelease])) {
    const built = buildRelease(cacheDir, release, busyboxStatic);
    mkdirSync(join(root, RELEASE_MIRROR, release), { recursive: true });
    for (const file of ['base.txz', 'MANIFEST']) linkOrCopy(join(built, file), join(root, RELEASE_MIRROR, release, file));
  }
}
