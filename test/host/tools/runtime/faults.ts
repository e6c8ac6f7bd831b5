/**
 * Faults a test injects (index.ts: injectFault, setDiskFull), kept in the instance's state as the
 * "faults" document: a rule makes the next matching run of a simulated tool print what it says and exit
 * with its status instead of running; the disk-full switch makes the tools' writes under a path fail with
 * ENOSPC, as a full file system would.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ToolExit } from './exit';
import { readState, withStateLock, writeState } from './stateStore';
import { prisonOf, readKernelTable } from '../kernel/jailTable';

export interface FaultRule {
  /** Tool name as installed: pkg, jail, zfs, tar, service, httpd, php-fpm… */
  command: string;
  /** A word that must be among the arguments (a subcommand such as "install" or "clone"). */
  when?: string;
  /** Further words that must all be among the arguments. */
  argvIncludes?: string[];
  stdout?: string;
  stderr?: string;
  exitCode: number;
  /** How many matching runs fail; every one when absent. */
  times?: number;
}

export interface FaultState {
  rules: FaultRule[];
  /** Tree paths under which writes fail with "No space left on device". */
  fullPaths: string[];
}

export const FAULTS_DOCUMENT = 'faults';
/** A file beside the state documents that exists while any path is full: cheap to test from a shell stub. */
export const DISK_FULL_MARKER = 'disk-full';
const empty = (): FaultState => ({ rules: [], fullPaths: [] });

function matches(rule: FaultRule, tool: string, argv: string[]): boolean {
  return rule.command === tool && (rule.when === undefined || argv.includes(rule.when))
    && (rule.argvIncludes ?? []).every((word) => argv.includes(word));
}

/** The rule that makes this run fail, counting it against the rule's `times`. */
export function takeFault(tool: string, argv: string[]): FaultRule | undefined {
  if (readState<FaultState>(FAULTS_DOCUMENT, empty).rules.length === 0) return undefined;
  return withStateLock(() => {
    const state = readState<FaultState>(FAULTS_DOCUMENT, empty);
    const rule = state.rules.find((candidate) => matches(candidate, tool, argv));
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) state.rules = state.rules.filter((candidate) => candidate !== rule);
      writeState(FAULTS_DOCUMENT, state);
    }
    return rule;
  });
}

export class NoSpaceError extends Error {
  constructor(readonly path: string) {
    super(`${path}: No space left on device`);
  }
}

function fullPaths(): string[] {
  return readState<FaultState>(FAULTS_DOCUMENT, empty).fullPaths;
}

function covered(full: string[], treePath: string): boolean {
  const normalised = treePath.replace(/\/+$/, '') || '/';
  return full.some((prefix) => normalised === prefix || normalised.startsWith(`${prefix === '/' ? '' : prefix}/`));
}

/** Throws NoSpaceError when the disk-full switch covers the tree path `path`. */
export function assertWritable(path: string): void {
  if (covered(fullPaths(), path)) throw new NoSpaceError(path);
}

/**
 * Whether a write to `path`, as the calling process names it (relative to its working directory, inside
 * its jail, through symbolic links), lands on a file system the disk-full switch covers.
 */
export function diskFullAt(path: string): boolean {
  const full = fullPaths();
  if (full.length === 0) return false;
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && existing !== '/') {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  const real = join(realpathSync(existing), ...rest);
  const jailRoot = String(prisonOf(readKernelTable().jails)?.params.path ?? '/');
  return covered(full, jailRoot === '/' ? real : join(jailRoot, real));
}

/** Ends the run the way a FreeBSD tool reports a failed write (warn(3)): "TOOL: PATH: No space left on device". */
export function failIfDiskFull(tool: string, path: string): void {
  if (!diskFullAt(path)) return;
  process.stderr.write(`${tool}: ${path}: No space left on device\n`);
  throw new ToolExit(1);
}
