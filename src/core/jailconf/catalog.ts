// Looks parameter names up the way libjail and jail(8) do: an exact name, the `no` form of a boolean
// (`nopersist`, `allow.nomount`, `mount.nodevfs`: the prefix goes on the last dotted component), a key of
// a key-value parameter (`meta.owner`), or a file system that libjail would load a module for
// (`allow.mount.<fs>`). A host's own list (`sysctl -N security.jail.param`) can replace the guesswork.
import { ParameterSpec, parameterTable } from './parameters';

export interface ResolvedParameter {
  readonly spec: ParameterSpec;
  /** Written with the `no` prefix, which turns a boolean off. */
  readonly negated: boolean;
  /** The key of a key-value parameter (`owner` in `meta.owner`). */
  readonly key?: string;
  /** Not in our table nor in the host's list, but libjail may load a module that provides it. */
  readonly guessed?: boolean;
}

/** Splits `allow.mount.nodevfs` into `allow.mount.devfs`; undefined when the last component has no `no`. */
export function withoutNo(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const last = name.slice(dot + 1);
  if (!last.startsWith('no') || last.length <= 2) return undefined;
  return name.slice(0, dot + 1) + last.slice(2);
}

export class ParameterCatalog {
  private readonly byName = new Map<string, ParameterSpec>();
  private readonly hostNames?: ReadonlySet<string>;

  /**
   * `hostNames`: the parameters a host's kernel reports (src/core/hosts/probe.ts parseJailParameterNames);
   * without them our table is all there is.
   */
  constructor(hostNames?: readonly string[]) {
    for (const spec of parameterTable) this.byName.set(spec.name, spec);
    if (hostNames) {
      this.hostNames = new Set(hostNames);
      for (const name of hostNames) {
        if (!this.byName.has(name)) this.byName.set(name, { name, type: 'unknown', handler: 'kernel', access: 'rw', description: 'Reported by the host kernel; not described in this extension\'s table.' });
      }
    }
  }

  get hasHostList(): boolean {
    return this.hostNames !== undefined;
  }

  all(): ParameterSpec[] {
    return [...this.byName.values()].filter((spec) => this.available(spec));
  }

  get(name: string): ParameterSpec | undefined {
    return this.byName.get(name);
  }

  /** Whether a parameter from our table can be used on the host this catalog describes. */
  available(spec: ParameterSpec): boolean {
    return spec.handler === 'jail' || !this.hostNames || this.hostNames.has(spec.name) || spec.module !== undefined;
  }

  /** The same few names are resolved for every jail. */
  private readonly resolved = new Map<string, ResolvedParameter | null>();

  resolve(name: string): ResolvedParameter | undefined {
    const known = this.resolved.get(name);
    if (known !== undefined) return known ?? undefined;
    const result = this.lookup(name);
    if (this.resolved.size < 10000) this.resolved.set(name, result ?? null);
    return result;
  }

  private lookup(name: string): ResolvedParameter | undefined {
    const exact = this.byName.get(name);
    if (exact && this.available(exact)) return { spec: exact, negated: false };
    const positive = withoutNo(name);
    const base = positive === undefined ? undefined : this.byName.get(positive);
    if (base && this.available(base) && base.type === 'boolean') return { spec: base, negated: true };
    // jail(8) matches its own parameters with equalopts(), which ignores a `no` whatever the type.
    if (base && base.handler === 'jail') return { spec: base, negated: true };
    const dot = name.indexOf('.');
    const owner = dot > 0 ? this.byName.get(name.slice(0, dot)) : undefined;
    if (owner && owner.type === 'keyvalue' && this.available(owner)) return { spec: owner, negated: false, key: name.slice(dot + 1) };
    if (name.startsWith('allow.mount.') && name.length > 12 && !name.slice(12).includes('.')) {
      const fs = positive?.startsWith('allow.mount.') ? positive.slice(12) : name.slice(12);
      const spec: ParameterSpec = { name: `allow.mount.${fs}`, type: 'boolean', handler: 'kernel', access: 'rw', module: fs, description: `Lets privileged users inside the jail mount ${fs} file systems, if a ${fs} module exists.` };
      return { spec, negated: positive !== undefined && positive.startsWith('allow.mount.'), guessed: true };
    }
    return undefined;
  }
}

/** The catalog of our table alone, shared by everything that has no host list. */
export const defaultCatalog = new ParameterCatalog();
