import { strict as assert } from 'node:assert';
import { formatDestination, parseDestination } from '../../../src/core/hosts/destination';

describe('parseDestination', () => {
  const ok = (text: string) => {
    const r = parseDestination(text);
    if (!r.ok) assert.fail(`expected ${text} to parse, got: ${r.error}`);
    return r.destination;
  };
  const error = (text: string) => {
    const r = parseDestination(text);
    if (r.ok) assert.fail(`expected ${text} to be refused`);
    return r.error;
  };

  it('takes a plain word as an ~/.ssh/config alias', () => {
    assert.deepEqual(ok('web1'), { kind: 'alias', alias: 'web1' });
    assert.deepEqual(ok('  jails.example.org '), { kind: 'alias', alias: 'jails.example.org' });
  });

  it('splits user, host and port', () => {
    assert.deepEqual(ok('admin@jails.example.org:2222'), { kind: 'address', user: 'admin', host: 'jails.example.org', port: 2222 });
    assert.deepEqual(ok('root@192.0.2.10'), { kind: 'address', user: 'root', host: '192.0.2.10', port: undefined });
    assert.deepEqual(ok('host.example:22'), { kind: 'address', user: undefined, host: 'host.example', port: 22 });
  });

  it('reads bracketed IPv6 addresses', () => {
    assert.deepEqual(ok('root@[2001:db8::1]:2200'), { kind: 'address', user: 'root', host: '2001:db8::1', port: 2200 });
    assert.deepEqual(ok('[::1]'), { kind: 'address', user: undefined, host: '::1', port: undefined });
  });

  it('refuses what OpenSSH would not reach', () => {
    assert.match(error(''), /Enter a host/);
    assert.match(error('a b'), /white space/);
    assert.match(error('root@host:0'), /not a port number/);
    assert.match(error('root@host:70000'), /not a port number/);
    assert.match(error('root@host:ssh'), /not a port number/);
    assert.match(error('root@2001:db8::1'), /IPv6 address in brackets/);
    assert.match(error('root@-bad'), /not a valid host name/);
    assert.match(error('-oProxyCommand=x@host'), /not a valid user name/);
    assert.match(error('root@[host]'), /only for IPv6/);
  });

  it('formats what it parses back to the same text', () => {
    for (const text of ['web1', 'admin@jails.example.org:2222', 'root@[2001:db8::1]:2200', 'root@192.0.2.10']) {
      assert.equal(formatDestination(ok(text)), text);
    }
  });
});
