/**
 * pkg(8) against the fixture repository: bootstrap, install, delete, info, search, rquery, update, upgrade,
 * -N and -vv, on the host or on another root (-j jail, -c chroot, -r rootdir), with pkg's messages,
 * prompts and exit statuses.
 */
import { readFileSync } from 'node:fs';
import { fail, ToolExit } from '../runtime/exit';
import { NoSpaceError } from '../runtime/faults';
import { hostConfig } from '../runtime/stateStore';
import { findJail, notFoundMessage, readJailTable } from '../kernel/jailTable';
import { findFixture, FixturePackage } from './catalog';
import { ExtractError, InstalledPackage, installedPackages, installPackage, isBootstrapped, removePackage } from './database';
import { info, rquery, search } from './pkgQuery';

// The same stub serves the host and a started jail, where the simulator's runtime is bound on /.simulator.
const PKG_STUB = '#!/.simulator/bin/node\nrequire("/.simulator/tools.cjs").run("pkg");\n';
const CATALOGUE_UP_TO_DATE = 'Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\nAll repositories are up to date.\n';

interface Context { root: string; yes: boolean; quiet: boolean }

function abi(): string {
  return `FreeBSD:${hostConfig().release.split('.')[0]}:${hostConfig().machine}`;
}

function say(context: Context, text: string): void {
  if (!context.quiet) process.stdout.write(text);
}

function confirm(context: Context, question: string): boolean {
  if (context.yes) return true;
  process.stdout.write(question);
  let answer = '';
  try { answer = readFileSync(0, 'utf8').split('\n')[0]; } catch { /* no input */ }
  if (!/^y/i.test(answer)) process.stdout.write('\n');
  return /^y/i.test(answer);
}

/** Writes a package, turning a full or read-only file system into pkg's own complaint. */
function extract(context: Context, fixture: FixturePackage, automatic: boolean): string {
  try {
    return installPackage(context.root, fixture, automatic, PKG_STUB);
  } catch (error) {
    if (error instanceof ExtractError) return fail('pkg', error.message);
    if (!(error instanceof NoSpaceError)) throw error;
    // pkg -j/-c/-r works inside the root (jail_attach, chroot, rootfd): its paths are the root's own.
    return fail('pkg', `Fail to create temporary file: /usr/local/.pkgtemp.${fixture.name}:No space left on device`);
  }
}

