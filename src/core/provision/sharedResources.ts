/**
 * What creations on one host share: a release or template being built, an address, a name. A build is
 * serialised by its key, so that two creations that need the same template build it once; addresses and
 * names are claimed in memory from the moment they are chosen until the host shows them. Users of a
 * template are counted so that a failed creation never removes a template another one is cloning.
 */

export class SharedResources {
  private readonly locks = new Map<string, Promise<void>>();
  private readonly users = new Map<string, number>();
  private readonly built = new Set<string>();
  private readonly claimed = new Set<string>();

  /** Runs `work` when no other work of the same key runs (in the order asked). */
  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.locks.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  /** A release or template finished by a creation in this process (the host inspection may predate it). */
  markBuilt(key: string): void {
    this.built.add(key);
  }

  forgetBuilt(key: string): void {
    this.built.delete(key);
  }

  isBuilt(key: string): boolean {
    return this.built.has(key);
  }

  use(key: string): void {
    this.users.set(key, (this.users.get(key) ?? 0) + 1);
  }

  /** The last user of a key forgets that it was built: the host, inspected anew, is the truth again. */
  release(key: string): void {
    const left = (this.users.get(key) ?? 1) - 1;
    if (left > 0) {
      this.users.set(key, left);
      return;
    }
    this.users.delete(key);
    this.built.delete(key);
  }

  /** Whether creations other than the asking one still use it. */
  usedByOthers(key: string): boolean {
    return (this.users.get(key) ?? 0) > 1;
  }

  /** Claims a value (an address, a name) in memory; false when already claimed. */
  claim(value: string): boolean {
    if (this.claimed.has(value)) return false;
    this.claimed.add(value);
    return true;
  }

  unclaim(value: string): void {
    this.claimed.delete(value);
  }

  claimedValues(prefix: string): string[] {
    return [...this.claimed].filter((v) => v.startsWith(prefix)).map((v) => v.slice(prefix.length));
  }
}

const byHost = new Map<string, SharedResources>();

/**
 * The shared resources of one host and throwaway root, for the whole process: the wizard, the matrix and
 * `.jails.yaml` may each hold a provisioner for the same host, and must still build a template only once.
 */
export function sharedResourcesOf(hostName: string, root: string): SharedResources {
  const key = `${hostName}\u0000${root}`;
  let resources = byHost.get(key);
  if (!resources) {
    resources = new SharedResources();
    byHost.set(key, resources);
  }
  return resources;
}
