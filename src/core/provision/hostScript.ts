/**
 * How provisioning talks to a host: whole sh scripts, one exec round trip each, run as root through the
 * runner (which adds doas/sudo). Every value in them is quoted by the one quoting function. A script that
 * fails gives FreeBSD's own message, the last lines its tools printed.
 */
import { freebsdPath } from '../freebsd/sectionedScript';
import { shellQuote } from '../ssh/shellQuote';
import type { ScriptOutput } from '../ssh/commandRunner';

export interface HostShell {
  runScript(script: string, options?: { privileged?: boolean; signal?: AbortSignal; timeoutMs?: number }): Promise<ScriptOutput>;
}

export const q = shellQuote;

/** A step's script failed on the host: `message` is what FreeBSD said. */
export class HostScriptError extends Error {
  constructor(readonly what: string, readonly freebsdMessage: string, readonly exitCode: number) {
    super(freebsdMessage ? `${what}: ${freebsdMessage}` : `${what} failed (exit status ${exitCode})`);
  }
}

const maxMessageLines = 25;

/** The tail of what the tools printed, errors first. */
export function freebsdMessage(output: ScriptOutput): string {
  const text = output.stderr.trim() || output.stdout.trim();
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return lines.slice(-maxMessageLines).join('\n');
}

/** FreeBSD's PATH, stop at the first failure, and files readable by the jail's services. */
export function scriptText(body: string): string {
  return `PATH=${freebsdPath}; export PATH\nset -e\numask 022\n${body}\n`;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs a provisioning script as root; resolves to its stdout, rejects with FreeBSD's message. */
export async function runAsRoot(shell: HostShell, what: string, body: string, options: RunOptions = {}): Promise<string> {
  const output = await shell.runScript(scriptText(body), { privileged: true, signal: options.signal, timeoutMs: options.timeoutMs });
  if (output.exitCode !== 0) throw new HostScriptError(what, freebsdMessage(output), output.exitCode);
  return output.stdout;
}

/** A shell line writing `content` to `path` exactly (printf, so no trailing newline is added). */
export function writeFileLine(path: string, content: string): string {
  return `printf '%s' ${q(content)} > ${q(path)}`;
}

/** The lines that make a file's directory and write it. */
export function installFileLines(path: string, content: string): string[] {
  return [`mkdir -p ${q(path.slice(0, path.lastIndexOf('/')) || '/')}`, writeFileLine(path, content)];
}

/**
 * A line that makes a ZFS dataset unless it exists. Creations on one host run in parallel and may make the
 * same parent at once; losing that race is not a failure. Another failure is shown by creating once more.
 */
export function ensureDatasetLine(dataset: string, options: string[] = []): string {
  const exists = `zfs list -H -o name ${q(dataset)} >/dev/null 2>&1`;
  const create = ['zfs create -p', ...options.map(q), q(dataset)].join(' ');
  return `${exists} || ${create} 2>/dev/null || ${exists} || ${create}`;
}
