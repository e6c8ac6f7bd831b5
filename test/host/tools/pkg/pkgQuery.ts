/**
 * pkg(8)'s read-only subcommands: info (installed packages of a root), search and rquery (the fixture
 * repository), with pkg's one-line layout (name-version padded to column 31, then the comment).
 */
import { fail, ToolExit } from '../runtime/exit';
import { getopt, hasFlag, UnknownOptionError } from '../runtime/getopt';
import { FIXTURE_PACKAGES, FixturePackage } from './catalog';
import { InstalledPackage, installedPackages } from './database';

interface Described { name: string; version: string; origin: string; comment: string; flatsize: number }

const padded = (label: string, comment: string) => `${label}${' '.repeat(Math.max(1, 31 - label.length))}${comment}\n`;
const oneLine = (entry: Described) => padded(`${entry.name}-${entry.version}`, entry.comment);

function options(command: string, args: string[], spec: string): ReturnType<typeof getopt> {
  try {
    return getopt(args, spec);
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write(`pkg ${command}: ${error.message}\n`);
    throw new ToolExit(1);
  }
}

export function info(root: string, abi: string, args: string[]): void {
  const parsed = options('info', args, 'aACdDeEfgiIkloOpqrRsx');
  const installed = installedPackages(root);
  const patterns = parsed.operands;
  const matchesPattern = (entry: InstalledPackage, pattern: string) => (hasFlag(parsed, 'x') ? new RegExp(pattern).test(entry.name)
    : hasFlag(parsed, 'g') ? globPattern(pattern).test(entry.name) : pattern === entry.name || pattern === `${entry.name}-${entry.version}`);
  const chosen = patterns.length === 0 ? installed : installed.filter((entry) => patterns.some((pattern) => matchesPattern(entry, pattern)));
  if (hasFlag(parsed, 'e')) throw new ToolExit(chosen.length > 0 ? 0 : 1);
  if (patterns.length > 0 && chosen.length === 0) fail('pkg', `No package(s) matching ${patterns[0]}`, 70);
  const quiet = hasFlag(parsed, 'q');
  if (patterns.length === 0 || hasFlag(parsed, 'E') || quiet) {
    process.stdout.write(chosen.map((entry) => (quiet || hasFlag(parsed, 'E') ? `${entry.name}-${entry.version}\n` : oneLine(entry))).join(''));
    return;
  }
  for (const entry of chosen) {
    process.stdout.write(`${entry.name}-${entry.version}\nName           : ${entry.name}\nVersion        : ${entry.version}\nOrigin         : ${entry.origin}\n`
      + `Architecture   : ${abi}\nPrefix         : /usr/local\nComment        : ${entry.comment}\n`);
  }
}

function globPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** How search and rquery match a pattern against names: -e exact, -g glob, -x (search's default) regex. */
function matcher(parsed: ReturnType<typeof getopt>, pattern: string, regexByDefault: boolean): (name: string) => boolean {
  const caseless = hasFlag(parsed, 'i');
  if (hasFlag(parsed, 'e')) return (name) => (caseless ? name.toLowerCase() === pattern.toLowerCase() : name === pattern);
  if (hasFlag(parsed, 'g')) return (name) => globPattern(pattern).test(name);
  if (hasFlag(parsed, 'x') || regexByDefault) {
    const expression = new RegExp(pattern, caseless ? 'i' : '');
    return (name) => expression.test(name);
  }
  return (name) => name === pattern;
}

export function search(args: string[]): void {
  const parsed = options('search', args, 'CcDdefgiL:oqQ:rS:sUx');
  const pattern = parsed.operands[0];
  if (pattern === undefined) {
    process.stderr.write('Usage: pkg search [-eU] [-r repo] [-S search] [-L label] [-Q query-modifier]... <pkg-name>\n       pkg search [-cDdefgiopqRsUx] [-r repo] <pattern>\n\nFor more information see \'pkg help search\'.\n');
    throw new ToolExit(1);
  }
  const byOrigin = hasFlag(parsed, 'o');
  const matches = matcher(parsed, pattern, true);
  const found = FIXTURE_PACKAGES.filter((fixture) => matches(byOrigin ? fixture.origin : fixture.name));
  if (found.length === 0) throw new ToolExit(1);
  const quiet = hasFlag(parsed, 'q');
  process.stdout.write(found.map((fixture) => {
    const label = byOrigin ? fixture.origin : `${fixture.name}-${fixture.version}`;
    return quiet ? `${label}\n` : padded(label, fixture.comment);
  }).join(''));
}

const humanSize = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)}MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)}KiB` : `${bytes}B`);

function format(template: string, fixture: FixturePackage, abi: string): string {
  return template.replace(/%(sb|sh|[nvocdeaqwl%])/g, (_, code: string) => {
    switch (code) {
      case 'n': return fixture.name;
      case 'v': return fixture.version;
      case 'o': return fixture.origin;
      case 'c': return fixture.comment;
      case 'e': return fixture.comment;
      case 'q': return abi;
      case 'w': return 'https://www.FreeBSD.org/';
      case 'l': return '';
      case 'sb': return String(fixture.flatsize);
      case 'sh': return humanSize(fixture.flatsize);
      case '%': return '%';
      default: return '';
    }
  }).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

export function rquery(abi: string, args: string[]): void {
  const parsed = options('rquery', args, 'aegiIr:U:x');
  const [template, ...patterns] = parsed.operands;
  if (template === undefined) {
    process.stderr.write('Usage: pkg rquery [-r reponame] [-I|<query-format>] <pkg-name>\n       pkg rquery [-a] [-r reponame] [-I|<query-format>]\n       pkg rquery -e <evaluation> [-r reponame] <query-format>\n       pkg rquery [-x|-g] [-r reponame] [-I|<query-format>] <pattern> <...>\n\nFor more information see \'pkg help rquery\'.\n');
    throw new ToolExit(1);
  }
  const all = hasFlag(parsed, 'a') || patterns.length === 0;
  const found = all ? FIXTURE_PACKAGES : FIXTURE_PACKAGES.filter((fixture) => patterns.some((pattern) => matcher(parsed, pattern, false)(fixture.name)));
  process.stdout.write(found.map((fixture) => `${format(template, fixture, abi)}\n`).join(''));
  if (found.length === 0) throw new ToolExit(1);
}
