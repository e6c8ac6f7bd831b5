// FreeBSD release numbers as people write them ("14.3", "15.0-RELEASE-p2"), compared numerically.

export function parseVersion(text: string | undefined): [number, number] | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** True when `version` is older than `required`. */
export function isOlder(version: [number, number], required: string): boolean {
  const r = parseVersion(required);
  if (!r) return false;
  return version[0] < r[0] || (version[0] === r[0] && version[1] < r[1]);
}
