import { strict as assert } from 'node:assert';
import { executePlan, Plan, StepEvent } from '../../../src/core/provision/plan';

interface World {
  made: string[];
  log: string[];
}

function step(id: string, options: { fail?: string; undoFails?: string; noUndo?: boolean; onRun?: () => void } = {}) {
  return {
    id,
    title: `Make ${id}`,
    async run(world: World) {
      world.log.push(`run ${id}`);
      options.onRun?.();
      if (options.fail) throw new Error(options.fail);
      if (!options.noUndo) world.made.push(id);
    },
    undo: options.noUndo
      ? undefined
      : async (world: World) => {
          world.log.push(`undo ${id}`);
          if (options.undoFails) throw new Error(options.undoFails);
          world.made.splice(world.made.indexOf(id), 1);
        },
  };
}

describe('plan executor', () => {
  it('runs every step in order and reports progress', async () => {
    const world: World = { made: [], log: [] };
    const events: StepEvent[] = [];
    const outcome = await executePlan({ name: 'p', steps: [step('a'), step('b')] }, world, { onEvent: (e) => events.push(e) });
    assert.equal(outcome.ok, true);
    assert.deepEqual(world.made, ['a', 'b']);
    assert.deepEqual(events.map((e) => `${e.kind} ${e.step}`), ['started a', 'finished a', 'started b', 'finished b']);
  });

  it('undoes completed steps in reverse when one fails, and names the step and its message', async () => {
    const world: World = { made: [], log: [] };
    const plan: Plan<World> = { name: 'p', steps: [step('a'), step('check', { noUndo: true }), step('b'), step('c', { fail: 'pkg: No packages available to install matching php99' })] };
    const outcome = await executePlan(plan, world);
    assert.deepEqual(outcome, { ok: false, cancelled: false, failedStep: 'c', message: 'pkg: No packages available to install matching php99', undone: ['b', 'a'], leftovers: [] });
    assert.deepEqual(world.made, []);
    assert.deepEqual(world.log, ['run a', 'run check', 'run b', 'run c', 'undo b', 'undo a']);
  });

  it('keeps undoing past an undo that fails, and reports what may remain', async () => {
    const world: World = { made: [], log: [] };
    const outcome = await executePlan({ name: 'p', steps: [step('a'), step('b', { undoFails: 'umount: busy' }), step('c', { fail: 'boom' })] }, world);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.deepEqual(outcome.undone, ['a']);
      assert.deepEqual(outcome.leftovers, [{ step: 'b', message: 'umount: busy' }]);
    }
  });

  it('on Cancel, stops before the next step and undoes everything done, including the step that was running', async () => {
    const world: World = { made: [], log: [] };
    const controller = new AbortController();
    const plan: Plan<World> = { name: 'p', steps: [step('a'), step('b', { onRun: () => controller.abort() }), step('c')] };
    const outcome = await executePlan(plan, world, { signal: controller.signal });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.cancelled, true);
      assert.equal(outcome.failedStep, 'b');
      assert.deepEqual(outcome.undone, ['b', 'a']);
    }
    assert.deepEqual(world.made, []);
    assert.ok(!world.log.includes('run c'));
  });
});
