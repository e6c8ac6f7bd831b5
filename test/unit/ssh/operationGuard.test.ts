import { strict as assert } from 'node:assert';
import { OperationGuard } from '../../../src/core/ssh/operationGuard';
import { linkLost, SshError } from '../../../src/core/ssh/sshError';

const never = new Promise<never>(() => undefined);

describe('OperationGuard', () => {
  it('lets work finish and runs no clean-up', async () => {
    const guard = new OperationGuard('ls', 'web', 1000);
    let cleaned = false;
    guard.onStop(() => { cleaned = true; });
    assert.equal(await guard.race(Promise.resolve(5)), 5);
    guard.dispose();
    assert.equal(cleaned, false);
  });

  it('stops on timeout with a message naming the operation and host, and cleans up', async () => {
    const guard = new OperationGuard('jls', 'web', 30);
    let cleaned = 0;
    guard.onStop(() => cleaned++);
    await assert.rejects(guard.race(never), (e: SshError) => e.kind === 'timeout' && e.message === 'jls on web did not finish within 0 s');
    assert.equal(cleaned, 1);
    guard.onStop(() => cleaned++);
    assert.equal(cleaned, 2, 'a clean-up registered after the stop runs at once');
    guard.dispose();
  });

  it('stops on abort, also when the signal was aborted before', async () => {
    const controller = new AbortController();
    const guard = new OperationGuard('jls', 'web', Infinity, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(guard.race(never), (e: SshError) => e.kind === 'cancelled');
    const early = new OperationGuard('jls', 'web', Infinity, controller.signal);
    await assert.rejects(early.race(never), (e: SshError) => e.kind === 'cancelled');
  });

  it('stops when the link is lost', async () => {
    const guard = new OperationGuard('jls', 'web', Infinity);
    guard.failOn(Promise.resolve(linkLost('web', 'reset')));
    await assert.rejects(guard.race(never), (e: SshError) => e.kind === 'link-lost' && e.message === 'connection to web lost (reset)');
  });
});
