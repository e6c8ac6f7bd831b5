import { strict as assert } from 'node:assert';
import { lifecycleCommand, LifecycleRefusal, parseJailErrors } from '../../../src/core/freebsd/jailLifecycle';
import type { InventoryJail } from '../../../src/core/hosts/inventory';

const configured = (state: InventoryJail['state'], manager?: InventoryJail['manager']): InventoryJail => ({
  name: manager === 'iocage' ? 'ioc-legacy' : 'www',
  state,
  manager,
  enabledAtBoot: false,
  config: { source: { file: '/etc/jail.conf.d/www.conf', manager }, parameters: { name: 'www' } },
});

describe('jail lifecycle commands', () => {
  it('goes through jail(8) with the file that defines the jail', () => {
    assert.deepEqual(lifecycleCommand(configured('stopped'), 'start').argv, ['jail', '-v', '-f', '/etc/jail.conf.d/www.conf', '-c', 'www']);
    assert.deepEqual(lifecycleCommand(configured('running'), 'stop').argv, ['jail', '-v', '-f', '/etc/jail.conf.d/www.conf', '-r', 'www']);
    assert.deepEqual(lifecycleCommand(configured('running'), 'restart').argv, ['jail', '-v', '-f', '/etc/jail.conf.d/www.conf', '-rc', 'www']);
    assert.equal(lifecycleCommand(configured('running'), 'stop').privileged, true);
  });

  it('removes a running jail that has no configuration, and refuses to start one', () => {
    const adHoc: InventoryJail = { name: 't1', state: 'running', enabledAtBoot: false };
    assert.deepEqual(lifecycleCommand(adHoc, 'stop').argv, ['jail', '-v', '-r', 't1']);
    assert.throws(() => lifecycleCommand(adHoc, 'restart'), /t1 has no configuration file on the host, so it cannot be restarted/);
  });

  it('says when there is nothing to do', () => {
    assert.throws(() => lifecycleCommand(configured('running'), 'start'), (e: Error) => e instanceof LifecycleRefusal && e.message === 'www is already running.');
    assert.throws(() => lifecycleCommand(configured('stopped'), 'stop'), /www is already stopped/);
  });

  it('asks the manager for the jails it manages', () => {
    assert.deepEqual(lifecycleCommand(configured('stopped', 'bastille'), 'start').argv, ['bastille', 'start', 'www']);
    assert.deepEqual(lifecycleCommand(configured('running', 'appjail'), 'restart').argv, ['appjail', 'restart', 'www']);
    assert.deepEqual(lifecycleCommand(configured('running', 'iocage'), 'stop').argv, ['iocage', 'stop', 'legacy']);
  });

  it("finds jail(8)'s errors and the line they name", () => {
    const output = [
      'www: run command: /bin/sh /etc/rc',
      'jail: /etc/jail.conf line 12: }: syntax error',
      'jail: www: unknown parameter: allow.foo',
      'jail: www: /bin/sh /etc/rc: failed',
    ].join('\n');
    assert.deepEqual(parseJailErrors(output), [
      { message: '/etc/jail.conf line 12: }: syntax error', file: '/etc/jail.conf', line: 12 },
      { message: 'www: unknown parameter: allow.foo' },
      { message: 'www: /bin/sh /etc/rc: failed' },
    ]);
  });
});
