/**
 * Where a daemon may listen and connect from inside a jail, as FreeBSD's prison code decides: a jail that
 * shares the host's stack binds its wildcard to its own addresses and has 127.0.0.1 mapped to its first
 * address (unless it has 127.0.0.1 itself); a VNET jail and the host use addresses as given. The stand-in
 * finds its jail in the simulator's jail table through its holder's root (/proc/1/root), by comparing that
 * jail's path with its own "/".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

interface TableJail { params: Record<string, unknown> }

export class AddressError extends Error {}

export interface JailNetwork {
  /** Addresses a bind to `requested` ("0.0.0.0", "*", "127.0.0.1" or an address) turns into. */
  bindAddresses(requested: string): string[];
  /** The address a connection to `requested` really goes to. */
  connectAddress(requested: string): string;
}

const THROUGH_HOLDER = '/proc/1/root/.simulator/state/jails.json';

function ownJail(): TableJail | undefined {
  // On the host, PID 1 is sshd's namespace's first process, whose root is not the tree: no table there.
  if (!existsSync(THROUGH_HOLDER)) return undefined;
  const table = JSON.parse(readFileSync(THROUGH_HOLDER, 'utf8')) as { jails: TableJail[] };
  const self = statSync('/');
  return table.jails.find((jail) => {
    try {
      const root = statSync(`/proc/1/root${String(jail.params.path)}`);
      return root.ino === self.ino && root.dev === self.dev;
    } catch {
      return false;
    }
  });
}

const wildcard = (address: string) => address === '0.0.0.0' || address === '*' || address === '';

export function jailNetwork(): JailNetwork {
  const jail = ownJail();
  const shared = jail !== undefined && jail.params.vnet !== 'new' && jail.params.ip4 !== 'inherit';
  const own = shared ? (Array.isArray(jail?.params['ip4.addr']) ? (jail?.params['ip4.addr'] as string[]) : []) : [];
  const mapLoopback = (address: string) => (shared && address === '127.0.0.1' && !own.includes(address) ? own[0] : address);
  return {
    bindAddresses(requested) {
      if (!shared) return [wildcard(requested) ? '0.0.0.0' : requested];
      if (own.length === 0) throw new AddressError("(49)Can't assign requested address");
      if (wildcard(requested)) return own;
      const address = mapLoopback(requested);
      if (!own.includes(address)) throw new AddressError("(49)Can't assign requested address");
      return [address];
    },
    connectAddress: (requested) => mapLoopback(requested) ?? requested,
  };
}
