/**
 * tar(1) as FreeBSD's bsdtar is used by jail managers: reading detects xz and gzip archives by their
 * magic bytes (busybox needs -J/-z), and bsdtar-only options such as --unlink are accepted.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ToolExit } from './runtime/exit';
import { assertWritable, NoSpaceError } from './runtime/faults';
import { BUSYBOX } from './runtime/busybox';
import { placeExtracted } from './tarSecureExtract';

const IGNORED = new Set(['--unlink', '--unlink-first', '--no-same-owner', '--same-owner', '--numeric-owner', '--fast-read']);

function compressionFlag(file: string): string | undefined {
  const magic = Buffer.alloc(6);
  try {
    const descriptor = openSync(file, 'r');
    readSync(descriptor, magic, 0, 6, 0);
    closeSync(descriptor);
  } catch {
    return undefined;
  }
  if (magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return '-J';
  if (magic[0] === 0x1f && magic[1] === 0x8b) return '-z';
  return undefined;
}

/** The archive named by -f (in "-xf FILE", "-x -f FILE", "xf FILE" or "-fFILE"). */
function archiveOf(argv: string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    const bundled = index === 0 && /^[a-zA-Z]+$/.test(word) ? `-${word}` : word;
    if (!/^-[a-zA-Z]+/.test(bundled) || bundled.startsWith('--')) continue;
    const at = bundled.indexOf('f');
    if (at < 0) continue;
    return at === bundled.length - 1 ? argv[index + 1] : bundled.slice(at + 1);
  }
  return undefined;
}

/** Where an extraction writes: -C DIR, else the working directory. */
function extractionTarget(args: string[]): string {
  const at = args.lastIndexOf('-C');
  return resolve(at >= 0 && args[at + 1] ? args[at + 1] : process.cwd());
}

/** The options busybox is given for an extraction: -x, the letters it shares with bsdtar, --strip-components. */
function extractOptions(args: string[]): string[] {
  const letters = new Set<string>();
  args.forEach((word, i) => {
    const bundled = i === 0 && /^[a-zA-Z]+$/.test(word) ? `-${word}` : word;
    if (/^-[a-zA-Z]+$/.test(bundled)) for (const letter of bundled.slice(1, bundled.includes('f') ? bundled.indexOf('f') : undefined)) if ('vmok'.includes(letter)) letters.add(letter);
  });
  const strip = args.indexOf('--strip-components');
  return [`-x${[...letters].join('')}`, ...(strip >= 0 ? ['--strip-components', args[strip + 1]] : [])];
}

export function runTar(argv: string[]): void {
  const args = argv.filter((word) => !IGNORED.has(word));
  const reading = /^-?[a-zA-Z]*[xt]/.test(args[0] ?? '') || args.some((word) => /^-[a-zA-Z]*[xt]/.test(word));
  const extracting = /^-?[a-zA-Z]*x/.test(args[0] ?? '') || args.some((word) => /^-[a-zA-Z]*x/.test(word));
  try {
    if (extracting) assertWritable(extractionTarget(args));
  } catch (error) {
    if (!(error instanceof NoSpaceError)) throw error;
    process.stderr.write('tar: ./COPYRIGHT: Write failed: No space left on device\ntar: Error exit delayed from previous errors.\n');
    throw new ToolExit(1);
  }
  const archive = reading ? archiveOf(args) : undefined;
  const flag = archive && archive !== '-' ? compressionFlag(archive) : undefined;
  if (!extracting || args.includes('-P')) {
    const result = spawnSync(BUSYBOX, ['tar', ...(flag ? [flag] : []), ...args], { stdio: 'inherit' });
    throw new ToolExit(result.status ?? 1);
  }
  const target = extractionTarget(args);
  const staging = mkdtempSync('/tmp/.tar-');
  try {
    // The archive is kept (standard input too), so that its own names can be listed before extracting it.
    const kept = join(staging, 'archive');
    if (archive === undefined || archive === '-') writeFileSync(kept, readFileSync(0));
    else copyFileSync(resolve(archive), kept);
    const compression = compressionFlag(kept);
    const listed = spawnSync(BUSYBOX, ['tar', ...(compression ? [compression] : []), '-tf', kept], { encoding: 'utf8' });
    const entries = new Set(listed.stdout.split('\n').filter(Boolean).map((name) => name.replace(/^\.\//, '').replace(/\/$/, '')));
    const tree = join(staging, 'tree');
    mkdirSync(tree);
    const result = spawnSync(BUSYBOX, ['tar', ...(compression ? [compression] : []), ...extractOptions(args), '-f', kept, '-C', tree], { stdio: 'inherit' });
    const refused = placeExtracted(tree, target, entries, argv.includes('--unlink') || argv.includes('--unlink-first'));
    if (refused.length) {
      process.stderr.write(`${refused.join('\n')}\ntar: Error exit delayed from previous errors.\n`);
      throw new ToolExit(1);
    }
    throw new ToolExit(result.status ?? 1);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
