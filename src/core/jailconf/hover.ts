// Hover text (Markdown) for what is under the cursor: a parameter (description, type, default, what the
// jail ends up with), a variable (its value after substitution in each jail) or a jail name.
import { Analysis } from './analyze';
import { isVariableDefinition, wordText } from './ast';
import { EffectiveJail, EffectiveParam, sourcesOf, substitutionsOf } from './evaluator';
import { jailList } from './report';
import { equalopts } from './names';
import { ParameterSpec } from './parameters';
import { blockJailName, locate } from './locate';
import { Span } from './text';
import { Token } from './tokens';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

const typeNames: Record<ParameterSpec['type'], string> = {
  boolean: 'boolean',
  integer: 'integer',
  unsigned: 'unsigned integer',
  string: 'string',
  jailsys: 'jailsys',
  ipv4: 'list of IPv4 addresses',
  ipv6: 'list of IPv6 addresses',
  path: 'path',
  command: 'list of commands',
  fstab: 'list of fstab lines',
  jails: 'list of jail names',
  list: 'list',
  keyvalue: 'key-value text',
  unknown: 'type unknown',
};

const quoteValues = (values: readonly string[]): string => (values.length ? values.map((v) => JSON.stringify(v)).join(', ') : '(set, no value)');

/** Describes a parameter from the table, as hover and completion show it. */
export function describeParameter(spec: ParameterSpec): string {
  const lines = [`**${spec.name}** — ${typeNames[spec.type]}, ${spec.handler === 'kernel' ? 'kernel parameter' : 'jail(8) parameter'}`, '', spec.description];
  const facts: string[] = [];
  if (spec.values) facts.push(`Values: ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  if (spec.range) facts.push(`Range: ${spec.range[0]}..${spec.range[1]}`);
  if (spec.defaultValue) facts.push(`Default: ${spec.defaultValue}`);
  if (spec.access === 'create') facts.push('Set at creation only');
  if (spec.access === 'ro') facts.push('Read-only');
  if (spec.since) facts.push(`Since FreeBSD ${spec.since}`);
  if (spec.deprecated) facts.push(`Deprecated: ${spec.deprecated}`);
  if (facts.length) lines.push('', facts.join(' · '));
  return lines.join('\n');
}

function jailsOfStatement(analysis: Analysis, file: string, statementStart: number): EffectiveJail[] {
  const fromStatement = (p: EffectiveParam) => sourcesOf(p).some((s) => s.file === file && s.statement.start === statementStart);
  return analysis.jails.filter((j) => j.params.some(fromStatement) || j.variables.some(fromStatement));
}

function variableHover(analysis: Analysis, file: string, token: Token): string {
  const shown = token.braced ? `\${${token.value}}` : `$${token.value}`;
  const lines = [`**${shown}**`];
  const byValue = new Map<string, string[]>();
  const wildcards = analysis.configJails.filter((j) => j.wildcard);
  for (const jail of analysis.jails) {
    const use = substitutionsOf(jail, wildcards).find((s) => s.token.start === token.start && s.file === file);
    if (!use) continue;
    const key = use.values ? quoteValues(use.values.map((v) => v.text)) : 'not found';
    byValue.set(key, [...(byValue.get(key) ?? []), jail.name]);
  }
  for (const [value, jails] of byValue) lines.push('', `${jailList(jails)}: ${value}`);
  if (byValue.size === 0) lines.push('', 'Not used by any jail in this file.');
  return lines.join('\n');
}

export function hoverAt(analysis: Analysis, file: string, offset: number): HoverResult | undefined {
  const parsed = analysis.config.files.get(file);
  if (!parsed) return undefined;
  const { statement, token, blocks } = locate(parsed, offset);
  if (!token) return undefined;
  const span = { start: token.start, end: token.end };
  if (statement?.kind === 'block' && token.start >= statement.name.start && token.end <= statement.name.end) {
    const name = blockJailName([...blocks, statement]);
    const jail = analysis.jails.find((j) => j.name === name);
    const params = jail ? jail.params.map((p) => `${p.name} = ${quoteValues(p.values.map((v) => v.text))}`) : [];
    const body = jail ? ['```', ...params.slice(0, 40), ...(params.length > 40 ? ['…'] : []), '```'] : ['A wildcard block: its parameters apply to every jail whose name matches.'];
    return { markdown: [`**jail ${name}**`, '', ...body].join('\n'), span: { start: statement.name.start, end: statement.name.end } };
  }
  if (token.kind === 'variable' && !(statement?.kind === 'param' && statement.start === token.start)) {
    return { markdown: variableHover(analysis, file, token), span };
  }
  if (statement?.kind !== 'param') return undefined;
  if (statement.start === token.start) {
    if (isVariableDefinition(statement)) {
      const byValue = new Map<string, string[]>();
      for (const jail of jailsOfStatement(analysis, file, statement.start)) {
        const variable = jail.variables.find((v) => v.name === token.value && !v.bad);
        const value = quoteValues(variable?.values.map((v) => v.text) ?? []);
        byValue.set(value, [...(byValue.get(value) ?? []), jail.name]);
      }
      const values = [...byValue].map(([value, jails]) => `${jailList(jails)}: ${value}`);
      return { markdown: [`**$${token.value}** — variable`, ...(values.length ? values : ['Not used by any jail in this file.'])].join('\n\n'), span };
    }
    const resolved = analysis.catalog.resolve(token.value);
    if (!resolved) return { markdown: `**${token.value}** — unknown parameter`, span };
    const lines = [describeParameter(resolved.spec)];
    if (resolved.negated) lines.push('', `Written with \`no\`: sets ${resolved.spec.name} to false.`);
    for (const jail of jailsOfStatement(analysis, file, statement.start).slice(0, 5)) {
      const p = jail.params.find((x) => equalopts(x.name, token.value));
      if (p) lines.push('', `In **${jail.name}**: ${quoteValues(p.values.map((v) => v.text))}`);
    }
    return { markdown: lines.join('\n'), span };
  }
  const word = statement.values.find((w) => w.start <= offset && offset <= w.end);
  if (word && analysis.catalog.resolve(statement.nameText)?.spec.type === 'jails') {
    const target = analysis.jails.find((j) => j.name === wordText(word));
    return { markdown: target ? `**jail ${target.name}**: started before this jail and stopped after it.` : `No jail named "${wordText(word)}" is configured.`, span: word };
  }
  return undefined;
}
