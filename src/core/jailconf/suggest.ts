// "Did you mean": the closest known names to a misspelt one. Besides edit distance it knows the names
// people carry over from rc.conf, iocage and Bastille (`hostname`, `ip4_addr`, `exec_start`).

const aliases: Record<string, string> = {
  hostname: 'host.hostname',
  domainname: 'host.domainname',
  hostuuid: 'host.hostuuid',
  ip: 'ip4.addr',
  ip4_addr: 'ip4.addr',
  ip6_addr: 'ip6.addr',
  ipv4: 'ip4.addr',
  ipv6: 'ip6.addr',
  devfs: 'mount.devfs',
  fstab: 'mount.fstab',
  rootdir: 'path',
  root: 'path',
  jail_path: 'path',
  consolelog: 'exec.consolelog',
};

/** Optimal string alignment distance (Levenshtein plus transposition of neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

/** Up to `limit` known names close to `name`, best first. */
export function suggestNames(name: string, known: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const dotted = lower.replace(/_/g, '.');
  const picks = new Map<string, number>();
  const alias = aliases[lower];
  if (alias && known.includes(alias)) picks.set(alias, -2);
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = dotted === candidate ? 0 : Math.min(editDistance(lower, candidate), editDistance(dotted, candidate));
    const allowed = Math.max(1, Math.min(3, Math.floor(candidate.length / 4)));
    if (distance <= allowed) picks.set(candidate, Math.min(picks.get(candidate) ?? Infinity, distance));
    else if (candidate.endsWith(`.${lower}`)) picks.set(candidate, Math.min(picks.get(candidate) ?? Infinity, -1));
  }
  const best = Math.min(...picks.values());
  // An alias or a name that differs only by `_` for `.` is certainly meant; the others would distract.
  return [...picks.entries()]
    .filter(([, distance]) => best > 0 || distance === best)
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}
