import { strict as assert } from 'node:assert';
import { bareAddress, firstFreeAddress, parsePool, PoolExhausted } from '../../../src/core/provision/addressPool';

describe('throwaway address pool', () => {
  it('reads a range and normalises it to its network', () => {
    assert.deepEqual(parsePool('10.213.0.0/24'), { network: '10.213.0.0', prefixLength: 24 });
    assert.deepEqual(parsePool(' 127.213.0.77/24 '), { network: '127.213.0.0', prefixLength: 24 });
    assert.throws(() => parsePool('10.213.0.0'), /not an IPv4 range/);
    assert.throws(() => parsePool('10.213.0.0/31'), /between 8 and 30/);
    assert.throws(() => parsePool('10.300.0.0/24'), /not an IPv4 address/);
  });

  it('gives the first address no jail uses, skipping network, .1 and broadcast', () => {
    const pool = parsePool('10.213.0.0/24');
    assert.equal(firstFreeAddress(pool, []), '10.213.0.2');
    assert.equal(firstFreeAddress(pool, ['lo1|10.213.0.2/32', '10.213.0.3', 'em0|10.213.0.5']), '10.213.0.4');
  });

  it('says what to do when the pool is exhausted', () => {
    const pool = parsePool('10.213.0.0/30');
    assert.equal(firstFreeAddress(pool, []), '10.213.0.2');
    assert.throws(() => firstFreeAddress(pool, ['10.213.0.2']), (e: Error) => e instanceof PoolExhausted && /every address of 10\.213\.0\.0\/30 is in use/.test(e.message));
  });

  it('strips interface and mask', () => {
    assert.equal(bareAddress('lo1|127.213.0.9/32'), '127.213.0.9');
    assert.equal(bareAddress('10.0.0.1'), '10.0.0.1');
  });
});
