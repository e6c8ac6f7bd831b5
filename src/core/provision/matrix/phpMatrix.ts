/**
 * The PHP version matrix: the same workspace served by one throwaway jail per PHP version, created in
 * parallel (the provisioner serialises only what they share), then for each version the HTTP status and
 * time of `/` and the PHP errors and warnings that request added to its log. Re-run syncs the workspace
 * into every jail and asks again; Destroy All removes them.
 *
 * Each jail's php.ini sends PHP's errors to one log file in PHP's own format, whatever the stack, so that
 * they can be read the same way everywhere.
 */
import type { ThrowawaySpec } from '../throwawaySpec';
import { parsePhpErrorLog, PhpLogEntry, severityRank } from './phpErrorLog';

export const matrixErrorLog = '/var/log/php_errors.log';

/** What the matrix needs of a created jail. */
export interface MatrixJail {
  name: string;
  php: string;
  /** The jail's root on the host. */
  path: string;
  /** Inside the jail. */
  documentRoot: string;
  address: string;
  webPort?: number;
}

export interface MatrixServices {
  /** Creates the jail, filling its document root from the workspace; undone by the provisioner on failure. */
  create(spec: ThrowawaySpec, signal: AbortSignal): Promise<{ ok: true; jail: MatrixJail } | { ok: false; message: string }>;
  /** Uploads the workspace's changes into the jail. */
  sync(jail: MatrixJail, signal: AbortSignal): Promise<void>;
  /** GET / on the jail's web server, as the tunnel would. */
  request(jail: MatrixJail, signal: AbortSignal): Promise<{ status: number; statusText: string }>;
  /** The log's bytes from `offset` on (all of it when the log is shorter, as after a rotation). */
  readLog(jail: MatrixJail, path: string, offset: number, signal: AbortSignal): Promise<Buffer>;
  destroy(names: string[]): Promise<{ name: string; ok: boolean; message?: string }[]>;
}

export type MatrixState = 'creating' | 'requesting' | 'ready' | 'failed' | 'destroying' | 'destroyed';

export interface MatrixRow {
  php: string;
  jailName: string;
  state: MatrixState;
  status?: number;
  statusText?: string;
  ms?: number;
  /** The entries the last request added to the PHP log, errors first. */
  problems: PhpLogEntry[];
  message?: string;
  address?: string;
  webPort?: number;
}

/** The spec of one version's jail: the base spec with its PHP, a name of its own, and PHP logging on. */
export function matrixSpec(base: ThrowawaySpec, php: string): ThrowawaySpec {
  const digits = php.replace('.', '');
  return {
    ...base,
    name: `${base.name}-php${digits}`.slice(0, 60),
    php,
    phpIni: { ...base.phpIni, log_errors: true, error_log: matrixErrorLog, error_reporting: 'E_ALL' },
    // The log is written by the web server's user, who may not create files in /var/log.
    provision: [`touch ${matrixErrorLog}`, `chown www:www ${matrixErrorLog}`, ...base.provision],
  };
}

export class PhpMatrix {
  readonly rows: MatrixRow[];
  private readonly jails = new Map<string, MatrixJail>();
  private readonly logOffsets = new Map<string, number>();

  constructor(private readonly services: MatrixServices, private readonly base: ThrowawaySpec, versions: string[],
    private readonly onChange: (rows: MatrixRow[]) => void = () => undefined) {
    this.rows = versions.map((php) => ({ php, jailName: matrixSpec(base, php).name, state: 'creating', problems: [] }));
  }

  private update(row: MatrixRow, change: Partial<MatrixRow>): void {
    Object.assign(row, change);
    this.onChange(this.rows);
  }

  /** Creates every version's jail at once, then asks each for its page as soon as it is up. */
  async start(signal: AbortSignal): Promise<void> {
    await Promise.all(this.rows.map(async (row) => {
      try {
        const created = await this.services.create(matrixSpec(this.base, row.php), signal);
        if (!created.ok) {
          this.update(row, { state: 'failed', message: created.message });
          return;
        }
        this.jails.set(row.php, created.jail);
        this.update(row, { address: created.jail.address, webPort: created.jail.webPort });
        await this.probe(row, signal);
      } catch (error) {
        this.update(row, { state: 'failed', message: messageOf(error) });
      }
    }));
  }

  /** Uploads the workspace again into every jail that is up, and asks each again. */
  async rerun(signal: AbortSignal): Promise<void> {
    await Promise.all(this.rows.filter((row) => this.jails.has(row.php) && row.state !== 'destroyed').map(async (row) => {
      try {
        await this.probe(row, signal, this.services.sync(this.jail(row), signal));
      } catch (error) {
        this.update(row, { state: 'failed', message: messageOf(error) });
      }
    }));
  }

  private jail(row: MatrixRow): MatrixJail {
    const jail = this.jails.get(row.php);
    if (!jail) throw new Error(`the PHP ${row.php} jail was not created`);
    return jail;
  }

  /** Asks for `/` once `ready` (a sync) is done; the log's starting point is read meanwhile, as a sync writes none. */
  private async probe(row: MatrixRow, signal: AbortSignal, ready: Promise<void> = Promise.resolve()): Promise<void> {
    const jail = this.jail(row);
    this.update(row, { state: 'requesting', message: undefined });
    const logPath = `${jail.path}${matrixErrorLog}`;
    await Promise.all([ready, this.readNewLog(jail, logPath, signal)]);
    const started = Date.now();
    const answer = await this.services.request(jail, signal);
    const ms = Date.now() - started;
    const after = await this.readNewLog(jail, logPath, signal);
    const problems = parsePhpErrorLog(after.text).sort((a, b) => severityRank(a.level) - severityRank(b.level));
    this.update(row, { state: 'ready', status: answer.status, statusText: answer.statusText, ms, problems });
  }

  /** What the log gained since the last read; PHP may write the request's lines a moment after answering. */
  private async readNewLog(jail: MatrixJail, path: string, signal: AbortSignal): Promise<{ text: string; offset: number }> {
    const offset = this.logOffsets.get(jail.php) ?? 0;
    const added = await this.services.readLog(jail, path, offset, signal);
    const next = offset + added.length;
    this.logOffsets.set(jail.php, next);
    return { text: added.toString('utf8'), offset: next };
  }

  async destroyAll(): Promise<void> {
    const names = this.rows.filter((row) => this.jails.has(row.php) && row.state !== 'destroyed').map((row) => row.jailName);
    for (const row of this.rows) if (names.includes(row.jailName)) this.update(row, { state: 'destroying' });
    if (names.length === 0) return;
    const outcomes = await this.services.destroy(names);
    for (const outcome of outcomes) {
      const row = this.rows.find((r) => r.jailName === outcome.name);
      if (!row) continue;
      if (outcome.ok) this.jails.delete(row.php);
      this.update(row, outcome.ok ? { state: 'destroyed', message: undefined } : { state: 'failed', message: outcome.message });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
