/**
 * pkg(8) against the fixture repository: bootstrap, install, delete, info, search, update, upgrade, -N and
 * -vv, on the host or on another root (-j jail, -c chroot, -r rootdir), with pkg's messages and prompts.
 */
import { readFileSync } from 'node:fs';
import { fail, ToolExit } from '../runtime/exit';
import { hostConfig } from '../runtime/stateStore';
import { findJail, notFoundMessage, readJailTable } from '../kernel/jailTable';
import { FIXTURE_PACKAGES, findFixture, FixturePackage } from './catalog';
import { installedPackages, installPackage, isBootstrapped, removePackage } from './database';

const IN_JAIL_PKG = '#!/bin/sh\necho "pkg: this simulated jail has no package tools of its own; run pkg -j from the host" >&2\nexit 70\n';
const HOST_PKG = '#!/.simulator/bin/node\nrequire("/.simulator/tools.cjs").run("pkg");\n';

interface Context { root: string; yes: boolean; quiet: boolean }

function abi(): string {
  return `FreeBSD:${hostConfig().release.split('.')[0]}:${hostConfig().machine}`;
}

function confirm(context: Context, question: string): boolean {
  if (context.yes) return true;
  process.stdout.write(question);
  let answer = '';
  try { answer = readFileSync(0, 'utf8').split('\n')[0]; } catch { /* no input */ }
  if (!/^y/i.test(answer)) process.stdout.write('\n');
  return /^y/i.test(answer);
}

function bootstrap(context: Context, force: boolean): void {
  if (isBootstrapped(context.root) && !force) {
    process.stdout.write('pkg(8) already installed, use -f to force.\n');
    return;
  }
  const pkg = findFixture('pkg') as FixturePackage;
  process.stdout.write(`Bootstrapping pkg from pkg+https://pkg.FreeBSD.org/${abi()}/quarterly, please wait...\n`
    + 'Verifying signature with trusted certificate pkg.freebsd.org.2013102301... done\n'
    + `Installing pkg-${pkg.version}...\nExtracting pkg-${pkg.version}: .......... done\n`);
  installPackage(context.root, pkg, false, context.root === '/' ? HOST_PKG : IN_JAIL_PKG);
}

function ensureBootstrapped(context: Context): void {
  if (isBootstrapped(context.root)) return;
  if (!confirm(context, 'The package management tool is not yet installed on your system.\nDo you want to fetch and install it now? [y/N]: ')) throw new ToolExit(1);
  bootstrap(context, false);
}

function closure(names: string[]): FixturePackage[] {
  const ordered: FixturePackage[] = [];
  const visit = (name: string) => {
    const fixture = findFixture(name);
    if (!fixture || ordered.includes(fixture)) return;
    fixture.deps.forEach(visit);
    ordered.push(fixture);
  };
  names.forEach(visit);
  return ordered;
}

const mebibytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1048576))} MiB`;

function install(context: Context, names: string[]): void {
  ensureBootstrapped(context);
  process.stdout.write('Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\n');
  for (const name of names) {
    if (!findFixture(name)) fail('pkg', `No packages available to install matching '${name}' have been found in the repositories`);
  }
  const installed = installedPackages(context.root);
  const plan = closure(names).filter((fixture) => !installed.some((existing) => existing.name === fixture.name));
  if (plan.length === 0) {
    process.stdout.write('Checking integrity... done (0 conflicting)\nThe most recent versions of packages are already installed\n');
    return;
  }
  for (const fixture of plan) {
    const rival = fixture.conflictGroup && installed.find((existing) => findFixture(existing.name)?.conflictGroup === fixture.conflictGroup);
    if (rival) fail('pkg', `Cannot install package: ${fixture.name}-${fixture.version} conflicts with ${rival.name}-${rival.version} (installs files into the same place)`);
  }
  const size = plan.reduce((sum, fixture) => sum + fixture.flatsize, 0);
  process.stdout.write(`The following ${plan.length} package(s) will be affected (of 0 checked):\n\nNew packages to be INSTALLED:\n`
    + plan.map((fixture) => `\t${fixture.name}: ${fixture.version} [FreeBSD]\n`).join('')
    + `\nNumber of packages to be installed: ${plan.length}\n\nThe process will require ${mebibytes(size)} more space.\n${mebibytes(size / 3)} to be downloaded.\n`);
  if (!confirm(context, '\nProceed with this action? [y/N]: ')) throw new ToolExit(1);
  if (!context.yes) process.stdout.write('\n');
  plan.forEach((fixture, index) => process.stdout.write(`[${index + 1}/${plan.length}] Fetching ${fixture.name}-${fixture.version}.pkg: .......... done\n`));
  process.stdout.write('Checking integrity... done (0 conflicting)\n');
  plan.forEach((fixture, index) => {
    process.stdout.write(`[${index + 1}/${plan.length}] Installing ${fixture.name}-${fixture.version}...\n[${index + 1}/${plan.length}] Extracting ${fixture.name}-${fixture.version}: .......... done\n`);
    installPackage(context.root, fixture, !names.includes(fixture.name), context.root === '/' ? HOST_PKG : IN_JAIL_PKG);
  });
  for (const fixture of plan.filter((candidate) => candidate.message)) {
    process.stdout.write(`=====\nMessage from ${fixture.name}-${fixture.version}:\n\n--\n${fixture.message}\n`);
  }
}

function remove(context: Context, names: string[]): void {
  ensureBootstrapped(context);
  const installed = installedPackages(context.root);
  const doomed = names.map((name) => installed.find((existing) => existing.name === name));
  if (doomed.some((entry) => entry === undefined)) {
    process.stdout.write('No packages matched for pattern \'' + names[doomed.indexOf(undefined)] + '\'\n\nChecking integrity... done (0 conflicting)\n');
    throw new ToolExit(1);
  }
  process.stdout.write('Checking integrity... done (0 conflicting)\nDeinstallation has been requested for the following 1 packages (of 0 packages in the universe):\n\nInstalled packages to be REMOVED:\n'
    .replace('1 packages', `${doomed.length} packages`) + doomed.map((entry) => `\t${entry?.name}: ${entry?.version}\n`).join(''));
  if (!confirm(context, '\nProceed with deinstalling packages? [y/N]: ')) throw new ToolExit(1);
  doomed.forEach((entry, index) => {
    process.stdout.write(`[${index + 1}/${doomed.length}] Deinstalling ${entry?.name}-${entry?.version}...\n`);
    removePackage(context.root, entry?.name ?? '');
  });
}

function info(context: Context, args: string[]): void {
  ensureBootstrapped(context);
  const installed = installedPackages(context.root);
  const exists = args[0] === '-e';
  const patterns = args.filter((arg) => !arg.startsWith('-'));
  const chosen = patterns.length === 0 ? installed : installed.filter((entry) => patterns.some((pattern) => pattern === entry.name || pattern === `${entry.name}-${entry.version}`));
  if (exists) throw new ToolExit(chosen.length > 0 ? 0 : 1);
  if (patterns.length > 0 && chosen.length === 0) fail('pkg', `No package(s) matching ${patterns[0]}`, 70);
  if (patterns.length === 0) {
    const width = Math.max(...chosen.map((entry) => `${entry.name}-${entry.version}`.length), 0);
    process.stdout.write(chosen.map((entry) => `${`${entry.name}-${entry.version}`.padEnd(width)} ${entry.comment}\n`).join(''));
    return;
  }
  for (const entry of chosen) {
    process.stdout.write(`${entry.name}-${entry.version}\nName           : ${entry.name}\nVersion        : ${entry.version}\nOrigin         : ${entry.origin}\nArchitecture   : ${abi()}\nPrefix         : /usr/local\nComment        : ${entry.comment}\n`);
  }
}

function search(args: string[]): void {
  const pattern = args.filter((arg) => !arg.startsWith('-')).pop() ?? '';
  const exact = args.includes('-x') ? new RegExp(pattern) : undefined;
  const found = FIXTURE_PACKAGES.filter((fixture) => (exact ? exact.test(fixture.name) : fixture.name.includes(pattern)));
  if (found.length === 0) throw new ToolExit(1);
  const width = Math.max(...found.map((fixture) => `${fixture.name}-${fixture.version}`.length));
  process.stdout.write(found.map((fixture) => `${`${fixture.name}-${fixture.version}`.padEnd(width)}  ${fixture.comment}\n`).join(''));
}

function rootFor(flag: string, value: string): string {
  if (flag !== '-j') return value;
  const jail = findJail(readJailTable().jails, value);
  if (!jail) fail('pkg', notFoundMessage(value));
  return String(jail.params.path);
}

export function runPkg(argv: string[]): void {
  const context: Context = { root: '/', yes: /^(yes|true)$/i.test(process.env.ASSUME_ALWAYS_YES ?? ''), quiet: false };
  let index = 0;
  for (; index < argv.length && argv[index].startsWith('-'); index++) {
    const flag = argv[index];
    if (['-j', '-c', '-r'].includes(flag)) context.root = rootFor(flag, argv[++index] ?? '');
    else if (flag === '-N') {
      if (!isBootstrapped(context.root)) fail('pkg', 'pkg is not installed');
      process.stdout.write(`pkg: ${installedPackages(context.root).length} packages installed\n`);
      return;
    } else if (flag === '-vv') {
      process.stdout.write(`Version                 : 2.1.2\nABI                     : ${abi()}\nREPOS_DIR [\n    "/etc/pkg/",\n    "/usr/local/etc/pkg/repos/",\n]\n\nRepositories:\n  FreeBSD: { \n    url             : "pkg+https://pkg.FreeBSD.org/${abi()}/quarterly",\n    enabled         : yes,\n    priority        : 0,\n    mirror_type     : "SRV",\n    signature_type  : "FINGERPRINTS",\n  }\n`);
      return;
    } else if (flag === '-o' || flag === '-C' || flag === '-R') index++;
  }
  const [command, ...args] = argv.slice(index);
  const options = args.filter((arg) => arg.startsWith('-'));
  if (options.some((option) => /^-[a-zA-Z]*y/.test(option))) context.yes = true;
  if (options.includes('-q')) context.quiet = true;
  if (process.geteuid?.() !== 0 && ['install', 'delete', 'remove', 'bootstrap', 'upgrade'].includes(command ?? '')) {
    fail('pkg', 'Insufficient privileges to install packages');
  }
  const names = args.filter((arg) => !arg.startsWith('-'));
  switch (command) {
    case 'bootstrap': return bootstrap(context, options.includes('-f'));
    case 'install': case 'add': return install(context, names);
    case 'delete': case 'remove': return remove(context, names);
    case 'info': return info(context, args);
    case 'search': return search(args);
    case 'update': ensureBootstrapped(context); process.stdout.write('Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\n'); return;
    case 'upgrade': ensureBootstrapped(context); process.stdout.write('Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\nChecking for upgrades (0 candidates): 100%\nProcessing candidates (0 candidates): 100%\nChecking integrity... done (0 conflicting)\nYour packages are up to date.\n'); return;
    default:
      process.stderr.write(`pkg: unknown command: ${command ?? ''}\n`);
      throw new ToolExit(1);
  }
}
