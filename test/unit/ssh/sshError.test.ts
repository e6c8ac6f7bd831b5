import { strict as assert } from 'node:assert';
import { connectFailed } from '../../../src/core/ssh/sshError';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const unknownName = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });

describe('connection failures as a user reads them', () => {
  it('adds the address only where the target does not already say it', () => {
    assert.equal(connectFailed('web', '10.0.0.5', 22, refused).message, 'cannot reach web (10.0.0.5 port 22): connection refused');
    assert.equal(connectFailed('root@10.0.0.5', '10.0.0.5', 22, refused).message, 'cannot reach root@10.0.0.5: connection refused');
    assert.equal(connectFailed('127.0.0.1:2222', '127.0.0.1', 2222, refused).message, 'cannot reach 127.0.0.1:2222: connection refused');
    assert.equal(connectFailed('root@[::1]:2222', '::1', 2222, refused).message, 'cannot reach root@[::1]:2222: connection refused');
    assert.equal(connectFailed('jump', 'web.example.org', 2222, refused).message, 'cannot reach jump (web.example.org port 2222): connection refused');
  });

  it('names the alias whose host name could not be resolved, and not the name twice', () => {
    assert.equal(connectFailed('web', 'web.example.invalid', 22, unknownName).message, 'cannot resolve the host name "web.example.invalid" of web');
    assert.equal(connectFailed('admin@web.example.invalid:2222', 'web.example.invalid', 2222, unknownName).message, 'cannot resolve the host name "web.example.invalid"');
  });
});