function bootstrap(context: Context, force: boolean): void {
  if (isBootstrapped(context.root) && !force) {
    process.stdout.write('pkg(8) already installed, use -f to force.\n');
    return;
  }
  const pkg = findFixture('pkg') as FixturePackage;
  say(context, `Bootstrapping pkg from pkg+https://pkg.FreeBSD.org/${abi()}/quarterly, please wait...\n`
    + 'Verifying signature with trusted certificate pkg.freebsd.org.2013102301... done\n'
    + `Installing pkg-${pkg.version}...\nExtracting pkg-${pkg.version}: .......... done\n`);
  extract(context, pkg, false);
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

/** pkgdb's registration error when a package of a conflict group meets an installed one (their files overlap). */
function refuseConflict(context: Context, fixture: FixturePackage): void {
  if (!fixture.conflictGroup) return;
  const rival = installedPackages(context.root).find((entry) => entry.name !== fixture.name && findFixture(entry.name)?.conflictGroup === fixture.conflictGroup);
  if (!rival) return;
  const shared = Object.keys(fixture.files).find((path) => rival.files.includes(path)) ?? Object.keys(fixture.files)[0];
  fail('pkg', `${fixture.name}-${fixture.version} conflicts with ${rival.name}-${rival.version} (installs files into the same place).  Problematic file: ${shared}`);
}

function install(context: Context, names: string[]): void {
  ensureBootstrapped(context);
  say(context, CATALOGUE_UP_TO_DATE);
  for (const name of names) {
    if (!findFixture(name)) fail('pkg', `No packages available to install matching '${name}' have been found in the repositories`);
  }
  const installed = installedPackages(context.root);
  const plan = closure(names).filter((fixture) => !installed.some((existing) => existing.name === fixture.name));
  if (plan.length === 0) {
    say(context, 'Checking integrity... done (0 conflicting)\nThe most recent versions of packages are already installed\n');
    return;
  }
  const size = plan.reduce((sum, fixture) => sum + fixture.flatsize, 0);
  say(context, `The following ${plan.length} package(s) will be affected (of 0 checked):\n\nNew packages to be INSTALLED:\n`
    + plan.map((fixture) => `\t${fixture.name}: ${fixture.version} [FreeBSD]\n`).join('')
    + `\nNumber of packages to be installed: ${plan.length}\n\nThe process will require ${mebibytes(size)} more space.\n${mebibytes(size / 3)} to be downloaded.\n`);
  if (!confirm(context, '\nProceed with this action? [y/N]: ')) throw new ToolExit(1);
  if (!context.yes) process.stdout.write('\n');
  plan.forEach((fixture, index) => say(context, `[${index + 1}/${plan.length}] Fetching ${fixture.name}-${fixture.version}.pkg: .......... done\n`));
  say(context, 'Checking integrity... done (0 conflicting)\n');
  plan.forEach((fixture, index) => {
    say(context, `[${index + 1}/${plan.length}] Installing ${fixture.name}-${fixture.version}...\n`);
    refuseConflict(context, fixture);
    say(context, `[${index + 1}/${plan.length}] Extracting ${fixture.name}-${fixture.version}: .......... done\n`);
    process.stdout.write(extract(context, fixture, !names.includes(fixture.name)));
  });
  for (const fixture of plan.filter((candidate) => candidate.message)) {
    process.stdout.write(`=====\nMessage from ${fixture.name}-${fixture.version}:\n\n--\n${fixture.message}\n`);
  }
}

function remove(context: Context, names: string[]): void {
  ensureBootstrapped(context);
  const installed = installedPackages(context.root);
  const doomed = names.map((name) => installed.find((existing) => existing.name === name || `${existing.name}-${existing.version}` === name));
  const missing = doomed.indexOf(undefined);
  if (missing >= 0) {
    process.stdout.write(`No packages matched for pattern '${names[missing]}'\n\nChecking integrity... done (0 conflicting)\n`);
    throw new ToolExit(1);
  }
  const chosen = doomed as InstalledPackage[];
  say(context, `Checking integrity... done (0 conflicting)\nDeinstallation has been requested for the following ${chosen.length} packages (of 0 packages in the universe):\n\nInstalled packages to be REMOVED:\n`
    + chosen.map((entry) => `\t${entry.name}: ${entry.version}\n`).join('')
    + `\nNumber of packages to be removed: ${chosen.length}\n\nThe operation will free ${mebibytes(chosen.reduce((sum, entry) => sum + entry.flatsize, 0))}.\n`);
  if (!confirm(context, '\nProceed with deinstalling packages? [y/N]: ')) throw new ToolExit(1);
  chosen.forEach((entry, index) => {
    say(context, `[${index + 1}/${chosen.length}] Deinstalling ${entry.name}-${entry.version}...\n`);
    process.stdout.write(removePackage(context.root, entry.name, findFixture(entry.name)));
    say(context, `[${index + 1}/${chosen.length}] Deleting files for ${entry.name}-${entry.version}: .......... done\n`);
  });
}

function rootFor(flag: string, value: string): string {
  if (flag !== '-j') return value;
  const jail = findJail(readJailTable().jails, value);
  if (!jail) fail('pkg', notFoundMessage(value));
  return String(jail.params.path);
}

function verbose(): string {
  return `Version                 : 2.1.2\nABI                     : ${abi()}\nREPOS_DIR [\n    "/etc/pkg/",\n    "/usr/local/etc/pkg/repos/",\n]\n\nRepositories:\n  FreeBSD: { \n    url             : "pkg+https://pkg.FreeBSD.org/${abi()}/quarterly",\n    enabled         : yes,\n    priority        : 0,\n    mirror_type     : "SRV",\n    signature_type  : "FINGERPRINTS",\n  }\n`;
}

const MODIFYING = ['install', 'add', 'delete', 'remove', 'bootstrap', 'upgrade'];

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
      process.stdout.write(verbose());
      return;
    } else if (flag === '-o' || flag === '-C' || flag === '-R') index++;
  }
  const [command, ...args] = argv.slice(index);
  const options = args.filter((arg) => arg.startsWith('-'));
  if (options.some((option) => /^-[a-zA-Z]*y/.test(option))) context.yes = true;
  if (options.some((option) => /^-[a-zA-Z]*q/.test(option))) context.quiet = true;
  if (process.geteuid?.() !== 0 && MODIFYING.includes(command ?? '')) fail('pkg', 'Insufficient privileges to install packages');
  const names = args.filter((arg) => !arg.startsWith('-'));
  switch (command) {
    case 'bootstrap': return bootstrap(context, options.some((option) => /^-[a-zA-Z]*f/.test(option)));
    case 'install': case 'add': return install(context, names);
    case 'delete': case 'remove': return remove(context, names);
    case 'info': ensureBootstrapped(context); return info(context.root, abi(), args);
    case 'search': return search(args);
    case 'rquery': return rquery(abi(), args);
    case 'update': ensureBootstrapped(context); say(context, CATALOGUE_UP_TO_DATE); return;
    case 'upgrade': ensureBootstrapped(context); say(context, `${CATALOGUE_UP_TO_DATE}Checking for upgrades (0 candidates): 100%\nProcessing candidates (0 candidates): 100%\nChecking integrity... done (0 conflicting)\nYour packages are up to date.\n`); return;
    default:
      process.stderr.write(`pkg: unknown command: ${command ?? ''}\n`);
      throw new ToolExit(1);
  }
}
