import { strict as assert } from 'node:assert';
import { ConnectTimer } from '../../../src/core/ssh/connectTimer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConnectTimer', () => {
  it('expires after its time', async () => {
    let expired = false;
    new ConnectTimer(20, () => { expired = true; });
    await sleep(60);
    assert.ok(expired);
  });

  it('does not count time spent asking a person', async () => {
    let expired = false;
    const timer = new ConnectTimer(80, () => { expired = true; });
    const prompts = timer.pausing({ confirmUnknownHostKey: async () => { await sleep(150); return true; } });
    assert.equal(await prompts.confirmUnknownHostKey('SHA256:x', { target: 't', knownHostsName: 't', keyType: 'k', fingerprint: 'SHA256:x', otherKnownKeyTypes: [] }), true);
    assert.equal(expired, false);
    await sleep(120);
    assert.equal(expired, true);
  });

  it('does not expire once stopped, and keeps absent prompts absent', async () => {
    let expired = false;
    const timer = new ConnectTimer(20, () => { expired = true; });
    timer.stop();
    await sleep(40);
    assert.equal(expired, false);
    assert.equal(timer.pausing({ confirmUnknownHostKey: async () => false }).password, undefined);
  });
});
