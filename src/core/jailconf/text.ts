// Positions in a jail.conf text. The parser works with UTF-16 offsets (cheap to carry on every token);
// lines and columns are computed only for what is shown to a person, through a LineIndex.

/** Zero-based line and UTF-16 column, the convention VS Code uses. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A half-open span of offsets [start, end) in one text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export class LineIndex {
  /** Where each line starts; found on the first question, since most analyses ask none or few. */
  private lineStarts?: number[];

  constructor(readonly text: string) {}

  private get starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.lineStarts = starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { starts } = this;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[Math.max(0, position.line)];
    const lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1] - 1 : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Zero-based line of an offset; cheaper to read than positionAt(...).line at call sites. */
  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }
}
