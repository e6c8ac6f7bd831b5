/**
 * The packages installed under one root (the host, a jail or a chroot), kept in ROOT/var/db/pkg; pkg
 * counts as bootstrapped when ROOT/usr/local/sbin/pkg exists, as on FreeBSD. Installing writes the
 * package's files and runs what its install script would (activating an Apache module in httpd.conf).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FixturePackage } from './catalog';
import { sleeperRcScript } from './programs';
import { APACHE_CONF } from './webPackages';
import { assertWritable } from '../runtime/faults';

export interface InstalledPackage { name: string; version: string; origin: string; comment: string; flatsize: number; automatic: boolean; files: string[] }

const DATABASE = 'var/db/pkg/simulated-local.json';
export const PKG_BINARY = 'usr/local/sbin/pkg';

export function isBootstrapped(root: string): boolean {
  return existsSync(join(root, PKG_BINARY));
}

export function installedPackages(root: string): InstalledPackage[] {
  const file = join(root, DATABASE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as InstalledPackage[]) : [];
}

function save(root: string, packages: InstalledPackage[]): void {
  mkdirSync(join(root, dirname(DATABASE)), { recursive: true });
  writeFileSync(join(root, DATABASE), JSON.stringify(packages.sort((a, b) => a.name.localeCompare(b.name)), null, 1));
}

function writeFile(root: string, path: string, content: string, mode: number): void {
  mkdirSync(join(root, dirname(path)), { recursive: true });
  rmSync(join(root, path), { force: true });
  writeFileSync(join(root, path), content);
  chmodSync(join(root, path), mode);
}

const loadModuleLine = (module: string) => `LoadModule ${module}_module        libexec/apache24/lib${module}.so`;

/** apxs -e -a: adds (or uncomments) the module's LoadModule line after the last one in httpd.conf. */
function activateApacheModule(root: string, module: string): string {
  const conf = join(root, APACHE_CONF);
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
  const conf = join(root, APACHE_CONF);
  if (!existsSync(conf)) return '';
  const text = readFileSync(conf, 'utf8').replace(new RegExp(`^LoadModule\\s+${module}_module\\s`, 'm'), (line) => `#${line}`);
  writeFileSync(conf, text);
  return `[preparing module \`${module}' in ${APACHE_CONF}]\n`;
}

/** Installs the package's files under `root`; returns what its install script printed. */
export function installPackage(root: string, fixture: FixturePackage, automatic: boolean, pkgStub: string): string {
  assertWritable(join(root, 'usr/local'));
  const files = { ...fixture.files };
  const rcPath = `/usr/local/etc/rc.d/${fixture.service}`;
  if (fixture.service && files[rcPath] === undefined) files[rcPath] = sleeperRcScript(fixture.service);
  if (fixture.name === 'pkg') files[`/${PKG_BINARY}`] = pkgStub;
  for (const [path, content] of Object.entries(files)) {
    writeFile(root, path, content, path.includes('/rc.d/') || path.includes('/bin/') || path.includes('/sbin/') ? 0o755 : 0o644);
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
  for (const file of packages.find((installed) => installed.name === name)?.files ?? []) rmSync(join(root, file), { force: true });
  save(root, packages.filter((installed) => installed.name !== name));
  return output;
}
