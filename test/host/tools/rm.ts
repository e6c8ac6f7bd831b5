/**
 * rm(1) as FreeBSD's: -f, -r/-R, -d, -v (-i, -I, -P, -W, -x accepted), fts-style post-order removal, and
 * rm.c's messages ("rm: X: Operation not permitted", "rm: X: is a directory", "rm: X: Directory not
 * empty"). Files whose chflags forbid it (schg, uchg, sappnd, …) are not removed; as root, -f first
 * clears user flags (uchg, uappnd) the way rm.c does.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ToolExit } from './runtime/exit';
import { strerror } from './runtime/strerror';
import { getopt, UnknownOptionError } from './runtime/getopt';
import { withStateLock } from './runtime/stateStore';
import { prisonOf, readKernelTable } from './kernel/jailTable';
import { FlagTable, forgetFlags, hostPathOf, readFlags, unlinkForbidden, writeFlags } from './host/fileFlags';

const USAGE = 'usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [--] file\n';
const EX_USAGE = 64;

class Failure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Options { force: boolean; recursive: boolean; directories: boolean; verbose: boolean }

class Remover {
  status = 0;
  /** Host paths removed, and those whose user flags -f cleared: applied to the stored flags at the end. */
  readonly removed: string[] = [];
  readonly cleared: string[] = [];

  constructor(private readonly options: Options, private readonly flags: FlagTable, private readonly hostPath: (path: string) => string) {}

  private warn(path: string, code: string): void {
    process.stderr.write(`rm: ${path}: ${strerror(code)}\n`);
    this.status = 1;
  }

  /** Unlinks a file or removes an empty directory, as the kernel would with the file's flags. */
  private removeOne(path: string, directory: boolean): void {
    const host = this.hostPath(path);
    if (this.options.force && process.geteuid?.() === 0) {
      const own = this.flags[host] ?? [];
      if (own.some((flag) => flag === 'uchg' || flag === 'uappnd') && !own.some((flag) => flag === 'schg' || flag === 'sappnd')) {
        this.flags[host] = own.filter((flag) => flag !== 'uchg' && flag !== 'uappnd');
        this.cleared.push(host);
      }
    }
    if (unlinkForbidden(this.flags, host)) throw new Failure('EPERM');
    try {
      if (directory) rmdirSync(path);
      else unlinkSync(path);
    } catch (error) {
      throw new Failure((error as NodeJS.ErrnoException).code ?? 'EINVAL');
    }
    forgetFlags(this.flags, host);
    this.removed.push(host);
    if (this.options.verbose) process.stdout.write(`${path}\n`);
  }

  /** Post-order traversal; returns whether everything under and including `path` went. */
  private removeTree(path: string): boolean {
    let complete = true;
    for (const entry of readdirSync(path)) {
      const child = join(path, entry);
      const isDirectory = lstatSync(child).isDirectory();
      if (isDirectory) complete = this.removeTree(child) && complete;
      else complete = this.attempt(child, false) && complete;
    }
    // A directory whose entries stayed is still tried: rmdir's "Directory not empty" follows their errors.
    return this.attempt(path, true) && complete;
  }

  private attempt(path: string, directory: boolean): boolean {
    try {
      this.removeOne(path, directory);
      return true;
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      this.warn(path, error.code);
      return false;
    }
  }

  remove(path: string): void {
    const bare = path.replace(/\/+$/, '');
    const last = bare.slice(bare.lastIndexOf('/') + 1);
    if (this.options.recursive && (bare === '' || path === '/')) {
      process.stderr.write('rm: "/" may not be removed\n');
      this.status = 1;
      return;
    }
    if (last === '.' || last === '..') {
      process.stderr.write('rm: "." and ".." may not be removed\n');
      this.status = 1;
      return;
    }
    let isDirectory: boolean;
    try {
      isDirectory = lstatSync(path).isDirectory();
    } catch {
      if (!this.options.force) this.warn(path, 'ENOENT');
      return;
    }
    if (isDirectory && this.options.recursive) {
      this.removeTree(path);
      return;
    }
    if (isDirectory && !this.options.directories) {
      process.stderr.write(`rm: ${path}: is a directory\n`);
      this.status = 1;
      return;
    }
    this.attempt(path, isDirectory);
  }
}

export function runRm(argv: string[]): void {
  let parsed;
  try {
    parsed = getopt(argv, 'dfiIPRrvWx');
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write(`rm: ${error.message}\n${USAGE}`);
    throw new ToolExit(EX_USAGE);
  }
  const options: Options = { force: false, recursive: false, directories: false, verbose: false };
  for (const { flag } of parsed.options) {
    if (flag === 'f') options.force = true;
    else if (flag === 'i') options.force = false;
    else if (flag === 'r' || flag === 'R') options.recursive = true;
    else if (flag === 'd') options.directories = true;
    else if (flag === 'v') options.verbose = true;
  }
  if (parsed.operands.length === 0) {
    if (options.force) return;
    process.stderr.write(USAGE);
    throw new ToolExit(EX_USAGE);
  }
  const prison = prisonOf(readKernelTable().jails);
  const remover = new Remover(options, readFlags(), (path) => hostPathOf(path, prison));
  parsed.operands.forEach((operand) => remover.remove(operand));
  if (remover.removed.length > 0 || remover.cleared.length > 0) {
    withStateLock(() => {
      const flags = readFlags();
      for (const path of remover.cleared) if (flags[path]) flags[path] = flags[path].filter((flag) => flag !== 'uchg' && flag !== 'uappnd');
      remover.removed.forEach((path) => forgetFlags(flags, path));
      writeFlags(flags);
    });
  }
  if (remover.status !== 0) throw new ToolExit(remover.status);
}
