// Checks the values a jail ends up with, after wildcards and variables, as FreeBSD checks them: jail(8)
// its own booleans and integers, libjail the kernel's types (only the last value of a scalar counts),
// the kernel its ranges and lengths, and jail(8) or ifconfig the `[interface|]address[/mask]` forms, the
// mount lines and the paths that must be absolute.
import { ParameterCatalog, ResolvedParameter } from './catalog';
import { DiagnosticCode } from './diagnostics';
import { EffectiveJail, EffectiveParam, EffectiveValue } from './evaluator';
import { Reporter } from './report';
import { isBooleanValue, isForbiddenAddress, isIPv4, isIPv6, isMaskValid, isStrtolInteger, jailsysValue, splitAddress } from './values';

type Emit = (code: DiagnosticCode, value: EffectiveValue, text: string) => void;

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

function checkScalar(param: EffectiveParam, resolved: ResolvedParameter, value: EffectiveValue, emit: Emit): void {
  const { spec } = resolved;
  const v = value.text;
  const name = param.name;
  switch (spec.type) {
    case 'boolean':
      if (!isBooleanValue(v)) emit('unknown-boolean', value, `${name}: unknown boolean value "${v}"`);
      return;
    case 'integer':
    case 'unsigned': {
      if (!isStrtolInteger(v, spec.handler === 'kernel')) return emit('non-integer', value, `${name}: non-integer value "${v}"`);
      const n = Number.parseInt(v.trim() || '0', 10);
      if (spec.range && (n < spec.range[0] || n > spec.range[1])) {
        emit('out-of-range', value, `${name}: ${v} is outside ${spec.range[0]}..${spec.range[1]} (jail_set: Invalid argument)`);
      } else if (spec.usualRange && (n < spec.usualRange[0] || n > spec.usualRange[1])) {
        emit('unusual-value', value, `${name}: ${v} acts like ${n < spec.usualRange[0] ? spec.usualRange[0] : spec.usualRange[1]}; the meaningful values are ${spec.usualRange[0]}..${spec.usualRange[1]}`);
      } else if (spec.name === 'osreldate' && n === 0) {
        emit('osreldate-zero', value, 'osreldate cannot be 0');
      }
      return;
    }
    case 'jailsys': {
      const canonical = jailsysValue(v);
      if (canonical === undefined) emit('unknown-jailsys', value, `${name}: unknown jailsys value "${v}"`);
      else if (canonical === 'invalid' || (spec.values && !spec.values.includes(canonical))) {
        emit('value-not-allowed', value, `${name}: the kernel refuses "${v}" (jail_set: Invalid argument); use ${(spec.values ?? []).join(' or ')}`);
      }
      return;
    }
    case 'string':
      if (spec.maxLength !== undefined && byteLength(v) > spec.maxLength) {
        const why = spec.name === 'osrelease' ? `osrelease string must be 1-${spec.maxLength} bytes long` : `${name} is longer than ${spec.maxLength} bytes (jail_set: File name too long)`;
        emit('value-too-long', value, why);
      }
      return;
    case 'path':
      if (spec.name === 'path' && !v.startsWith('/')) emit('relative-path', value, `path ${v}: not an absolute pathname`);
      else if (spec.name === 'exec.consolelog' && !v.startsWith('/')) emit('relative-path', value, `exec.consolelog: ${v}: not an absolute pathname`);
      return;
    default:
  }
}

function checkAddresses(param: EffectiveParam, family: 4 | 6, emit: Emit): void {
  if (param.values.length === 1 && param.values[0].text === '') return;
  const seen = new Map<string, EffectiveValue>();
  for (const value of param.values) {
    const form = splitAddress(value.text);
    if (form.iface === '') emit('invalid-interface', value, `${param.name}: "${value.text}" has no interface before "|"`);
    else if (form.iface !== undefined && form.iface.length > 15) emit('interface-name-too-long', value, `${param.name}: interface "${form.iface}" is longer than 15 characters`);
    const valid = family === 4 ? isIPv4(form.address) : isIPv6(form.address);
    if (!valid) {
      emit(family === 4 ? 'invalid-ipv4' : 'invalid-ipv6', value, `${param.name}: not an IPv${family} address: ${form.address}`);
      continue;
    }
    if (form.mask !== undefined && !isMaskValid(form.mask, family)) {
      emit('invalid-address-mask', value, `${param.name}: "/${form.mask}" is not a prefix length (0..${family === 4 ? 32 : 128}) ifconfig accepts`);
    }
    const key = family === 4 ? form.address : expandIPv6(form.address);
    if (isForbiddenAddress(form.address, family)) emit('forbidden-address', value, `${param.name}: the kernel refuses the address ${form.address} (jail_set: Invalid argument)`);
    else if (seen.has(key)) emit('forbidden-address', value, `${param.name}: ${form.address} is listed twice; the kernel refuses duplicates (jail_set: Invalid argument)`);
    seen.set(key, value);
  }
}

/** A canonical spelling of an IPv6 address, to find duplicates written differently. */
function expandIPv6(address: string): string {
  const [head, tail] = address.toLowerCase().split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const missing = 8 - h.length - t.length;
  return [...h, ...Array(tail === undefined ? 0 : Math.max(0, missing)).fill('0'), ...t].map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

function checkMounts(param: EffectiveParam, emit: Emit): void {
  for (const value of param.values) {
    const fields = value.text.split(/[ \t\f\v\r\n]+/).filter((f) => f.length > 0);
    if (fields.length === 0) continue;
    if (fields.length < 3) emit('mount-missing-information', value, `mount: ${value.text}: missing information`);
    else if (!fields[1].startsWith('/')) emit('relative-path', value, `mount: ${fields[1]}: not an absolute pathname`);
  }
}

/**
 * Checks every parameter of one jail. With `literalOnly`, values that held variables are skipped: that is
 * how wildcard blocks no jail uses are checked, where variables cannot be known.
 */
export function checkValues(jail: EffectiveJail, catalog: ParameterCatalog, report: Reporter, literalOnly = false): void {
  const emit: Emit = (code, value, text) => {
    if (!value.source || !value.file) return;
    if (literalOnly && value.source.vars.length > 0) return;
    report.addForJail(code, jail.name, { file: value.file, start: value.source.word.start, end: value.source.word.end }, text);
  };
  for (const param of jail.params) {
    const resolved = catalog.resolve(param.name);
    if (!resolved || resolved.key !== undefined || param.values.length === 0 || param.bad) continue;
    const { spec } = resolved;
    if (spec.type === 'ipv4' || spec.type === 'ipv6') checkAddresses(param, spec.type === 'ipv4' ? 4 : 6, emit);
    else if (spec.type === 'fstab') checkMounts(param, emit);
    else if (!spec.list) {
      const last = param.values[param.values.length - 1];
      checkScalar(param, resolved, last, emit);
      if (param.values.length > 1 && spec.type !== 'unknown') emit('scalar-list', last, `${param.name} takes one value; FreeBSD keeps only the last ("${last.text}")`);
    }
  }
}
