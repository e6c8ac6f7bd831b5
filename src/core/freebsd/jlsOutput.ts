/**
 * Parsers for jls(8) output (shared/docs/freebsd-reference.md §3). The inventory asks for libxo JSON with
 * named parameters; `jls -n -q` text is the fallback for hosts whose jls lacks libxo. Both give the same
 * records. The column layouts are never parsed: they truncate.
 */

export interface RunningJail {
  jid: number;
  name: string;
  hostname: string;
  path: string;
  ip4: string[];
  ip6: string[];
  dying: boolean;
  vnet: boolean;
  osrelease: string;
}

/** The parameters the inventory asks jls for, in the order they are asked. */
export const inventoryParameters = ['jid', 'name', 'host.hostname', 'path', 'ip4.addr', 'ip6.addr', 'dying', 'vnet', 'osrelease'];

export class JlsOutputError extends Error {}

type Values = Record<string, string | boolean | string[] | number | undefined>;

function text(values: Values, key: string): string {
  const v = values[key];
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function list(values: Values, key: string): string[] {
  const v = values[key];
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  if (typeof v === 'string') return v === '' || v === '-' ? [] : v.split(',');
  return [];
}

/** jls gives booleans as JSON booleans with -n, as "true"/"false" strings without, and as x/nox in text. */
function flag(values: Values, key: string): boolean {
  const v = values[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v === 'true' || v === '1';
}

function toJail(values: Values, where: string): RunningJail {
  const jidText = text(values, 'jid');
  const jid = Number(jidText);
  if (!/^\d+$/.test(jidText) || jid <= 0) throw new JlsOutputError(`${where}: jid "${jidText}" is not a jail id`);
  const vnet = values['vnet'];
  return {
    jid,
    name: text(values, 'name') || jidText,
    hostname: text(values, 'host.hostname'),
    path: text(values, 'path'),
    ip4: list(values, 'ip4.addr'),
    ip6: list(values, 'ip6.addr'),
    dying: flag(values, 'dying'),
    vnet: vnet === 'new' || vnet === true,
    osrelease: text(values, 'osrelease'),
  };
}

/** `jls --libxo json [-d] -n PARAM…`, any libxo version (1, 2 or 3). */
export function parseJlsJson(stdout: string): RunningJail[] {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch (error) {
    const reason = stdout.trim() === '' ? 'no output' : `not JSON (${(error as Error).message})`;
    throw new JlsOutputError(`jls --libxo json gave ${reason}`);
  }
  const info = (document as { 'jail-information'?: { jail?: unknown } } | null)?.['jail-information'];
  const jails = info?.jail ?? (info ? [] : undefined);
  if (!Array.isArray(jails)) throw new JlsOutputError('jls --libxo json gave no "jail-information" list');
  return jails.map((j, i) => {
    if (typeof j !== 'object' || j === null) throw new JlsOutputError(`jls --libxo json: entry ${i + 1} is not an object`);
    return toJail(j as Values, `jls entry ${i + 1}`);
  });
}

/**
 * Splits one `jls -n -q` line into name=value pairs. Values that hold blanks or quotes come wrapped in `"`
 * (or `'` when they hold `"`), with backslash escapes; a bare `name` or `noname` is a boolean.
 */
export function parseJlsPairs(line: string): Values {
  const values: Values = {};
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && line[i] !== '=' && line[i] !== ' ') i++;
    const key = line.slice(start, i);
    if (line[i] !== '=') {
      const [name, value] = booleanPair(key);
      values[name] = value;
      continue;
    }
    i++;
    let value = '';
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : undefined;
    if (quote) {
      i++;
      while (i < line.length && line[i] !== quote) {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        value += line[i++];
      }
      if (line[i] !== quote) throw new JlsOutputError(`jls -n: unterminated quoted value for ${key}`);
      i++;
    } else {
      while (i < line.length && line[i] !== ' ') value += line[i++];
    }
    values[key] = value;
  }
  return values;
}

/** The `no` prefix belongs to the last dotted component: `allow.nomount` is `allow.mount` = false. */
function isNegated(key: string): boolean {
  const last = key.slice(key.lastIndexOf('.') + 1);
  return last.startsWith('no') && last.length > 2;
}

function booleanKey(key: string): string {
  if (!isNegated(key)) return key;
  const dot = key.lastIndexOf('.');
  return key.slice(0, dot + 1) + key.slice(dot + 3);
}

/** A bare parameter as jls -n and jail -e print booleans: `persist` is persist=true, `nopersist` persist=false. */
export function booleanPair(key: string): [string, boolean] {
  return [booleanKey(key), !isNegated(key)];
}

/** `jls [-d] -n -q PARAM…`: one jail a line. */
export function parseJlsNameValue(stdout: string): RunningJail[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => toJail(parseJlsPairs(line), `jls line ${i + 1}`));
}
