// Diagnostics of a file as text: the lexer's and parser's errors, include failures, unquoted `#`, `//`
// and `/*` that cut a value short, and syntax the targeted FreeBSD release does not read.
import { hasVariables, walkStatements } from './ast';
import { DiagnosticData } from './diagnostics';
import { LoadedConfig } from './includes';
import { ParsedFile, ParseError } from './parser';
import { Reporter } from './report';
import { Comment } from './tokens';
import { isOlder } from './version';

const lexMessages = {
  'unterminated-string': 'unterminated string',
  'unterminated-comment': 'unterminated comment',
  'unterminated-variable': 'unterminated variable',
} as const;

const commentOpener = (c: Comment): string => (c.kind === 'hash' ? '#' : c.kind === 'double-slash' ? '//' : '/*');

/** A fix that puts the unquoted value a comment cut short inside double quotes, when that is safe. */
function quoteFix(file: ParsedFile, comment: Comment): DiagnosticData | undefined {
  const index = file.tokens.findIndex((t) => t.end === comment.start);
  if (index < 0) return undefined;
  let first = index;
  while (first > 0 && file.tokens[first].glued) first--;
  const pieces = file.tokens.slice(first, index + 1);
  if (pieces.some((p) => p.quote !== 'none' || p.kind === 'stray')) return undefined;
  const lineEnd = file.text.indexOf('\n', comment.start);
  let rest = file.text.slice(comment.start, lineEnd < 0 ? file.text.length : lineEnd).trimEnd();
  if (comment.kind === 'block') rest = file.text.slice(comment.start, comment.end);
  const semicolon = comment.kind !== 'block' && rest.endsWith(';');
  if (semicolon) rest = rest.slice(0, -1);
  const start = pieces[0].start;
  const end = comment.kind === 'block' ? comment.end : comment.start + rest.length;
  const value = file.text.slice(start, comment.start) + rest;
  return { kind: 'quote', start, end, text: `"${value.replace(/"/g, '\\"')}"` };
}

function explainedError(errors: readonly ParseError[], comment: Comment): ParseError | undefined {
  let best: ParseError | undefined;
  for (const e of errors) {
    const after = e.code === 'unexpected-eof' || e.start >= comment.start || e.insertAt === comment.start;
    if (e.statementStart <= comment.start && after && (!best || e.statementStart >= best.statementStart)) best = e;
  }
  return best;
}

export function checkFiles(config: LoadedConfig, report: Reporter, version?: [number, number]): void {
  for (const [path, file] of config.files) {
    for (const e of file.lexErrors) report.add(e.code, { file: path, start: e.start, end: e.code === 'unterminated-comment' ? e.start + 2 : e.end }, lexMessages[e.code]);
    const explained = new Map<ParseError, { comment: Comment; fix?: DiagnosticData }>();
    for (const comment of file.comments) {
      if (!comment.glued) continue;
      const fix = quoteFix(file, comment);
      const error = explainedError(file.parseErrors, comment);
      const swallowed = /[;{}]/.test(file.text.slice(comment.start, comment.end));
      if (error && swallowed && !explained.has(error)) {
        explained.set(error, { comment, fix });
        continue;
      }
      const opener = commentOpener(comment);
      report.add('unsafe-unquoted-value', { file: path, start: comment.start, end: comment.start + opener.length }, `the unquoted "${opener}" starts a comment, so the value stops before it: put the value in quotes`, fix);
    }
    for (const e of file.parseErrors) {
      const cause = explained.get(e);
      const why = cause ? ` — the unquoted "${commentOpener(cause.comment)}" in the value before it starts a comment that hides the rest of the line: put the value in quotes` : '';
      const message = cause ? e.message.replace(/ — .*$/, '') + why : e.message;
      const data: DiagnosticData | undefined = cause?.fix ?? (e.insertAt !== undefined ? { kind: 'insert-semicolon', offset: e.insertAt } : undefined);
      report.add(e.code, { file: path, start: e.start, end: e.end }, message, data);
    }
    checkIncludePaths(path, file, report);
    if (version) checkSyntaxVersion(path, file, report, version);
  }
  for (const p of config.problems) report.add(p.code, { file: p.file, start: p.word.start, end: p.word.end }, p.message);
}

function checkIncludePaths(path: string, file: ParsedFile, report: Reporter): void {
  for (const s of file.includes) {
    for (const word of s.paths.filter(hasVariables)) report.add('include-variable', { file: path, start: word.start, end: word.end }, "variables not permitted in '.include' filename");
  }
}

function checkSyntaxVersion(path: string, file: ParsedFile, report: Reporter, version: [number, number]): void {
  const release = `${version[0]}.${version[1]}`;
  walkStatements(file.statements, (s, parents) => {
    if (s.kind === 'include' && isOlder(version, '14.0')) {
      report.add('unsupported-in-version', { file: path, start: s.keyword.start, end: s.keyword.end }, `.include needs FreeBSD 14.0 or later; this file targets ${release}`);
    }
    if (s.kind === 'block' && parents.length > 0 && isOlder(version, '15.0')) {
      report.add('unsupported-in-version', { file: path, start: s.name.start, end: s.name.end }, `nested blocks are read by jail(8) of FreeBSD 15 only; this file targets ${release}: write "${parents.map((p) => p.label).join('.')}.${s.label}" at the top level`);
    }
  });
}
