// Name matching rules of usr.sbin/jail/config.c: equalopts() for parameters (with and without a `no`),
// wild_jail_name() and wild_jail_match() for wildcard blocks, and how a block name sets name or jid.

/** config.c equalopts(): the same option, allowing a `no` on the whole name or on any dotted component. */
export function equalopts(a: string, b: string): boolean {
  if (a === b) return true;
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

/** A name is a wildcard when one of its whole dotted components is `*`. */
export function isWildcardName(name: string): boolean {
  return name.split('.').includes('*');
}

/** A non-final `*` matches exactly one component; a final `*` matches one or more. */
export function wildcardMatches(jailName: string, wildName: string): boolean {
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
  return /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(name) && Number.parseInt(name, 10) !== 0;
}
