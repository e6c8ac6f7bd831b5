// The structure of a file for the editor: its outline (jails, their parameters and variables), folding
// ranges, and go-to-definition / find-references for variables and for jails named in `depend`.
import { Analysis } from './analyze';
import { ParsedFile } from './parser';
import { isVariableDefinition, nameSpan, Statement, walkStatements, Word, wordText } from './ast';
import { blockJailName, locate } from './locate';
import { isWildcardName } from './names';
import { Span } from './text';

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: 'jail' | 'wildcard' | 'parameter' | 'variable' | 'include';
  readonly detail: string;
  readonly span: Span;
  readonly selection: Span;
  readonly children: readonly OutlineSymbol[];
}

export interface FileSpan extends Span {
  readonly file: string;
}

export function outline(statements: readonly Statement[], text: string, prefix = ''): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  for (const s of statements) {
    if (s.kind === 'block') {
      const name = prefix ? `${prefix}.${s.label}` : s.label;
      symbols.push({ name, kind: isWildcardName(name) ? 'wildcard' : 'jail', detail: '', span: s, selection: s.name, children: outline(s.body, text, name) });
    } else if (s.kind === 'param' && s.valid) {
      const detail = s.values.map((w) => text.slice(w.start, w.end)).join(', ');
      const variable = isVariableDefinition(s);
      symbols.push({ name: variable ? `$${s.nameText}` : s.nameText, kind: variable ? 'variable' : 'parameter', detail, span: s, selection: nameSpan(s), children: [] });
    } else if (s.kind === 'include') {
      symbols.push({ name: '.include', kind: 'include', detail: s.paths.map((w) => text.slice(w.start, w.end)).join(', '), span: s, selection: s.keyword, children: [] });
    }
  }
  return symbols;
}

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'region' | 'comment';
}

/** Blocks and comments spanning several lines, zero-based lines, the closing line left visible. */
export function foldingRanges(file: ParsedFile): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  walkStatements(file.statements, (s) => {
    if (s.kind !== 'block' || !s.close) return;
    const startLine = file.lines.lineOf(s.open.start);
    const endLine = file.lines.lineOf(s.close.start) - 1;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: 'region' });
  });
  for (const c of file.comments) {
    const startLine = file.lines.lineOf(c.start);
    const endLine = file.lines.lineOf(c.end);
    if (c.kind === 'block' && endLine > startLine) ranges.push({ startLine, endLine, kind: 'comment' });
  }
  return ranges;
}

type Target = { kind: 'variable'; name: string } | { kind: 'jail'; name: string };

/** What a navigation request at an offset is about. */
function targetAt(analysis: Analysis, file: string, offset: number): Target | undefined {
  const parsed = analysis.config.files.get(file);
  if (!parsed) return undefined;
  const { statement, token, blocks } = locate(parsed, offset);
  if (!token || !statement) return undefined;
  if (token.kind === 'variable') return { kind: 'variable', name: token.value };
  if (statement.kind === 'block' && token.start >= statement.name.start && token.end <= statement.name.end) return { kind: 'jail', name: blockJailName([...blocks, statement]) };
  if (statement.kind === 'param' && analysis.catalog.resolve(statement.nameText)?.spec.type === 'jails') {
    const word = statement.values.find((w) => w.start <= offset && offset <= w.end);
    if (word) return { kind: 'jail', name: wordText(word) };
  }
  return undefined;
}

function everyStatement(analysis: Analysis, visit: (s: Statement, file: string) => void): void {
  for (const [path, f] of analysis.config.files) walkStatements(f.statements, (s) => visit(s, path));
}

function dependWords(analysis: Analysis, name: string): FileSpan[] {
  const found: FileSpan[] = [];
  everyStatement(analysis, (s, file) => {
    if (s.kind !== 'param' || analysis.catalog.resolve(s.nameText)?.spec.type !== 'jails') return;
    s.values.filter((w: Word) => wordText(w) === name).forEach((w) => found.push({ file, start: w.start, end: w.end }));
  });
  return found;
}

function jailBlocks(analysis: Analysis, name: string): FileSpan[] {
  return analysis.configJails.flatMap((j) => (j.name === name && j.block ? [{ file: j.file, start: j.block.name.start, end: j.block.name.end }] : []));
}

function variableDefinitions(analysis: Analysis, name: string): FileSpan[] {
  const found: FileSpan[] = [];
  everyStatement(analysis, (s, file) => {
    if (s.kind === 'param' && s.valid && s.nameText === name) found.push({ file, start: s.start, end: s.nameEnd });
  });
  return found;
}

export function definitionsAt(analysis: Analysis, file: string, offset: number): FileSpan[] {
  const target = targetAt(analysis, file, offset);
  if (!target) return [];
  if (target.kind === 'jail') return jailBlocks(analysis, target.name);
  return variableDefinitions(analysis, target.name);
}

export function referencesAt(analysis: Analysis, file: string, offset: number, includeDeclaration = true): FileSpan[] {
  const target = targetAt(analysis, file, offset);
  if (!target) return [];
  if (target.kind === 'jail') return [...(includeDeclaration ? jailBlocks(analysis, target.name) : []), ...dependWords(analysis, target.name)];
  const uses: FileSpan[] = [];
  for (const [path, f] of analysis.config.files) {
    for (const t of f.tokens) if (t.kind === 'variable' && t.value === target.name) uses.push({ file: path, start: t.start, end: t.end });
  }
  const definitions = variableDefinitions(analysis, target.name);
  const isDefinition = (u: FileSpan) => definitions.some((d) => d.file === u.file && d.start === u.start);
  return [...(includeDeclaration ? definitions : []), ...uses.filter((u) => !isDefinition(u))].sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1));
}
