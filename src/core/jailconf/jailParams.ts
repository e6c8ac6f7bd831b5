// The parameters of a jail that the checks of jails as a whole (jailChecks, crossJailChecks) look at,
// found once per jail in one pass over its parameters, by every name config.c's equalopts() takes.
import { EffectiveJail, EffectiveParam } from './evaluator';
import { equivalentNames } from './names';

/** The parameters the checks of a jail as a whole look at. */
const looked = ['vnet', 'ip4.addr', 'ip6.addr', 'path', 'mount.devfs', 'mount.fdescfs', 'mount.procfs', 'name', 'jid', 'persist', 'exec.start', 'command', 'exec.poststart', 'children.max', 'depend'] as const;
export type Looked = (typeof looked)[number];

/** Every name equalopts() takes for a looked-at parameter, with the parameters it stands for. */
const lookedByName = new Map<string, number[]>();
const lookedIndex = new Map<Looked, number>();
looked.forEach((name, index) => {
  lookedIndex.set(name, index);
  for (const equivalent of equivalentNames(name)) lookedByName.set(equivalent, [...(lookedByName.get(equivalent) ?? []), index]);
});

/** The looked-at parameters of one jail, found in one pass over its parameters (the first match wins, as in config.c). */
export class JailParams {
  private readonly found: (EffectiveParam | undefined)[] = new Array(looked.length);

  constructor(readonly jail: EffectiveJail) {
    for (const param of jail.params) {
      const indexes = lookedByName.get(param.name);
      if (indexes) for (const i of indexes) this.found[i] ??= param;
    }
  }

  get(name: Looked): EffectiveParam | undefined {
    return this.found[lookedIndex.get(name) as number];
  }
}
