// Checks of single values as FreeBSD makes them: libjail's import of kernel parameters (booleans,
// integers, jailsys, inet_pton addresses), jail(8)'s checks of its own booleans and integers, the kernel's
// ranges, and the `[interface|]address[/mask]` form jail(8) accepts for ip4.addr and ip6.addr.

/** strtol(3) in base 10 consuming the whole text: optional blanks, an optional sign, digits. */
export function isStrtolInteger(text: string, allowEmpty: boolean): boolean {
  if (text === '') return allowEmpty;
  // A plain run of digits, what nearly every value is, without the regular expression.
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === text.length) return true;
  return /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(text);
}

/** libjail and jail(8) both take true/false in any case, or an integer. */
export function isBooleanValue(text: string): boolean {
  return /^(true|false)$/i.test(text) || isStrtolInteger(text, true);
}

/** The value a boolean has, or undefined for a text FreeBSD would refuse. */
export function booleanValue(text: string): boolean | undefined {
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  return isStrtolInteger(text, true) ? Number.parseInt(text.trim() || '0', 10) !== 0 : undefined;
}

/** libjail's jailsys import: empty means "new"; a name or a number. Returns the canonical name or undefined. */
const jailsysNames = ['disable', 'new', 'inherit'];

export function jailsysValue(text: string): string | undefined {
  if (text === '') return 'new';
  if (jailsysNames.includes(text)) return text;
  const named = jailsysNames.find((v) => v === text.toLowerCase());
  if (named) return named;
  if (!isStrtolInteger(text, false)) return undefined;
  return jailsysNames[Number.parseInt(text, 10)] ?? 'invalid';
}

/** inet_pton(AF_INET) as FreeBSD implements it: exactly four decimal octets, no leading zeros. */
export function isIPv4(text: string): boolean {
  // A loop over the characters: every jail's addresses pass through here.
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || ++octets > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else {
      return false;
    }
  }
  return octets === 4;
}

/** inet_pton(AF_INET6): hex groups, one `::` at most, an optional trailing IPv4; no zone. */
export function isIPv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => p.length > 0) ? parts : undefined;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (g.includes('.')) {
      if (i !== all.length - 1 || !isIPv4(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

export interface AddressForm {
  /** The interface before `|`, when given. */
  readonly iface?: string;
  /** The address jail(8) hands to the kernel: without interface, mask and ifconfig arguments. */
  readonly address: string;
  readonly mask?: string;
}

/** Splits an ip4.addr/ip6.addr value the way config.c does: first `|`, then `/`, then a space. */
export function splitAddress(value: string): AddressForm {
  const bar = value.indexOf('|');
  const iface = bar >= 0 ? value.slice(0, bar) : undefined;
  let rest = bar >= 0 ? value.slice(bar + 1) : value;
  let mask: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const maskEnd = rest.indexOf(' ', slash + 1);
    mask = rest.slice(slash + 1, maskEnd < 0 ? rest.length : maskEnd);
    rest = rest.slice(0, slash);
  }
  return { iface, address: untilSpace(rest), mask };
}

const untilSpace = (text: string): string => {
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(0, space);
};

/** splitAddress(value).address, found without the other parts: every jail's addresses are compared. */
export function addressOf(value: string): string {
  const bar = value.indexOf('|');
  const slash = value.indexOf('/', bar + 1);
  return untilSpace(value.slice(bar + 1, slash < 0 ? value.length : slash));
}

/** ifconfig takes `/len` with 0..32 bits for IPv4 and 0..128 for IPv6. */
export function isMaskValid(mask: string, family: 4 | 6): boolean {
  return /^[0-9]+$/.test(mask) && Number(mask) <= (family === 4 ? 32 : 128);
}

/** The kernel refuses the unspecified and the broadcast address in a jail's address list. */
export function isForbiddenAddress(address: string, family: 4 | 6): boolean {
  if (family === 4) return address === '0.0.0.0' || address === '255.255.255.255';
  return /^[0:]+$/.test(address) && isIPv6(address);
}

/** One spelling per address, to find the same address written differently (`::1`, `0:0::01`). */
export function canonicalAddress(address: string, family: 4 | 6): string {
  if (family === 4) return address;
  const [head, tail] = address.toLowerCase().split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const missing = 8 - h.length - t.length;
  return [...h, ...Array(tail === undefined ? 0 : Math.max(0, missing)).fill('0'), ...t].map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
