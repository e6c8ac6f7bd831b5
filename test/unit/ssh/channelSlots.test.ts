import { strict as assert } from 'node:assert';
import { ChannelSlots } from '../../../src/core/ssh/channelSlots';

describe('ChannelSlots', () => {
  it('grants up to the limit, then queues in order; a release is counted once', async () => {
    const slots = new ChannelSlots(2);
    const a = await slots.acquire();
    await slots.acquire();
    const order: string[] = [];
    const third = slots.acquire().then((release) => { order.push('third'); return release; });
    const fourth = slots.acquire().then(() => order.push('fourth'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, []);
    a();
    a();
    await third;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ['third']);
    (await third)();
    await fourth;
    assert.deepEqual(order, ['third', 'fourth']);
  });
});
