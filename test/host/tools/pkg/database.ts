/**
 * The packages installed under one root (the host, a jail or a chroot), kept in ROOT/var/db/pkg; pkg
 * counts as bootstrapped when ROOT/usr/local/sbin/pkg exists, as on FreeBSD.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FixturePackage, rcScript } from './catalog';

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
  writeFileSync(join(root, path), content);
  chmodSync(join(root, path), mode);
}

export function installPackage(root: string, fixture: FixturePackage, automatic: boolean, pkgStub: string): void {
  const files = { ...fixture.files };
  if (fixture.service) files[`/usr/local/etc/rc.d/${fixture.service}`] = rcScript(fixture.service);
  if (fixture.name === 'pkg') files[`/${PKG_BINARY}`] = pkgStub;
  for (const [path, content] of Object.entries(files)) {
    writeFile(root, path, content, path.includes('/rc.d/') || path.includes('/bin/') || path.includes('/sbin/') ? 0o755 : 0o644);
  }
  const packages = installedPackages(root).filter((installed) => installed.name !== fixture.name);
  packages.push({ name: fixture.name, version: fixture.version, origin: fixture.origin, comment: fixture.comment, flatsize: fixture.flatsize, automatic, files: Object.keys(files) });
  save(root, packages);
}

export function removePackage(root: string, name: string): void {
  const packages = installedPackages(root);
  for (const file of packages.find((installed) => installed.name === name)?.files ?? []) rmSync(join(root, file), { force: true });
  save(root, packages.filter((installed) => installed.name !== name));
}
