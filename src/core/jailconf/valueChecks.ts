// Checks the values a jail ends up with, after wildcards and variables, as FreeBSD checks them: jail(8)
// its own booleans and integers, libjail the kernel's types (only the last value of a scalar counts),
// the kernel its ranges and lengths, and jail(8) or ifconfig the `[interface|]address[/mask]` forms, the
// mount lines and the paths that must be absolute.
import { ParameterCatalog, ResolvedParameter } from './catalog';
import type { SourceParam } from './configJails';
import { DiagnosticCode } from './diagnostics';
import { EffectiveJail, EffectiveParam, EffectiveValue } from './evaluator';
import { Reporter } from './report';
import { canonicalAddress, isBooleanValue, isForbiddenAddress, isIPv4, isIPv6, isMaskValid, isStrtolInteger, jailsysValue, splitAddress } from './values';


/** A problem of a value, before it is known which jails have it. */
interface Finding {
  readonly code: DiagnosticCode;
  readonly value: EffectiveValue;
  readonly text: string;
}

/** Adds a problem to a list (a list rather than a callback, which would be made for every parameter). */
function emit(found: Finding[], code: DiagnosticCode, value: EffectiveValue, text: string): void {
  found.push({ code, value, text });
}

/** Whether a text's UTF-8 form is longer than `max` bytes; a short text (3 bytes at most per unit) is not. */
const longerThan = (text: string, max: number): boolean => text.length * 3 > max && Buffer.byteLength(text, 'utf8') > max;

function checkScalar(param: EffectiveParam, resolved: ResolvedParameter, value: EffectiveValue, found: Finding[]): void {
  const { spec } = resolved;
  const v = value.text;
  const name = param.name;
  switch (spec.type) {
    case 'boolean':
      if (!isBooleanValue(v)) emit(found, 'unknown-boolean', value, `${name}: unknown boolean value "${v}"`);
      return;
    case 'integer':
    case 'unsigned': {
      if (!isStrtolInteger(v, spec.handler === 'kernel')) return emit(found, 'non-integer', value, `${name}: non-integer value "${v}"`);
      const n = Number.parseInt(v.trim() || '0', 10);
      if (spec.range && (n < spec.range[0] || n > spec.range[1])) {
        emit(found, 'out-of-range', value, `${name}: ${v} is outside ${spec.range[0]}..${spec.range[1]} (jail_set: Invalid argument)`);
      } else if (spec.usualRange && (n < spec.usualRange[0] || n > spec.usualRange[1])) {
        emit(found, 'unusual-value', value, `${name}: ${v} acts like ${n < spec.usualRange[0] ? spec.usualRange[0] : spec.usualRange[1]}; the meaningful values are ${spec.usualRange[0]}..${spec.usualRange[1]}`);
      } else if (spec.name === 'osreldate' && n === 0) {
        emit(found, 'osreldate-zero', value, 'osreldate cannot be 0');
      }
      return;
    }
    case 'jailsys': {
      const canonical = jailsysValue(v);
      if (canonical === undefined) emit(found, 'unknown-jailsys', value, `${name}: unknown jailsys value "${v}"`);
      else if (canonical === 'invalid' || (spec.values && !spec.values.includes(canonical))) {
        emit(found, 'value-not-allowed', value, `${name}: the kernel refuses "${v}" (jail_set: Invalid argument); use ${(spec.values ?? []).join(' or ')}`);
      }
      return;
    }
    case 'string':
      if (spec.maxLength !== undefined && longerThan(v, spec.maxLength)) {
        const why = spec.name === 'osrelease' ? `osrelease string must be 1-${spec.maxLength} bytes long` : `${name} is longer than ${spec.maxLength} bytes (jail_set: File name too long)`;
        emit(found, 'value-too-long', value, why);
      }
      return;
    case 'path':
      if (spec.name === 'path' && !v.startsWith('/')) emit(found, 'relative-path', value, `path ${v}: not an absolute pathname`);
      else if (spec.name === 'exec.consolelog' && !v.startsWith('/')) emit(found, 'relative-path', value, `exec.consolelog: ${v}: not an absolute pathname`);
      return;
    default:
  }
}

/** The default of security.jail.jail_max_af_ips: addresses of one family a jail may have. */
const maxAddresses = 255;

