/**
 * The PHP stand-in's interpreter: a small, documented subset of PHP, enough for a served page to show which
 * PHP ran it and to raise the errors a version matrix looks for.
 *
 * Supported: text outside <?php … ?> (and <?= … ?>) passes through; statements echo, print, exit/die,
 * declare(…); expressions made of string literals (no variable interpolation), integers, true/false/null,
 * constants (PHP_VERSION, PHP_MAJOR_VERSION, PHP_MINOR_VERSION, PHP_RELEASE_VERSION, PHP_OS, PHP_OS_FAMILY,
 * PHP_EOL, E_*), "." concatenation, the ternary ?:, parentheses, and the functions of builtins.ts.
 * Calling a function this PHP version does not have gives PHP's "Call to undefined function"; anything
 * else is refused with a fatal error that says the construct is not simulated.
 */
import { callBuiltin, ExecutionState, PhpValue, toText } from './builtins';
import { PhpDiagnostic } from './diagnostics';
import { E, PhpSettings } from './settings';

interface Token { kind: 'string' | 'number' | 'name' | 'punct' | 'variable'; text: string; value?: string; line: number }

export class PhpStop extends Error {}

export class Unsupported extends Error {
  constructor(readonly construct: string, readonly line: number) {
    super(construct);
  }
}

const SINGLE_ESCAPES: Record<string, string> = { "'": "'", '\\': '\\' };
const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', '$': '$', '"': '"', '0': '\0' };

