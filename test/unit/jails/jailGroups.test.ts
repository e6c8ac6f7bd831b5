import { strict as assert } from 'node:assert';
import type { InventoryJail } from '../../../src/core/hosts/inventory';
import { groupJails, jailGrouping, managerGroupKey } from '../../../src/core/jails/jailGroups';

function jail(name: string, state: InventoryJail['state'], manager?: InventoryJail['manager'], configured = true): InventoryJail {
  return {
    name, state, manager, enabledAtBoot: false,
    config: configured ? { source: { file: '/etc/jail.conf', manager }, parameters: {} } : undefined,
  };
}

// Already sorted by name, as the tree hands them over.
const jails = [
  jail('app', 'running', 'appjail'),
  jail('bast', 'stopped', 'bastille'),
  jail('db', 'running'),
  jail('handmade', 'running', undefined, false),
  jail('ioc-old', 'dying', 'iocage'),
  jail('try-1', 'stopped', 'throwaway'),
  jail('www', 'stopped'),
];

const summary = (grouping: 'state' | 'manager') => groupJails(jails, grouping).map((g) => [g.key, g.label, g.jails.map((j) => j.name)]);

describe('jail groups (jails.tree.groupBy)', () => {
  it('groups by state, running first, keeping the order it was given inside each group', () => {
    assert.deepEqual(summary('state'), [
      ['running', 'Running (3)', ['app', 'db', 'handmade']],
      ['dying', 'Dying (1)', ['ioc-old']],
      ['stopped', 'Stopped (3)', ['bast', 'try-1', 'www']],
    ]);
  });

  it("groups by manager: rc.d/jail's files first, then each manager, then jails made by hand", () => {
    assert.deepEqual(summary('manager'), [
      ['jail.conf', 'jail.conf (2)', ['db', 'www']],
      ['bastille', 'Bastille (1)', ['bast']],
      ['iocage', 'iocage (1)', ['ioc-old']],
      ['appjail', 'AppJail (1)', ['app']],
      ['throwaway', 'Throwaway (1)', ['try-1']],
      ['unconfigured', 'No configuration file (1)', ['handmade']],
    ]);
    assert.equal(managerGroupKey(jail('ioc-x', 'running', 'iocage', false)), 'iocage');
  });

  it('shows no empty groups, and none at all when not grouping', () => {
    assert.deepEqual(groupJails([jail('db', 'running')], 'state').map((g) => g.label), ['Running (1)']);
    assert.deepEqual(groupJails([], 'manager'), []);
    assert.deepEqual(groupJails(jails, 'none'), []);
  });

  it('reads the setting, treating anything unknown as no grouping', () => {
    assert.equal(jailGrouping('state'), 'state');
    assert.equal(jailGrouping('manager'), 'manager');
    for (const odd of ['none', 'State', undefined, 3]) assert.equal(jailGrouping(odd), 'none');
  });
});
