// Quick fixes for diagnostics that carry the data for one: replacing a misspelt parameter name, inserting
// a forgotten `;`, and quoting a value an unquoted `#`, `//` or `/*` cut short.
import { Diagnostic } from './diagnostics';
import { TextEdit } from './formatter';

export interface QuickFix {
  readonly title: string;
  readonly edit: TextEdit;
  /** The fix most likely wanted; editors may apply it with one key. */
  readonly preferred: boolean;
}

export function quickFixesFor(diagnostic: Diagnostic): QuickFix[] {
  const data = diagnostic.data;
  if (!data) return [];
  switch (data.kind) {
    case 'replace':
      return data.candidates.map((candidate, i) => ({
        title: `Change to "${candidate}"`,
        edit: { start: diagnostic.start, end: diagnostic.end, newText: candidate },
        preferred: i === 0 && data.candidates.length === 1,
      }));
    case 'insert-semicolon':
      return [{ title: "Insert the missing ';'", edit: { start: data.offset, end: data.offset, newText: ';' }, preferred: true }];
    case 'quote':
      return [{ title: 'Put the value in double quotes', edit: { start: data.start, end: data.end, newText: data.text }, preferred: true }];
  }
}
