// Name matching rules of usr.sbin/jail/config.c: equalopts() for parameters (with and without a `no`),
// wild_jail_name() and wild_jail_match() for wildcard blocks, and how a block name sets name or jid.

/** config.c equalopts(): the same option, allowing a `no` on the whole name or on any dotted component. */
export function equalopts(a: string, b: string): boolean {
  if (a === b) return true;
  // Different names can only match through a `no`; most never hold one.
  if (!a.includes('no') && !b.includes('no')) return false;
  if (a.startsWith('no') && a.slice(2) === b) return true;
  if (b.startsWith('no') && a === b.slice(2)) return true;
  let p = a.indexOf('.');
  while (p >= 0 && a.slice(0, p + 1) === b.slice(0, p + 1)) {
    a = a.slice(p + 1);
    b = b.slice(p + 1);
    if (a.startsWith('no') && a.slice(2) === b) return true;
    if (b.startsWith('no') && a === b.slice(2)) return true;
    p = a.indexOf('.');
  }
  return false;
}

/**
 * Every name equalopts() takes for `name`: itself, and the name with a `no` added to or taken from the
 * start of one of its dotted components. Lets callers use maps instead of comparing with every name.
 */
export function equivalentNames(name: string): readonly string[] {
  const known = equivalents.get(name);
  if (known) return known;
  const names = [name];
  const parts = name.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const toggled = part.startsWith('no') ? part.slice(2) : `no${part}`;
    if (toggled === '') continue;
    names.push([...parts.slice(0, i), toggled, ...parts.slice(i + 1)].join('.'));
  }
  if (equivalents.size > 10000) equivalents.clear();
  equivalents.set(name, names);
  return names;
}

/** equivalentNames() is asked about the same few parameter names for every jail. */
const equivalents = new Map<string, readonly string[]>();

/** A name is a wildcard when one of its whole dotted components is `*`. */
export function isWildcardName(name: string): boolean {
  return name.includes('*') && /(^|\.)\*(\.|$)/.test(name);
}

/** A non-final `*` matches exactly one component; a final `*` matches one or more. */
export function wildcardMatches(jailName: string, wildName: string): boolean {
  // The global pseudo-jail, met for every jail.
  if (wildName === '*') return true;
  const jail = jailName.split('.');
  const wild = wildName.split('.');
  for (let i = 0; i < wild.length; i++) {
    if (i === wild.length - 1) return wild[i] === '*' ? jail.length > i : jail.length === wild.length && jail[i] === wild[i];
    if (i >= jail.length - 1) return false;
    if (wild[i] !== '*' && wild[i] !== jail[i]) return false;
  }
  return false;
}

/** strtol(name) is non-zero and consumes the whole name: the block sets `jid`, not `name`. */
export function blockNameIsJid(name: string): boolean {
  // Asked for every jail; nearly all names start with a letter, which no number does.
  const first = name.charCodeAt(0);
  if ((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a)) return false;
  return /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(name) && Number.parseInt(name, 10) !== 0;
}