function checkAddresses(param: EffectiveParam, family: 4 | 6, found: Finding[]): void {
  if (param.values.length === 1 && param.values[0].text === '') return;
  if (param.values.length > maxAddresses) {
    emit(found, 'too-many-addresses', param.values[maxAddresses], `${param.name}: ${param.values.length} addresses, more than the ${maxAddresses} the kernel takes unless security.jail.jail_max_af_ips is raised (too many IPv${family} addresses)`);
  }
  // Duplicates are possible only in a list; most jails have one address.
  const seen = param.values.length > 1 ? new Set<string>() : undefined;
  for (const value of param.values) {
    const form = splitAddress(value.text);
    if (form.iface === '') emit(found, 'invalid-interface', value, `${param.name}: "${value.text}" has no interface before "|"`);
    else if (form.iface !== undefined && form.iface.length > 15) emit(found, 'interface-name-too-long', value, `${param.name}: interface "${form.iface}" is longer than 15 characters`);
    const valid = family === 4 ? isIPv4(form.address) : isIPv6(form.address);
    if (!valid) {
      emit(found, family === 4 ? 'invalid-ipv4' : 'invalid-ipv6', value, `${param.name}: not an IPv${family} address: ${form.address}`);
      continue;
    }
    if (form.mask !== undefined && !isMaskValid(form.mask, family)) {
      emit(found, 'invalid-address-mask', value, `${param.name}: "/${form.mask}" is not a prefix length (0..${family === 4 ? 32 : 128}) ifconfig accepts`);
    }
    const key = seen && canonicalAddress(form.address, family);
    if (isForbiddenAddress(form.address, family)) emit(found, 'forbidden-address', value, `${param.name}: the kernel refuses the address ${form.address} (jail_set: Invalid argument)`);
    else if (key !== undefined && seen?.has(key)) emit(found, 'forbidden-address', value, `${param.name}: ${form.address} is listed twice; the kernel refuses duplicates (jail_set: Invalid argument)`);
    if (key !== undefined) seen?.add(key);
  }
}

function checkMounts(param: EffectiveParam, found: Finding[]): void {
  for (const value of param.values) {
    const fields = value.text.split(/[ \t\f\v\r\n]+/).filter((f) => f.length > 0);
    if (fields.length === 0) continue;
    if (fields.length < 3) emit(found, 'mount-missing-information', value, `mount: ${value.text}: missing information`);
    else if (!fields[1].startsWith('/')) emit(found, 'relative-path', value, `mount: ${fields[1]}: not an absolute pathname`);
  }
}

function checkParam(param: EffectiveParam, catalog: ParameterCatalog, found: Finding[]): void {
  const resolved = catalog.resolve(param.name);
  if (!resolved || resolved.key !== undefined || param.values.length === 0 || param.bad) return;
  const { spec } = resolved;
  if (spec.type === 'ipv4' || spec.type === 'ipv6') checkAddresses(param, spec.type === 'ipv4' ? 4 : 6, found);
  else if (spec.type === 'fstab') checkMounts(param, found);
  else if (!spec.list) {
    const last = param.values[param.values.length - 1];
    checkScalar(param, resolved, last, found);
    if (param.values.length > 1 && spec.type !== 'unknown') emit(found, 'scalar-list', last, `${param.name} takes one value; FreeBSD keeps only the last ("${last.text}")`);
  }
}

const nothing: readonly Finding[] = [];

/**
 * Checks the parameters of every jail. A parameter shared by several jails (a statement without variables,
 * taken as written) is checked once; its problems are then reported for each jail that has it.
 */
export class ValueChecker {
  /** What each statement's shared parameter gave, by the statement's index. */
  private readonly sharedFindings: (readonly Finding[] | undefined)[] = [];

  constructor(
    private readonly catalog: ParameterCatalog,
    private readonly report: Reporter,
  ) {}

  private findings(param: EffectiveParam): readonly Finding[] {
    const index = param.frozen ? (param as SourceParam).index : -1;
    // A parameter of one jail, or a statement made for one evaluation, is checked where it is met.
    if (index < 0) return this.checked(param);
    let known = this.sharedFindings[index];
    if (!known) {
      known = this.checked(param);
      this.sharedFindings[index] = known;
    }
    return known;
  }

  /** Nearly every parameter is fine: a list is made only for one that is not. */
  private readonly scratch: Finding[] = [];

  private checked(param: EffectiveParam): readonly Finding[] {
    checkParam(param, this.catalog, this.scratch);
    if (this.scratch.length === 0) return nothing;
    const found = this.scratch.slice();
    this.scratch.length = 0;
    return found;
  }

  /**
   * With `literalOnly`, values that held variables are skipped: that is how wildcard blocks no jail uses
   * are checked, where variables cannot be known.
   */
  check(jail: EffectiveJail, literalOnly = false): void {
    for (const param of jail.params) {
      for (const { code, value, text } of this.findings(param)) {
        if (!value.source || !value.file) continue;
        if (literalOnly && value.source.vars.length > 0) continue;
        this.report.addForJail(code, jail.name, { file: value.file, start: value.source.word.start, end: value.source.word.end }, text);
      }
    }
  }
}
