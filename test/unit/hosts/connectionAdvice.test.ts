import { strict as assert } from 'node:assert';
import { connectionAdvice } from '../../../src/core/hosts/connectionAdvice';

describe('connectionAdvice', () => {
  it('names the next step for a typo, a closed port, a silent network and a refused login', () => {
    assert.match(connectionAdvice('dns-failed') ?? '', /spelling of the host name/);
    assert.match(connectionAdvice('unreachable') ?? '', /service sshd status/);
    assert.match(connectionAdvice('timeout') ?? '', /firewall/);
    assert.match(connectionAdvice('auth-failed') ?? '', /authorized_keys/);
  });

  it('adds nothing where the message says what to do already, or the failure is not SSH\'s', () => {
    assert.equal(connectionAdvice('host-key-changed'), undefined);
    assert.equal(connectionAdvice(undefined), undefined);
  });
});
