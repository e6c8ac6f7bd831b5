/**
 * The packages installed under one root (the host, a jail or a chroot), kept in ROOT/var/db/pkg; pkg
 * counts as bootstrapped when ROOT/usr/local/sbin/pkg exists, as on FreeBSD. Installing writes the
 * package's files and runs what its install script would (activating an Apache module in httpd.conf).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FixturePackage } from './catalog';
import { sleeperRcScript } from './programs';
import { APACHE_CONF } from './webPackages';
import { assertWritable } from '../runtime/faults';
import { pathInRoot } from '../runtime/rootedPath';
import { strerror } from '../runtime/strerror';

export interface InstalledPackage { name: string; version: string; origin: string; comment: string; flatsize: number; automatic: boolean; files: string[] }

/** A file pkg could not put in place, with pkg_fatal_errno()'s words (the path as pkg sees it, inside the root). */
export class ExtractError extends Error {
  constructor(path: string, code: string) {
    super(`Fail to create temporary file for ${path}:${strerror(code)}`);
  }
}

const DATABASE = 'var/db/pkg/simulated-local.json';
export const PKG_BINARY = 'usr/local/sbin/pkg';

/** Where a file pkg replaces lands: in its directory as seen from `root` (a jail's absolute symlinks stay in the jail). */
const entryIn = (root: string, path: string) => join(pathInRoot(root, dirname(path)), basename(path));

export function isBootstrapped(root: string): boolean {
  return existsSync(pathInRoot(root, PKG_BINARY));
}

export function installedPackages(root: string): InstalledPackage[] {
  const file = pathInRoot(root, DATABASE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as InstalledPackage[]) : [];
}

function save(root: string, packages: InstalledPackage[]): void {
  mkdirSync(pathInRoot(root, dirname(DATABASE)), { recursive: true });
  writeFileSync(entryIn(root, DATABASE), JSON.stringify(packages.sort((a, b) => a.name.localeCompare(b.name)), null, 1));
}

function writeFile(root: string, path: string, content: string, mode: number): void {
  mkdirSync(pathInRoot(root, dirname(path)), { recursive: true });
  const file = entryIn(root, path);
  rmSync(file, { force: true });
  writeFileSync(file, content);
  chmodSync(file, mode);
}

const loadModuleLine = (module: string) => `LoadModule ${module}_module        libexec/apache24/lib${module}.so`;

/** apxs -e -a: adds (or uncomments) the module's LoadModule line after the last one in httpd.conf. */
function activateApacheModule(root: string, module: string): string {
  const conf = pathInRoot(root, APACHE_CONF);
  if (!existsSync(conf)) return '';
  const lines = readFileSync(conf, 'utf8').split('\n');
  const existing = lines.findIndex((line) => new RegExp(`^#?\\s*LoadModule\\s+${module}_module\\s`).test(line));
  if (existing >= 0) lines[existing] = loadModuleLine(module);
  else {
    const last = lines.reduce((found, line, index) => (/^#?\s*LoadModule\s/.test(line) ? index : found), -1);
    lines.splice(last + 1, 0, loadModuleLine(module));
  }
  writeFileSync(conf, lines.join('\n'));
  return `[activating module \`${module}' in ${APACHE_CONF}]\n`;
}

/** apxs -e -A: comments the module's LoadModule line out again. */
function deactivateApacheModule(root: string, module: string): string {
  const conf = pathInRoot(root, APACHE_CONF);
  if (!existsSync(conf)) return '';
  const text = readFileSync(conf, 'utf8').replace(new RegExp(`^LoadModule\\s+${module}_module\\s`, 'm'), (line) => `#${line}`);
  writeFileSync(conf, text);
  return `[preparing module \`${module}' in ${APACHE_CONF}]\n`;
}

/** Installs the package's files under `root`; returns what its install script printed. */
export function installPackage(root: string, fixture: FixturePackage, automatic: boolean, pkgStub: string): string {
  assertWritable(pathInRoot(root, 'usr/local'));
  const files = { ...fixture.files };
  const rcPath = `/usr/local/etc/rc.d/${fixture.service}`;
  if (fixture.service && files[rcPath] === undefined) files[rcPath] = sleeperRcScript(fixture.service);
  if (fixture.name === 'pkg') files[`/${PKG_BINARY}`] = pkgStub;
  for (const [path, content] of Object.entries(files)) {
    try {
      writeFile(root, path, content, path.includes('/rc.d/') || path.includes('/bin/') || path.includes('/sbin/') ? 0o755 : 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new ExtractError(path, code);
    }
  }
  const packages = installedPackages(root).filter((installed) => installed.name !== fixture.name);
  packages.push({ name: fixture.name, version: fixture.version, origin: fixture.origin, comment: fixture.comment, flatsize: fixture.flatsize, automatic, files: Object.keys(files) });
  save(root, packages);
  return fixture.apacheModule ? activateApacheModule(root, fixture.apacheModule) : '';
}

/** Removes the package's files; returns what its deinstall script printed. */
export function removePackage(root: string, name: string, fixture?: FixturePackage): string {
  const packages = installedPackages(root);
  const output = fixture?.apacheModule ? deactivateApacheModule(root, fixture.apacheModule) : '';
  for (const file of packages.find((installed) => installed.name === name)?.files ?? []) rmSync(entryIn(root, file), { force: true });
  save(root, packages.filter((installed) => installed.name !== name));
  return output;
}
