import { strict as assert } from 'node:assert';
import { destinationChoices } from '../../../src/core/hosts/destinationChoices';

describe('destinationChoices (Add FreeBSD Host…)', () => {
  const aliases = ['web1', 'jails-01', 'db'];

  it('lists the ~/.ssh/config aliases, marking those already in the view', () => {
    const rows = destinationChoices(aliases, '', ['db']);
    assert.deepEqual(rows.map((r) => [r.label, r.description, r.destination, r.typed]), [
      ['web1', '~/.ssh/config', 'web1', false],
      ['jails-01', '~/.ssh/config', 'jails-01', false],
      ['db', '~/.ssh/config · already in the Jails view', 'db', false],
    ]);
  });

  it('puts a typed user@host[:port] first, in its normal form', () => {
    const [first, ...rest] = destinationChoices(aliases, ' admin@Jails.example.org:2222 ', []);
    assert.deepEqual(first, { label: 'admin@Jails.example.org:2222', description: 'connect to this address', destination: 'admin@Jails.example.org:2222', typed: true });
    assert.equal(rest.length, 3);
    assert.equal(destinationChoices([], 'root@[2001:db8::1]:22', [])[0].destination, 'root@[2001:db8::1]:22');
  });

  it('takes a typed name that is no alias as a host name OpenSSH resolves', () => {
    const [first] = destinationChoices(aliases, 'backup', []);
    assert.equal(first.destination, 'backup');
    assert.match(first.description, /not an alias in ~\/\.ssh\/config/);
  });

  it('adds no typed row for an alias typed in full', () => {
    assert.deepEqual(destinationChoices(aliases, 'web1', []).filter((r) => r.typed), []);
  });

  it('explains what is wrong with the typed text and offers nothing to save', () => {
    const [first] = destinationChoices(aliases, 'root@host:99999', []);
    assert.deepEqual([first.typed, first.destination, first.description], [true, undefined, '"99999" is not a port number (1 to 65535).']);
  });
});
