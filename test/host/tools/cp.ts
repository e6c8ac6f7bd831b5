/**
 * cp(1) while the disk-full switch is on (otherwise /bin/cp is busybox's straight away, catalog.ts): a
 * copy whose destination is on a full file system fails as FreeBSD's cp reports it, "cp: DEST: No space
 * left on device" (DEST the target, or TARGET/NAME when copying into a directory); the next source is
 * still tried and the status is 1, except that a directory copied with -R/-a stops cp at once (err(3) on
 * its mkdir). Every other copy is busybox's.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { ToolExit } from './runtime/exit';
import { diskFullAt } from './runtime/faults';
import { getopt, ParsedOptions } from './runtime/getopt';
import { execApplet, runApplet } from './runtime/busybox';

const withoutTrailingSlashes = (path: string) => path.replace(/(.)\/+$/, '$1');

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function runCp(argv: string[]): void {
  let parsed: ParsedOptions;
  try {
    parsed = getopt(argv, 'HLPRafilNnprsvx');
  } catch {
    execApplet('cp', argv);
  }
  const { operands } = parsed;
  if (operands.length < 2) execApplet('cp', argv);
  const optionWords = argv.slice(0, argv.length - operands.length);
  const target = withoutTrailingSlashes(operands[operands.length - 1]);
  const sources = operands.slice(0, -1);
  const intoDirectory = isDirectory(target);
  if (sources.length > 1 && !intoDirectory) execApplet('cp', argv);
  const recursive = parsed.options.some((option) => 'Rra'.includes(option.flag));
  const copied: string[] = [];
  const copyAllowed = () => (copied.length === 0 ? 0 : runApplet('cp', [...optionWords, ...copied, operands[operands.length - 1]]));
  let status = 0;
  for (const source of sources) {
    const destination = intoDirectory ? `${target}/${basename(withoutTrailingSlashes(source))}` : target;
    if (!diskFullAt(destination)) {
      copied.push(source);
      continue;
    }
    process.stderr.write(`cp: ${destination}: No space left on device\n`);
    status = 1;
    if (recursive && isDirectory(source)) {
      copyAllowed();
      throw new ToolExit(1);
    }
  }
  status = copyAllowed() || status;
  if (status !== 0) throw new ToolExit(status);
}
