/** How a simulated tool ends: with an exit status, after whatever it printed. */

export class ToolExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/** err(3)/errx(3) style: "prog: message" on stderr, then exit. */
export function fail(program: string, message: string, status = 1): never {
  process.stderr.write(`${program}: ${message}\n`);
  throw new ToolExit(status);
}

/** A usage text printed verbatim on stderr, then exit. */
export function usage(text: string, status = 1): never {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  throw new ToolExit(status);
}
