/**
 * mkdir(1) while the disk-full switch is on (otherwise /bin/mkdir is busybox's straight away, catalog.ts):
 * a directory that would be made on a full file system is not, with FreeBSD's "mkdir: PATH: No space
 * left on device" (with -p, PATH is the first missing ancestor, where mkdir.c's build() stops); the other
 * operands are made by busybox, and the status is 1.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ToolExit } from './runtime/exit';
import { diskFullAt } from './runtime/faults';
import { getopt, hasFlag, ParsedOptions } from './runtime/getopt';
import { execApplet, runApplet } from './runtime/busybox';

/** The directory mkdir would create first for `operand`, undefined when it would create none. */
function firstCreated(operand: string, parents: boolean): string | undefined {
  if (!parents) return existsSync(operand) || !existsSync(dirname(operand)) ? undefined : operand;
  const components = operand.split('/');
  for (let count = 1; count <= components.length; count++) {
    const prefix = components.slice(0, count).join('/');
    if (prefix !== '' && !existsSync(prefix)) return prefix.replace(/\/+$/, '');
  }
  return undefined;
}

export function runMkdir(argv: string[]): void {
  let parsed: ParsedOptions;
  try {
    parsed = getopt(argv, 'm:pv');
  } catch {
    execApplet('mkdir', argv);
  }
  const optionWords = argv.slice(0, argv.length - parsed.operands.length);
  const made: string[] = [];
  let status = 0;
  for (const operand of parsed.operands) {
    const created = firstCreated(operand, hasFlag(parsed, 'p'));
    if (created === undefined || !diskFullAt(created)) {
      made.push(operand);
      continue;
    }
    process.stderr.write(`mkdir: ${created}: No space left on device\n`);
    status = 1;
  }
  if (made.length > 0 || parsed.operands.length === 0) status = runApplet('mkdir', [...optionWords, ...made]) || status;
  if (status !== 0) throw new ToolExit(status);
}
