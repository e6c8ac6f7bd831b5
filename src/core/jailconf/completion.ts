// Completion candidates at an offset: parameter names where a statement starts, values after `=`
// (booleans, jailsys and other known values, jail names for depend, usual commands), and variables or
// parameters of the jail after `$` or `${`.
import { Analysis } from './analyze';
import { isVariableDefinition, walkStatements } from './ast';
import { describeParameter } from './hover';
import { blockJailName, locate, tokenIndexBefore } from './locate';
import { ParameterSpec } from './parameters';

export type CompletionKind = 'parameter' | 'value' | 'variable' | 'jail' | 'keyword';

export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText?: string;
  /** Offsets of the text the candidate replaces. */
  readonly replaceStart: number;
  readonly replaceEnd: number;
}

const usualCommands: Record<string, readonly string[]> = {
  'exec.start': ['"/bin/sh /etc/rc"'],
  'exec.stop': ['"/bin/sh /etc/rc.shutdown jail"'],
};

function valuesFor(spec: ParameterSpec, analysis: Analysis): { label: string; kind: CompletionKind }[] {
  if (spec.type === 'boolean') return ['true', 'false'].map((label) => ({ label, kind: 'value' }));
  if (spec.values) return spec.values.map((label) => ({ label, kind: 'value' }));
  if (spec.type === 'jails') return analysis.jails.map((j) => ({ label: j.name, kind: 'jail' }));
  return (usualCommands[spec.name] ?? []).map((label) => ({ label, kind: 'value' }));
}

function variableCandidates(analysis: Analysis, file: string, offset: number, start: number, braced: boolean): CompletionCandidate[] {
  const parsed = analysis.config.files.get(file);
  const names = new Map<string, string>();
  for (const [, f] of analysis.config.files) {
    walkStatements(f.statements, (s) => {
      if (s.kind === 'param' && isVariableDefinition(s)) names.set(s.nameText, 'variable');
    });
  }
  const jailName = parsed ? blockJailName(locate(parsed, offset).blocks) : '';
  const jail = analysis.jails.find((j) => j.name === jailName);
  for (const p of jail?.params ?? []) if (!names.has(p.name)) names.set(p.name, 'parameter of this jail');
  if (!jail) names.set('name', 'parameter of this jail');
  return [...names].map(([name, detail]) => {
    const needsBraces = braced || name.includes('.');
    return { label: `$${needsBraces ? `{${name}}` : name}`, kind: 'variable', detail, insertText: needsBraces ? `\${${name}}` : `$${name}`, replaceStart: start, replaceEnd: offset };
  });
}

export function completionsAt(analysis: Analysis, file: string, offset: number): CompletionCandidate[] {
  const parsed = analysis.config.files.get(file);
  if (!parsed) return [];
  const lineStart = parsed.text.lastIndexOf('\n', offset - 1) + 1;
  const before = parsed.text.slice(lineStart, offset);
  const dollar = /\$(\{?)[A-Za-z0-9_.]*$/.exec(before);
  if (dollar) return variableCandidates(analysis, file, offset, lineStart + dollar.index, dollar[1] === '{');

  const typed = /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]*$/.exec(before)?.[0] ?? '';
  const replaceStart = offset - typed.length;
  const previousIndex = tokenIndexBefore(parsed, replaceStart);
  const previous = previousIndex >= 0 ? parsed.tokens[previousIndex] : undefined;
  const atStatementStart = !previous || previous.kind === ';' || previous.kind === '{' || previous.kind === '}';
  if (atStatementStart) {
    const params: CompletionCandidate[] = analysis.catalog
      .all()
      .filter((spec) => spec.access !== 'ro' && !spec.deprecated)
      .map((spec) => ({ label: spec.name, kind: 'parameter', detail: spec.type, documentation: describeParameter(spec), replaceStart, replaceEnd: offset }));
    params.push({ label: '.include', kind: 'keyword', detail: 'include other files', insertText: '.include ', replaceStart, replaceEnd: offset });
    return params;
  }
  if (previous && (previous.kind === '=' || previous.kind === '+=' || previous.kind === ',')) {
    let i = previousIndex;
    while (i > 0 && ![';', '{', '}'].includes(parsed.tokens[i - 1].kind)) i--;
    const name = parsed.tokens[i];
    const resolved = name.kind === 'text' ? analysis.catalog.resolve(name.value) : undefined;
    if (!resolved) return [];
    return valuesFor(resolved.spec, analysis).map((v) => ({ ...v, detail: resolved.spec.name, replaceStart, replaceEnd: offset }));
  }
  return [];
}
