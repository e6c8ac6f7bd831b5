/**
 * The part of libxo's JSON encoder that jls(8) uses, reproducing its spacing: leaves as "k":v joined by
 * ",", lists and containers opened with ", " after a sibling, instances joined by ", ", and the
 * "__version" member first.
 */

type Frame = { hasMember: boolean };

export class LibxoJson {
  private text = '';
  private readonly frames: Frame[] = [];

  constructor(version: string) {
    this.text = `{"__version": "${version}"`;
    this.frames.push({ hasMember: true });
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  private opening(prefix: string): string {
    const separator = this.top.hasMember ? ', ' : '';
    this.top.hasMember = true;
    return `${separator}${prefix}`;
  }

  openContainer(name: string): void {
    this.text += this.opening(`"${name}": {`);
    this.frames.push({ hasMember: false });
  }

  openList(name: string): void {
    this.text += this.opening(`"${name}": [`);
    this.frames.push({ hasMember: false });
  }

  openInstance(): void {
    this.text += this.opening('{');
    this.frames.push({ hasMember: false });
  }

  /** A leaf: strings are quoted and escaped, numbers and booleans are written bare. */
  leaf(name: string, value: string | number | boolean): void {
    const separator = this.top.hasMember ? ',' : '';
    this.top.hasMember = true;
    this.text += `${separator}"${name}":${typeof value === 'string' ? quote(value) : String(value)}`;
  }

  /** An item of a leaf-list inside an open list. */
  listItem(value: string): void {
    const separator = this.top.hasMember ? ',' : '';
    this.top.hasMember = true;
    this.text += `${separator}${quote(value)}`;
  }

  close(kind: 'container' | 'list' | 'instance'): void {
    this.frames.pop();
    this.text += kind === 'list' ? ']' : '}';
  }

  finish(): string {
    return `${this.text}}\n`;
  }
}

function quote(value: string): string {
  // eslint-disable-next-line no-control-regex -- JSON requires escaping control characters
  return `"${value.replace(/[\\"\u0000-\u001f]/g, (character) => {
    switch (character) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\t': return '\\t';
      case '\r': return '\\r';
      default: return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

/** Parses libxo's command-line option (--libxo json, --libxo=json,pretty, --libxo:J) out of argv. */
export function extractLibxoStyle(argv: string[]): { style: 'text' | 'json'; rest: string[] } {
  const rest: string[] = [];
  let style: 'text' | 'json' = 'text';
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index];
    let spec: string | undefined;
    if (word === '--libxo') spec = argv[++index] ?? '';
    else if (word.startsWith('--libxo=') || word.startsWith('--libxo:')) spec = word.slice(8);
    else { rest.push(word); continue; }
    if (/(^|,)json(,|$)/.test(spec) || /^J/.test(spec)) style = 'json';
    else if (/(^|,)text(,|$)/.test(spec)) style = 'text';
  }
  return { style, rest };
}
