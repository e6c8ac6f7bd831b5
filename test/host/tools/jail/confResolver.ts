/**
 * Turns parsed jail.conf blocks into each jail's parameter list: globals and matching wildcard blocks
 * merged by position (later overrides), "no" booleans folded onto their names, and variables substituted
 * per jail (freebsd-reference.md §1.4–1.6). Errors carry config.c's messages.
 */
import { Part } from './confLexer';
import { Block, Statement } from './confParser';
import { withoutNo } from './pseudoParams';

export interface ResolvedParam {
  name: string;
  /** Undefined for a valueless (boolean) parameter. */
  values?: string[];
  /** A valueless parameter written with "no" (nopersist). */
  negated?: boolean;
}

export class JailConfigError extends Error {}

/** A name counts as a wildcard when one of its dot-separated components is "*". */
export function isWildcardName(name: string): boolean {
  return name.split('.').includes('*');
}

/** config.c wild_jail_match: a non-final "*" matches one component, a final one matches one or more. */
export function wildcardMatches(pattern: string, name: string): boolean {
  const want = pattern.split('.');
  const have = name.split('.');
  for (let index = 0; index < want.length; index++) {
    const last = index === want.length - 1;
    if (want[index] === '*') {
      if (index >= have.length) return false;
      if (last) return true;
      continue;
    }
    if (have[index] !== want[index]) return false;
  }
  return want.length === have.length;
}

/** Configured (non-wildcard) jail names in file order. */
export function configuredJailNames(blocks: Block[]): string[] {
  const names: string[] = [];
  for (const block of blocks) if (!isWildcardName(block.name) && !names.includes(block.name)) names.push(block.name);
  return names;
}

interface Entry { name: string; expressions?: Part[][]; negated?: boolean }

export function resolveJail(blocks: Block[], jailName: string, isKnownBoolean: (name: string) => boolean): ResolvedParam[] {
  const warn = (message: string): never => { throw new JailConfigError(`${jailName}: ${message}`); };
  const params = new Map<string, Entry>();
  const variables = new Map<string, Part[][]>();
  const keyOf = (name: string) => {
    const positive = withoutNo(name);
    return positive !== undefined && isKnownBoolean(positive) ? positive : name;
  };
  const ownName: Entry = /^[1-9]\d*$/.test(jailName)
    ? { name: 'jid', expressions: [[{ literal: jailName }]] }
    : { name: 'name', expressions: [[{ literal: jailName }]] };
  params.set(ownName.name, ownName);
  const applicable = blocks.filter((block) => block.name === jailName || (isWildcardName(block.name) && wildcardMatches(block.name, jailName)));
  for (const statement of applicable.flatMap((block) => block.statements)) apply(statement);

  function apply(statement: Statement): void {
    if (statement.isVariable) {
      variables.set(statement.name, statement.operator === 'append' ? [...(variables.get(statement.name) ?? []), ...statement.values] : statement.values);
      return;
    }
    const key = keyOf(statement.name);
    if (key === 'name' || (key === 'jid' && ownName.name === 'jid')) warn(`cannot redefine parameter "${key}".`);
    const existing = params.get(key);
    if (statement.operator === 'flag') {
      params.set(key, { name: key, negated: key !== statement.name });
    } else if (statement.operator === 'append' && existing?.expressions) {
      existing.expressions.push(...statement.values);
    } else {
      params.set(key, { name: key, expressions: [...statement.values] });
    }
  }

  for (const variable of variables.keys()) {
    if (params.has(variable)) warn(`variable "$${variable}" cannot have the same name as a parameter.`);
  }

  const expanding = new Set<string>();
  const expandNamed = (reference: string, forParam: string): string[] => {
    const source = variables.get(reference) ?? params.get(reference)?.expressions;
    if (source === undefined) {
      if (params.has(reference)) return [params.get(reference)?.negated ? 'false' : 'true'];
      warn(`${forParam}: variable "${reference}" not found`);
    }
    if (expanding.has(reference)) warn(`${reference}: variable loop`);
    expanding.add(reference);
    const values = (source as Part[][]).flatMap((expression) => expand(expression, forParam));
    expanding.delete(reference);
    return values;
  };
  const expand = (expression: Part[], forParam: string): string[] => {
    if (expression.length === 1 && 'variable' in expression[0]) return expandNamed(expression[0].variable, forParam);
    let text = '';
    for (const part of expression) {
      if ('literal' in part) { text += part.literal; continue; }
      const values = expandNamed(part.variable, forParam);
      if (values.length > 1) warn(`${forParam}: array cannot be substituted inline`);
      text += values[0] ?? '';
    }
    return [text];
  };

  return [...params.values()].map((entry) => (entry.expressions
    ? { name: entry.name, values: entry.expressions.flatMap((expression) => expand(expression, entry.name)) }
    : { name: entry.name, negated: entry.negated }));
}
