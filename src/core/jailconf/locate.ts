// Finds what is at an offset of a parsed file: the token, the statement holding it and the blocks around
// it. Hover, completion and navigation start here.
import { BlockStatement, Statement } from './ast';
import { ParsedFile } from './parser';
import { Token } from './tokens';

export interface Located {
  /** The statement (parameter, include or block header) at the offset, if any. */
  readonly statement?: Statement;
  /** Enclosing blocks, outermost first. */
  readonly blocks: readonly BlockStatement[];
  /** The token under the offset (touching it on either side counts), if any. */
  readonly token?: Token;
  readonly tokenIndex: number;
}

/** Index of the last token starting before `offset`, or -1. */
export function tokenIndexBefore(file: ParsedFile, offset: number): number {
  const { tokens } = file;
  let low = 0;
  let high = tokens.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (tokens[mid].start < offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

export function locate(file: ParsedFile, offset: number): Located {
  const blocks: BlockStatement[] = [];
  let statement: Statement | undefined;
  let list: readonly Statement[] = file.statements;
  for (;;) {
    const s = list.find((x) => x.start <= offset && offset <= x.end && x.kind !== 'empty');
    if (!s) break;
    if (s.kind === 'block' && offset > s.open.start && (!s.close || offset <= s.close.start)) {
      blocks.push(s);
      list = s.body;
      continue;
    }
    statement = s;
    break;
  }
  let index = tokenIndexBefore(file, offset + 1);
  let token = index >= 0 ? file.tokens[index] : undefined;
  if (token && token.end < offset) token = undefined;
  if (token?.kind === 'eof') token = undefined;
  if (!token) index = -1;
  return { statement, blocks, token, tokenIndex: index };
}

/** The full jail name of a block from its enclosing blocks (`web.db` for `db` inside `web`). */
export function blockJailName(blocks: readonly BlockStatement[]): string {
  return blocks.map((b) => b.label).join('.');
}