function tokenize(code: string, firstLine: number): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let at = 0;
  while (at < code.length) {
    const rest = code.slice(at);
    const space = /^\s+/.exec(rest) ?? /^(\/\/|#(?!\[))[^\n]*/.exec(rest) ?? /^\/\*[\s\S]*?\*\//.exec(rest);
    if (space) { line += space[0].split('\n').length - 1; at += space[0].length; continue; }
    const startLine = line;
    let match: RegExpExecArray | null;
    if ((match = /^'((?:[^'\\]|\\[\s\S])*)'/.exec(rest))) {
      tokens.push({ kind: 'string', text: match[0], value: match[1].replace(/\\(['\\])/g, (_, c: string) => SINGLE_ESCAPES[c]), line: startLine });
    } else if ((match = /^"((?:[^"\\]|\\[\s\S])*)"/.exec(rest))) {
      if (/(^|[^\\])(\\\\)*(\$[A-Za-z_{]|\{\$)/.test(match[1])) throw new Unsupported('variable interpolation in a double-quoted string', startLine);
      tokens.push({ kind: 'string', text: match[0], value: match[1].replace(/\\([ntrvef\\$"0])/g, (_, c: string) => DOUBLE_ESCAPES[c]), line: startLine });
    } else if ((match = /^\d+(\.\d+)?/.exec(rest))) {
      tokens.push({ kind: 'number', text: match[0], line: startLine });
    } else if ((match = /^\$[A-Za-z_]\w*/.exec(rest))) {
      tokens.push({ kind: 'variable', text: match[0], line: startLine });
    } else if ((match = /^\\?[A-Za-z_][\w\\]*/.exec(rest))) {
      tokens.push({ kind: 'name', text: match[0].replace(/^\\/, ''), line: startLine });
    } else {
      match = /^(===|!==|==|!=|<=|>=|&&|\|\||::|->|=>|\+\+|--|\.=|[-+*/%=<>!?:;,.()[\]{}&|^~@])/.exec(rest);
      if (!match) throw new Unsupported(`the character ${JSON.stringify(rest[0])}`, startLine);
      tokens.push({ kind: 'punct', text: match[0], line: startLine });
    }
    line += match[0].split('\n').length - 1;
    at += match[0].length;
  }
  return tokens;
}

function constantValue(name: string, settings: PhpSettings): PhpValue | undefined {
  const [major, minor, release] = settings.version.split('.').map(Number);
  const constants: Record<string, PhpValue> = {
    PHP_VERSION: settings.version, PHP_MAJOR_VERSION: major, PHP_MINOR_VERSION: minor, PHP_RELEASE_VERSION: release,
    PHP_VERSION_ID: major * 10000 + minor * 100 + release, PHP_OS: 'FreeBSD', PHP_OS_FAMILY: 'BSD', PHP_EOL: '\n', PHP_SAPI: settings.sapi,
    true: true, false: false, null: null, TRUE: true, FALSE: false, NULL: null, ...E,
  };
  return constants[name];
}

class Parser {
  private position = 0;
  private skipping: number;

  /** A dry parser only checks the code (PHP compiles a whole file before running any of it). */
  constructor(private readonly tokens: Token[], private readonly state: ExecutionState, dry = false) {
    this.skipping = dry ? 1 : 0;
  }

  private output(value: PhpValue): void {
    if (this.skipping === 0) this.state.output(toText(value));
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new Unsupported('an unterminated statement', this.tokens[this.tokens.length - 1]?.line ?? 1);
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new Unsupported(`"${token.text}" where "${text}" was expected`, token.line);
  }

  run(): void {
    while (this.peek()) this.statement();
  }

  private statement(): void {
    const token = this.next();
    this.state.line = token.line;
    const word = token.kind === 'name' ? token.text.toLowerCase() : '';
    if (token.text === ';') return;
    if (word === 'echo') {
      this.output(this.expression());
      while (this.peek()?.text === ',') { this.next(); this.output(this.expression()); }
    } else if (word === 'print') {
      this.output(this.expression());
    } else if (word === 'exit' || word === 'die') {
      if (this.peek()?.text === '(') {
        this.next();
        if (this.peek()?.text !== ')') {
          const value = this.expression();
          if (typeof value === 'string') this.output(value);
        }
        this.expect(')');
      }
      if (this.skipping === 0) throw new PhpStop();
    } else if (word === 'declare') {
      while (this.peek() && this.peek()?.text !== ';') this.next();
    } else {
      this.position--;
      if (!(token.kind === 'name' && this.tokens[this.position + 1]?.text === '(')) throw new Unsupported(describe(token), token.line);
      this.expression();
    }
    const end = this.peek();
    if (end && end.text !== ';') throw new Unsupported(describe(end), end.line);
    if (end) this.next();
  }

  /** concatenation, optionally the condition of a ternary (?: binds looser than "."). */
  private expression(): PhpValue {
    const value = this.concatenation();
    if (this.peek()?.text !== '?') return value;
    this.next();
    // Only the chosen branch runs, as in PHP; the other is parsed with its calls skipped.
    const chosen = truthy(value);
    const whenTrue = this.branch(chosen);
    this.expect(':');
    const whenFalse = this.branch(!chosen);
    return chosen ? whenTrue : whenFalse;
  }

  private branch(runs: boolean): PhpValue {
    if (runs) return this.expression();
    this.skipping++;
    try {
      return this.expression();
    } finally {
      this.skipping--;
    }
  }

  private concatenation(): PhpValue {
    let value = this.primary();
    while (this.peek()?.text === '.') {
      this.next();
      value = toText(value) + toText(this.primary());
    }
    return value;
  }

  private primary(): PhpValue {
    const token = this.next();
    this.state.line = token.line;
    if (token.kind === 'string') return token.value ?? '';
    if (token.kind === 'number') return Number(token.text);
    if (token.text === '(') {
      const value = this.expression();
      this.expect(')');
      return value;
    }
    if (token.kind === 'name') {
      if (this.peek()?.text === '(') return this.call(token);
      const value = constantValue(token.text, this.state.settings);
      if (value !== undefined) return value;
    }
    throw new Unsupported(describe(token), token.line);
  }

  private call(name: Token): PhpValue {
    this.expect('(');
    const args: PhpValue[] = [];
    while (this.peek()?.text !== ')') {
      args.push(this.expression());
      if (this.peek()?.text === ',') this.next();
      else break;
    }
    this.expect(')');
    if (this.skipping > 0) return null;
    this.state.line = name.line;
    return callBuiltin(name.text, args, this.state);
  }
}

function truthy(value: PhpValue): boolean {
  return !(value === false || value === null || value === 0 || value === '' || value === '0');
}

function describe(token: Token): string {
  if (token.kind === 'variable') return `variables (${token.text})`;
  if (token.kind === 'name') return `"${token.text}"`;
  return `"${token.text}"`;
}

/** Splits a file into literal text and PHP code, the way PHP's scanner does (a newline right after ?> is eaten). */
export function segments(source: string): Array<{ code: boolean; text: string; line: number; echo?: boolean }> {
  const parts: Array<{ code: boolean; text: string; line: number; echo?: boolean }> = [];
  let at = 0;
  let line = 1;
  const pattern = /<\?(php\b|=)/g;
  for (;;) {
    pattern.lastIndex = at;
    const open = pattern.exec(source);
    if (!open) { parts.push({ code: false, text: source.slice(at), line }); break; }
    parts.push({ code: false, text: source.slice(at, open.index), line });
    line += source.slice(at, open.index).split('\n').length - 1;
    const start = open.index + open[0].length;
    const close = source.indexOf('?>', start);
    const code = source.slice(start, close < 0 ? undefined : close);
    parts.push({ code: true, text: code, line, echo: open[1] === '=' });
    line += code.split('\n').length - 1;
    if (close < 0) break;
    at = close + 2;
    if (source[at] === '\n') { at++; line++; }
  }
  return parts.filter((part) => part.code || part.text !== '');
}

export function runPhp(source: string, state: ExecutionState): void {
  try {
    const parts = segments(source).map((part) => ({ ...part, tokens: part.code ? tokenize(part.echo ? `echo ${part.text};` : part.text, part.line) : [] }));
    for (const part of parts) if (part.code) new Parser(part.tokens, state, true).run();
    for (const part of parts) {
      if (part.code) new Parser(part.tokens, state).run();
      else state.output(part.text);
    }
  } catch (error) {
    if (error instanceof PhpStop) return;
    if (error instanceof Unsupported) {
      state.raise({ severity: 'Fatal error', level: E.E_ERROR, line: error.line, file: state.file,
        message: `Simulated PHP does not support ${error.construct} (the stand-in runs echo/print of literals and constants, phpversion(), phpinfo(), trigger_error(); see test/host/README.md)` });
      return;
    }
    throw error;
  }
}

export type { PhpDiagnostic };
