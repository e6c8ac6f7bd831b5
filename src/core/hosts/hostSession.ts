/**
 * One host as the tree sees it: a small state machine (idle → connecting → connected | failed) over a
 * connection that can run a script. Probing happens once per connection; a refresh is one more round trip.
 * Concurrent refreshes share the one in flight, so a burst of clicks and polls costs one exec.
 */
import { randomBytes } from 'node:crypto';
import { Inventory, InventoryOptions, inventoryScript, parseInventory } from './inventory';
import { HostCapabilities, parseProbe, probeScript } from './probe';

export interface ScriptResult {
  stdout: string;
  exitCode: number;
}

/** What a session needs of a connection (the SSH layer provides it; tests may give a local shell). */
export interface ScriptRunner {
  runScript(script: string, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ScriptResult>;
}

export type HostState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected'; capabilities: HostCapabilities; inventory: Inventory; refreshedAt: Date }
  | { kind: 'failed'; message: string; capabilities?: HostCapabilities };

export function newNonce(): string {
  return randomBytes(9).toString('hex');
}

/** Probes a host in one round trip; rejects with NotFreeBSDError, ProbeOutputError or the SSH layer's error. */
export async function probeHost(runner: ScriptRunner, makeNonce: () => string = newNonce): Promise<HostCapabilities> {
  const nonce = makeNonce();
  const probe = await runner.runScript(probeScript(nonce));
  return parseProbe(probe.stdout, nonce);
}

export class HostSession {
  private current: HostState = { kind: 'idle' };
  private capabilities: HostCapabilities | undefined;
  private inFlight: Promise<HostState> | undefined;
  private followUp: Promise<HostState> | undefined;
  private readonly listeners = new Set<(state: HostState) => void>();

  constructor(
    readonly name: string,
    private readonly connect: () => Promise<ScriptRunner>,
    private readonly makeNonce: () => string = newNonce,
    /** Read at each refresh, so that a changed setting shows at the next one. */
    private readonly inventoryOptions: () => InventoryOptions = () => ({}),
  ) {}

  get state(): HostState {
    return this.current;
  }

  onDidChange(listener: (state: HostState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects (and probes) when needed, then reads the inventory. Never rejects: failures become state. */
  refresh(): Promise<HostState> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * A refresh that reads the host after this call, for a caller that just changed it (started a jail, saved a
   * file): the refresh in flight may have read the host before the change, so one more follows it, shared by
   * every such caller meanwhile.
   */
  refreshAfterChange(): Promise<HostState> {
    if (!this.inFlight) return this.refresh();
    this.followUp ??= this.inFlight.then(() => {
      this.followUp = undefined;
      return this.refresh();
    });
    return this.followUp;
  }

  /** Forgets what was probed, so that the next refresh probes again (after a reconnect, say). */
  reset(): void {
    this.capabilities = undefined;
    this.set({ kind: 'idle' });
  }

  private async load(): Promise<HostState> {
    if (this.current.kind !== 'connected') this.set({ kind: 'connecting' });
    try {
      const runner = await this.connect();
      this.capabilities ??= await probeHost(runner, this.makeNonce);
      const nonce = this.makeNonce();
      const options = this.inventoryOptions();
      const answer = await runner.runScript(inventoryScript(this.capabilities, nonce, options));
      const inventory = parseInventory(answer.stdout, this.capabilities, nonce, options);
      return this.set({ kind: 'connected', capabilities: this.capabilities, inventory, refreshedAt: new Date() });
    } catch (error) {
      return this.set({ kind: 'failed', message: error instanceof Error ? error.message : String(error), capabilities: this.capabilities });
    }
  }

  private set(state: HostState): HostState {
    this.current = state;
    for (const listener of this.listeners) listener(state);
    return state;
  }
}
