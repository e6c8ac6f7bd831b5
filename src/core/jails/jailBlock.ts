/**
 * Where a jail is defined in a jail.conf text, so "Open jail.conf" can put the cursor on its block. A nested
 * block's jail name is its parents' names joined with dots (reference §1.7).
 */
import { parse } from '../jailconf/parser';
import { walkStatements } from '../jailconf/ast';
import type { Range } from '../jailconf/text';

export function findJailBlock(text: string, jailName: string): Range | undefined {
  const parsed = parse(text);
  let found: Range | undefined;
  walkStatements(parsed.statements, (statement, parents) => {
    if (found || statement.kind !== 'block') return;
    const name = [...parents.map((p) => p.label), statement.label].join('.');
    if (name === jailName) found = parsed.lines.rangeOf(statement.name);
  });
  return found;
}
