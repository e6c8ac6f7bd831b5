/**
 * The one quoting function of the extension (architecture principle 2). Everything sent to a remote shell is
 * quoted here, and its output must mean the same to the POSIX sh we wrap commands in AND to the login shell
 * that sshd hands our command line to, which on FreeBSD may be csh or tcsh (reference §7).
 *
 * Single quotes make every byte literal in sh. In csh two characters still act inside them:
 *  - `!` starts a history substitution even in `tcsh -c` ("b: Event not found." was seen here), so it is
 *    written outside the quotes as `\!`, which both shells read as a plain `!`;
 *  - a newline ends the word ("Unmatched '''."), so strings holding one cannot be sent on a command line
 *    at all; the runner sends those on standard input to `/bin/sh -s` instead (see `needsStandardInput`).
 */

export class UnquotableError extends Error {}

/** Quotes one word so that sh (and csh, for strings without newlines) reads it back byte for byte. */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new UnquotableError('a shell word cannot contain a NUL character');
  return `'${word.replace(/'/g, "'\\''").replace(/!/g, "'\\!'")}'`;
}

/** Joins argv into one sh command line, each word quoted. */
export function shellCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new UnquotableError('a command needs at least a program name');
  return argv.map(shellQuote).join(' ');
}

/** csh cannot take a newline inside quotes, so such text must travel on standard input. */
export function needsStandardInput(commandLine: string): boolean {
  return commandLine.includes('\n');
}
