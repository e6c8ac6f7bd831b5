import { strict as assert } from 'node:assert';
import { ConnectionPool } from '../../../src/core/ssh/connectionPool';
import { nonInteractivePrompts } from '../../../src/core/ssh/prompts';
import { memorySystem } from './memorySystem';

describe('ConnectionPool', () => {
  it('gives one connection per host, a new one when its settings change, and closes the old one', () => {
    const pool = new ConnectionPool({ system: memorySystem({}), prompts: nonInteractivePrompts });
    const web = pool.connection('web', { destination: { kind: 'alias', alias: 'web1' } });
    assert.equal(pool.connection('web', { destination: { kind: 'alias', alias: 'web1' } }), web);
    assert.equal(web.state.kind, 'idle', 'nothing connects before it is used');
    const moved = pool.connection('web', { destination: { kind: 'alias', alias: 'web1' }, overrides: { port: 2222 } });
    assert.notEqual(moved, web);
    assert.equal(web.state.kind, 'closed');
    pool.closeAll();
    assert.equal(moved.state.kind, 'closed');
  });
});
