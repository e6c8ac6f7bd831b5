/**
 * Plans, then execution (architecture principle 5): a throwaway jail is first a list of named steps, each
 * with its undo, computed purely from the host's capabilities and the user's choices; the executor runs the
 * steps in order, reports progress, and when a step fails or the user cancels, undoes the completed steps
 * in reverse so that nothing is left half made on the host.
 */

export interface PlanStep<Context> {
  id: string;
  title: string;
  run(context: Context, signal: AbortSignal): Promise<void>;
  /** Absent when the step leaves nothing behind (a check, a read). */
  undo?(context: Context): Promise<void>;
}

export interface Plan<Context> {
  name: string;
  steps: PlanStep<Context>[];
}

export type StepEvent =
  | { kind: 'started'; step: string; title: string; index: number; total: number }
  | { kind: 'finished'; step: string; ms: number }
  | { kind: 'undoing'; step: string; title: string }
  | { kind: 'undo-failed'; step: string; message: string };

export type PlanOutcome =
  | { ok: true; stepMs: Record<string, number> }
  | {
      ok: false;
      cancelled: boolean;
      failedStep: string;
      message: string;
      undone: string[];
      /** Steps whose undo failed: what may remain on the host, with the reason. */
      leftovers: { step: string; message: string }[];
    };

export class PlanCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function executePlan<Context>(
  plan: Plan<Context>,
  context: Context,
  options: { signal?: AbortSignal; onEvent?: (event: StepEvent) => void } = {},
): Promise<PlanOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const done: PlanStep<Context>[] = [];
  const stepMs: Record<string, number> = {};
  for (const [index, step] of plan.steps.entries()) {
    const started = Date.now();
    try {
      if (signal.aborted) throw new PlanCancelled();
      emit({ kind: 'started', step: step.id, title: step.title, index, total: plan.steps.length });
      await step.run(context, signal);
      // A step that finished after Cancel was pressed still counts as done, so its undo runs.
      done.push(step);
      if (signal.aborted) throw new PlanCancelled();
      stepMs[step.id] = Date.now() - started;
      emit({ kind: 'finished', step: step.id, ms: stepMs[step.id] });
    } catch (error) {
      const cancelled = error instanceof PlanCancelled || signal.aborted;
      const failedStep = step.id;
      const undone: string[] = [];
      const leftovers: { step: string; message: string }[] = [];
      for (const completed of [...done].reverse()) {
        if (!completed.undo) continue;
        emit({ kind: 'undoing', step: completed.id, title: completed.title });
        try {
          await completed.undo(context);
          undone.push(completed.id);
        } catch (undoError) {
          leftovers.push({ step: completed.id, message: messageOf(undoError) });
          emit({ kind: 'undo-failed', step: completed.id, message: messageOf(undoError) });
        }
      }
      return { ok: false, cancelled, failedStep, message: cancelled ? 'cancelled' : messageOf(error), undone, leftovers };
    }
  }
  return { ok: true, stepMs };
}
