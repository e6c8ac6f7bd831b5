// Formats a jail.conf: one statement per line, blocks indented, `name = value, value;` with single spaces,
// at most one blank line kept between statements, and every comment kept where it was (at the end of its
// line, or on a line of its own). Values are copied exactly as written, since re-quoting could change
// what FreeBSD reads. A file with syntax errors is left alone. Formatting twice changes nothing.
import { IncludeStatement, nameSpan, ParamStatement, Statement, Word } from './ast';
import { parse, ParsedFile } from './parser';
import { Comment } from './tokens';

export interface FormatOptions {
  /** One level of indentation; four spaces by default. */
  readonly indent?: string;
}

class Printer {
  private readonly out: string[] = [];
  private line = '';
  private nextComment = 0;
  /** End of the last source text printed, to tell trailing comments and blank lines apart. */
  private lastEnd = 0;
  private mustBreak = false;

  constructor(
    private readonly file: ParsedFile,
    private readonly indent: string,
  ) {}

  private newlinesBetween(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (this.file.text.charCodeAt(i) === 10) n++;
    return n;
  }

  private breakLine(): void {
    if (this.line.trim() !== '') this.out.push(this.line.trimEnd());
    this.line = '';
    this.mustBreak = false;
  }

  private blankLine(): void {
    this.breakLine();
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '' && !this.out[this.out.length - 1].endsWith('{')) this.out.push('');
  }

  /** Starts a line of its own at `depth`, keeping one blank line where the source had some. */
  private startLine(depth: number, sourceStart: number): void {
    if (this.newlinesBetween(this.lastEnd, sourceStart) >= 2) this.blankLine();
    else this.breakLine();
    this.line = this.indent.repeat(depth);
  }

  private comments(before: number, depth: number): void {
    const { comments, text } = this.file;
    while (this.nextComment < comments.length && comments[this.nextComment].start < before) {
      const c: Comment = comments[this.nextComment++];
      const raw = text.slice(c.start, c.end);
      const trailing = this.line.trim() !== '' && this.newlinesBetween(this.lastEnd, c.start) === 0;
      if (trailing) this.line += ` ${raw}`;
      else {
        this.startLine(depth, c.start);
        this.line += raw;
      }
      this.lastEnd = c.end;
      if (c.kind !== 'block' || !trailing) this.mustBreak = true;
    }
  }

  /** Prints one piece of a statement, after the comments before it, on the current line if it can. */
  private piece(text: string, start: number, end: number, separator: string, depth: number): void {
    this.comments(start, depth + 1);
    if (this.mustBreak) this.startLine(depth + 1, start);
    else if (this.line.trim() !== '') this.line += separator;
    this.line += text;
    this.lastEnd = end;
  }

  /** The `,` that follows a value: the first Comma token at or after `offset`. */
  private commaAfter(offset: number): number {
    const { tokens } = this.file;
    let low = 0;
    let high = tokens.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tokens[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    while (tokens[low].kind !== ',') low++;
    return tokens[low].start;
  }

  private raw(span: { start: number; end: number }): string {
    return this.file.text.slice(span.start, span.end);
  }

  private values(words: readonly Word[], depth: number): void {
    const multiline = words.some((w, i) => i > 0 && this.newlinesBetween(words[i - 1].end, w.start) > 0);
    words.forEach((w, i) => {
      if (i === 0) return this.piece(this.raw(w), w.start, w.end, ' ', depth);
      const comma = this.commaAfter(words[i - 1].end);
      this.piece(',', comma, comma + 1, '', depth);
      if (multiline) {
        this.comments(w.start, depth + 1);
        this.startLine(depth + 1, w.start);
        this.line += this.raw(w);
        this.lastEnd = w.end;
      } else {
        this.piece(this.raw(w), w.start, w.end, ' ', depth);
      }
    });
  }

  private param(s: ParamStatement | IncludeStatement, depth: number): void {
    const name = s.kind === 'param' ? nameSpan(s) : s.keyword;
    this.line += this.raw(name);
    this.lastEnd = name.end;
    const words = s.kind === 'param' ? s.values : s.paths;
    if (s.kind === 'param' && s.operatorAt !== undefined) this.piece(s.operator, s.operatorAt, s.operatorAt + s.operator.length, ' ', depth);
    this.values(words, depth);
    this.comments(s.end, depth + 1);
    if (this.mustBreak) this.startLine(depth + 1, s.end);
    this.line += ';';
    this.lastEnd = s.end;
  }

  statements(list: readonly Statement[], depth: number): void {
    for (const s of list) {
      if (s.kind === 'empty') {
        this.comments(s.end, depth);
        continue;
      }
      this.comments(s.start, depth);
      this.startLine(depth, s.start);
      if (s.kind === 'block') {
        this.line += this.raw(s.name);
        this.lastEnd = s.name.end;
        this.piece('{', s.open.start, s.open.end, ' ', depth);
        this.statements(s.body, depth + 1);
        const close = s.close ?? { start: s.end, end: s.end };
        this.comments(close.start, depth + 1);
        this.breakLine();
        this.line = `${this.indent.repeat(depth)}}`;
        this.lastEnd = close.end;
      } else {
        this.param(s, depth);
      }
    }
  }

  finish(): string {
    this.comments(this.file.text.length, 0);
    this.breakLine();
    while (this.out.length && this.out[this.out.length - 1] === '') this.out.pop();
    return this.out.length ? `${this.out.join('\n')}\n` : '';
  }
}

/** The formatted text, or undefined when the file has errors that formatting could make worse. */
export function formatJailConf(text: string, options: FormatOptions = {}): string | undefined {
  const file = parse(text);
  if (file.lexErrors.length || file.parseErrors.length) return undefined;
  const printer = new Printer(file, options.indent ?? '    ');
  printer.statements(file.statements, 0);
  return printer.finish();
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** One edit from the start of the first changed line to the end of what changed. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  start = before.lastIndexOf('\n', start - 1) + 1;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}
