/**
 * getopt(3) as FreeBSD's tools use it: short options, clustered flags, option arguments attached or
 * separate, parsing stops at the first operand or at "--".
 */
import { ToolExit } from './exit';

export interface ParsedOptions {
  options: Array<{ flag: string; value?: string }>;
  operands: string[];
}

export class UnknownOptionError extends Error {
  constructor(readonly flag: string, readonly missingArgument: boolean) {
    super(missingArgument ? `option requires an argument -- ${flag}` : `illegal option -- ${flag}`);
  }
}

/** `spec` is getopt's option string, e.g. "adj:hNnqsv". */
export function getopt(argv: string[], spec: string): ParsedOptions {
  const options: ParsedOptions['options'] = [];
  let index = 0;
  while (index < argv.length) {
    const word = argv[index];
    if (word === '--') { index++; break; }
    if (!word.startsWith('-') || word === '-') break;
    for (let at = 1; at < word.length; at++) {
      const flag = word[at];
      const position = spec.indexOf(flag);
      if (flag === ':' || position < 0) throw new UnknownOptionError(flag, false);
      if (spec[position + 1] !== ':') { options.push({ flag }); continue; }
      let value = word.slice(at + 1);
      if (value === '') {
        index++;
        if (index >= argv.length) throw new UnknownOptionError(flag, true);
        value = argv[index];
      }
      options.push({ flag, value });
      break;
    }
    index++;
  }
  return { options, operands: argv.slice(index) };
}

/** The value of the last occurrence of a flag, if any. */
export function lastValue(parsed: ParsedOptions, flag: string): string | undefined {
  return parsed.options.filter((option) => option.flag === flag).pop()?.value;
}

export function hasFlag(parsed: ParsedOptions, flag: string): boolean {
  return parsed.options.some((option) => option.flag === flag);
}

/** getopt for a tool: on a bad option prints "PROG: illegal option -- x" and the usage text, exit 1. */
export function parseOptions(program: string, argv: string[], spec: string, usageText: string): ParsedOptions {
  try {
    return getopt(argv, spec);
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    process.stderr.write(`${program}: ${error.message}\n${usageText}\n`);
    throw new ToolExit(1);
  }
}
