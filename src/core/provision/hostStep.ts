/**
 * A plan step that acts on a host. A script can fail half way (a full disk after the third package), and the
 * executor only undoes steps that finished, so a failing host step first undoes its own partial work. A
 * script that refuses before making anything (a name or an address already taken) exits with
 * `refusedStatus`, and then nothing is undone: what it found belongs to someone else.
 */
import type { PlanStep } from './plan';
import { HostScriptError, HostShell } from './hostScript';
import type { HttpProbe } from './httpProbe';

export const refusedStatus = 3;

/** Pauses between attempts of an undo whose link was lost: the connection reconnects, with back-off. */
const undoRetryDelaysMs = [500, 1500, 3000, 5000];

/**
 * An undo that failed for want of a link (not because FreeBSD refused) is tried again: a create cut off by
 * a dropped connection must still be able to clean up once the connection is back.
 */
export function retryingUndo(undo: (context: ProvisionContext) => Promise<void>, delaysMs = undoRetryDelaysMs): (context: ProvisionContext) => Promise<void> {
  return async (context) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await undo(context);
      } catch (error) {
        if (error instanceof HostScriptError || attempt >= delaysMs.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
      }
    }
  };
}

/** What every step of a create gets from the executor. */
export interface ProvisionContext {
  shell: HostShell;
  probeHttp: HttpProbe;
  /** Fills the document root (the workspace upload) given its path on the host. */
  populateDocumentRoot?: (hostPath: string, signal: AbortSignal) => Promise<void>;
}

export function hostStep(
  id: string,
  title: string,
  run: (context: ProvisionContext, signal: AbortSignal) => Promise<void>,
  givenUndo?: (context: ProvisionContext) => Promise<void>,
): PlanStep<ProvisionContext> {
  const undo = givenUndo && retryingUndo(givenUndo);
  return {
    id,
    title,
    undo,
    async run(context, signal) {
      try {
        await run(context, signal);
      } catch (error) {
        const refused = error instanceof HostScriptError && error.exitCode === refusedStatus;
        if (undo && !refused) {
          try {
            await undo(context);
          } catch (undoError) {
            const reason = undoError instanceof Error ? undoError.message : String(undoError);
            throw new Error(`${error instanceof Error ? error.message : String(error)}\n(undoing what this step had made failed too: ${reason})`);
          }
        }
        throw error;
      }
    },
  };
}
