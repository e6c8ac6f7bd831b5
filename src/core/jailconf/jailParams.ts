// The parameters of a jail that the checks of jails as a whole (jailChecks, crossJailChecks) look at,
// found once per jail in one pass over its parameters, by every name config.c's equalopts() takes.
import type { ConfigJail } from './configJails';
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

/** What the checks of a jail as a whole need of it besides its parameters. */
export interface JailIdentity {
  readonly name: string;
  readonly config: ConfigJail;
}

const addressNames: ReadonlySet<string> = new Set(['ip4.addr', 'ip6.addr', 'ip4', 'ip6']);

/**
 * The looked-at parameters of one jail, found in one pass over its parameters (the first match wins, as
 * in config.c). It keeps only those, so that the rest of what the jail's evaluation made can go.
 */
export class JailParams implements JailIdentity {
  private readonly found: (EffectiveParam | undefined)[] = new Array(looked.length);
  readonly name: string;
  readonly config: ConfigJail;
  /** Its ip4.addr, ip6.addr, ip4 and ip6 parameters, by those exact names: what vnet forbids. */
  readonly addressParams?: EffectiveParam[];

  constructor(jail: EffectiveJail) {
    this.name = jail.name;
    this.config = jail.config;
    for (const param of jail.params) {
      // The name a block gives is the jail's name, which the checks read from the jail: keeping the
      // parameter would keep alive, for each jail, what its evaluation made for it.
      if (param.source === undefined && !param.frozen && param.name === 'name' && param.values.length === 1 && param.values[0].text === jail.name) continue;
      const indexes = lookedByName.get(param.name);
      if (indexes) for (const i of indexes) this.found[i] ??= param;
      if (addressNames.has(param.name)) (this.addressParams ??= []).push(param);
    }
  }

  get jail(): JailIdentity {
    return this;
  }

  get(name: Looked): EffectiveParam | undefined {
    return this.found[lookedIndex.get(name) as number];
  }
}
