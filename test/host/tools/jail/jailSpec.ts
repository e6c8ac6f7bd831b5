/**
 * Checks a jail's resolved parameters the way libjail and jail(8) do and splits them into kernel
 * parameters (typed values) and jail(8)'s own ones, with the messages of freebsd-reference.md §1.4, §1.11.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { findParam, ParamValue } from '../kernel/jailTable';
import { JAILSYS_VALUES, ParamDefinition } from '../kernel/paramTable';
import { JailConfigError, ResolvedParam } from './confResolver';
import { PSEUDO_PARAMS, withoutNo } from './pseudoParams';

export interface AddressAlias {
  family: 'inet' | 'inet6';
  interfaceName: string;
  address: string;
  /** "/24" or "" (then 255.255.255.255, or prefixlen 128). */
  mask: string;
}

export interface JailSpec {
  /** The name messages use (j->name): the block name or the name= parameter; undefined when neither. */
  label?: string;
  kernel: Map<string, ParamValue>;
  commands: Map<string, string[]>;
  flags: Map<string, boolean>;
  strings: Map<string, string>;
  numbers: Map<string, number>;
  lists: Map<string, string[]>;
  aliases: AddressAlias[];
  /** Every parameter as configured, for jail -e. */
  configured: ResolvedParam[];
}

export function isKnownBoolean(name: string): boolean {
  return PSEUDO_PARAMS[name] === 'bool' || findParam(name)?.type === 'bool';
}

function booleanValue(param: ResolvedParam, name: string): boolean {
  if (param.values === undefined) return !param.negated;
  const text = param.values[param.values.length - 1] ?? '';
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^-?\d+$/.test(text)) return Number(text) !== 0;
  throw new JailConfigError(`${name}: unknown boolean value "${text}"`);
}

function integerValue(param: ResolvedParam, name: string): number {
  const text = param.values?.[param.values.length - 1] ?? '';
  if (!/^-?\d+$/.test(text)) throw new JailConfigError(`${name}: non-integer value "${text}"`);
  return Number(text);
}

function addresses(param: ResolvedParam, definition: ParamDefinition, defaultInterface: string | undefined, aliases: AddressAlias[]): string[] {
  const family = definition.type === 'ip4' ? 'inet' : 'inet6';
  return (param.values ?? []).flatMap((value) => value.split(',')).filter((value) => value !== '').map((value) => {
    const bar = value.indexOf('|');
    const interfaceName = bar >= 0 ? value.slice(0, bar) : defaultInterface;
    const [withMask] = value.slice(bar + 1).split(/\s+/);
    const slash = withMask.indexOf('/');
    const address = slash >= 0 ? withMask.slice(0, slash) : withMask;
    const valid = family === 'inet' ? isIPv4(address) : isIPv6(address);
    if (!valid) throw new JailConfigError(`${definition.name}: not an ${family === 'inet' ? 'IPv4' : 'IPv6'} address: ${address}`);
    if (interfaceName) aliases.push({ family, interfaceName, address, mask: slash >= 0 ? withMask.slice(slash) : '' });
    return address;
  });
}

function kernelValue(param: ResolvedParam, definition: ParamDefinition, spec: JailSpec): ParamValue {
  switch (definition.type) {
    case 'bool': return booleanValue(param, definition.name);
    case 'int': case 'ulong': return integerValue(param, definition.name);
    case 'jailsys': {
      if (param.values === undefined) return param.negated ? 'disable' : 'new';
      const text = param.values[param.values.length - 1] ?? '';
      if ((JAILSYS_VALUES as readonly string[]).includes(text)) return text;
      if (/^[0-2]$/.test(text)) return JAILSYS_VALUES[Number(text)];
      throw new JailConfigError(`${definition.name}: unknown jailsys value "${text}"`);
    }
    case 'ip4': case 'ip6': return addresses(param, definition, spec.strings.get('interface'), spec.aliases);
    default: return param.values?.[param.values.length - 1] ?? '';
  }
}

/**
 * Builds the spec; `label` is the configured jail's name (command-line jails have none, so their messages
 * carry no "NAME: " prefix), and errors are prefixed with it like jail_warnx.
 */
export function buildJailSpec(configured: ResolvedParam[], label: string | undefined): JailSpec {
  const spec: JailSpec = { label, kernel: new Map(), commands: new Map(), flags: new Map(), strings: new Map(),
    numbers: new Map(), lists: new Map(), aliases: [], configured };
  try {
    // interface first: it is the default for addresses listed before it.
    const ordered = [...configured].sort((a, b) => Number(b.name === 'interface') - Number(a.name === 'interface'));
    for (const param of ordered) addParam(spec, param);
  } catch (error) {
    if (error instanceof JailConfigError && label !== undefined) throw new JailConfigError(`${label}: ${error.message}`);
    throw error;
  }
  return spec;
}

function addParam(spec: JailSpec, param: ResolvedParam): void {
  const pseudo = PSEUDO_PARAMS[param.name];
  if (pseudo) {
    const values = param.values ?? [];
    if (pseudo === 'commands') spec.commands.set(param.name, values.filter((command) => command !== ''));
    else if (pseudo === 'bool') spec.flags.set(param.name, booleanValue(param, param.name));
    else if (pseudo === 'int') spec.numbers.set(param.name, integerValue(param, param.name));
    else if (pseudo === 'string') spec.strings.set(param.name, values[values.length - 1] ?? '');
    else spec.lists.set(param.name, values);
    return;
  }
  const definition = findParam(param.name);
  if (!definition) {
    const positive = withoutNo(param.name);
    if (positive !== undefined && findParam(positive)) throw new JailConfigError(`mismatched boolean: ${param.name}`);
    throw new JailConfigError(`unknown parameter: ${param.name}`);
  }
  if (param.negated && definition.type !== 'bool' && definition.type !== 'jailsys') {
    throw new JailConfigError(`mismatched boolean: ${param.name}`);
  }
  spec.kernel.set(definition.name, kernelValue(param, definition, spec));
}
