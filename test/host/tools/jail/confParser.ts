/**
 * jail.conf(5) grammar of jailparse.y (freebsd-reference.md §1.3–1.8): blocks, statements, lists and
 * .include, with yacc's "FILE line N: TOKEN: syntax error" and "FILE: unexpected EOF" messages. Nested
 * blocks exist only in the newest parser (FreeBSD 15), and there all top-level parameters share one
 * global pseudo-jail; older parsers start a new one after each block.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfSyntaxError, Part, Token, tokenize } from './confLexer';
import { expandGlob, hasGlobCharacters } from './glob';

export type ValueExpression = Part[];

export interface Statement {
  name: string;
  /** `$x = ...` defines a variable. */
  isVariable: boolean;
  operator: 'flag' | 'set' | 'append';
  values: ValueExpression[];
  file: string;
  line: number;
}

export interface Block {
  /** Jail name or pattern; "*" for wildcard and global blocks. */
  name: string;
  /** Position among blocks: later blocks override earlier ones. */
  position: number;
  statements: Statement[];
}

export interface ParseOptions {
  nestedBlocks: boolean;
  readStdin: () => string;
}

const MAX_INCLUDE_DEPTH = 32;

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[], private readonly file: string) {}

  peek(): Token { return this.tokens[this.index]; }
  next(): Token { return this.tokens[this.index++]; }

  fail(token: Token): never {
    if (token.kind === 'eof') throw new ConfSyntaxError(`${this.file}: unexpected EOF`);
    const text = token.kind === 'punct' ? token.text : token.raw;
    throw new ConfSyntaxError(`${this.file} line ${token.line}: ${text}: syntax error`);
  }

  /** string := piece { continuation piece } */
  value(): ValueExpression {
    const first = this.next();
    if (first.kind !== 'piece' || first.continues) this.fail(first);
    const parts = [...first.parts];
    while (this.peek().kind === 'piece' && (this.peek() as { continues: boolean }).continues) {
      parts.push(...(this.next() as { parts: Part[] }).parts);
    }
    return parts;
  }

  valueList(): ValueExpression[] {
    const values = [this.value()];
    while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',') {
      this.next();
      values.push(this.value());
    }
    return values;
  }
}

const literalText = (parts: Part[]) => parts.map((part) => ('literal' in part ? part.literal : `$${part.variable}`)).join('');

export class ConfParse {
  readonly blocks: Block[] = [];
  private globalBlock: Block | undefined;
  private lastWasBlock = true;

  constructor(private readonly options: ParseOptions) {}

  private newBlock(name: string): Block {
    const block: Block = { name, position: this.blocks.length, statements: [] };
    this.blocks.push(block);
    return block;
  }

  private addGlobal(statement: Statement): void {
    if (!this.globalBlock || (this.lastWasBlock && !this.options.nestedBlocks)) this.globalBlock = this.newBlock('*');
    this.globalBlock.statements.push(statement);
    this.lastWasBlock = false;
  }

  /**
   * A file is parsed on its own; one included inside a block is parsed with that block still current, so its
   * parameters are the block's, its blocks the block's children, and a '}' in it is its own syntax error.
   */
  parseFile(path: string, depth = 0, enclosing?: Block): void {
    if (depth > MAX_INCLUDE_DEPTH) throw new ConfSyntaxError('maximum include depth exceeded');
    const text = path === '-' ? this.options.readStdin() : readFileSync(path, 'utf8');
    const label = path === '-' ? 'STDIN' : path;
    const parser = new Parser(tokenize(text, label), label);
    this.parseStatements(parser, label, path, depth, enclosing, false);
  }

  /** conf := { jail | param ";" | ";" }, inside `enclosing` when it is a block body; `closes` when its '}' ends it. */
  private parseStatements(parser: Parser, label: string, path: string, depth: number, enclosing: Block | undefined, closes: boolean): void {
    for (;;) {
      const token = parser.next();
      if (token.kind === 'eof') {
        if (closes) parser.fail(token);
        return;
      }
      if (token.kind === 'punct') {
        if (token.text === ';') continue;
        if (token.text === '}' && closes) return;
        parser.fail(token);
      }
      if (token.kind !== 'piece' || token.continues) parser.fail(token);
      const name = literalText(token.parts);
      const after = parser.peek();
      if (after.kind === 'punct' && after.text === '{') {
        if (enclosing && !this.options.nestedBlocks) parser.fail(after);
        parser.next();
        const block = this.newBlock(enclosing ? `${enclosing.name}.${name}` : name);
        this.lastWasBlock = true;
        this.parseStatements(parser, label, path, depth, block, true);
        continue;
      }
      const { statement, bareValueForm } = this.parseStatement(parser, token, label);
      if (name === '.include' && !token.quoted && bareValueForm && statement.values.length === 1) {
        this.include(statement, label, path, depth, enclosing);
        continue;
      }
      if (enclosing) enclosing.statements.push(statement);
      else this.addGlobal(statement);
    }
  }

  /** A statement; bareValueForm tells the "name value" form without "=", the only form .include takes. */
  private parseStatement(parser: Parser, nameToken: Extract<Token, { kind: 'piece' }>, label: string): { statement: Statement; bareValueForm: boolean } {
    const isVariable = nameToken.parts.length === 1 && 'variable' in nameToken.parts[0];
    const name = isVariable ? (nameToken.parts[0] as { variable: string }).variable : literalText(nameToken.parts);
    const following = parser.peek();
    let operator: Statement['operator'] = 'flag';
    let values: ValueExpression[] = [];
    let bareValueForm = false;
    if (following.kind === 'punct' && (following.text === '=' || following.text === '+=')) {
      parser.next();
      operator = following.text === '=' ? 'set' : 'append';
      values = parser.valueList();
    } else if (following.kind === 'piece') {
      operator = 'set';
      bareValueForm = true;
      values = parser.valueList();
    }
    const end = parser.next();
    if (end.kind !== 'punct' || end.text !== ';') parser.fail(end);
    return { statement: { name, isVariable, operator, values, file: label, line: nameToken.line }, bareValueForm };
  }

  private include(statement: Statement, label: string, path: string, depth: number, enclosing: Block | undefined): void {
    const parts = statement.values[0];
    if (parts.some((part) => 'variable' in part)) {
      throw new ConfSyntaxError(`${label} line ${statement.line}: variables not permitted in '.include' filename`);
    }
    const target = literalText(parts);
    const absolute = path === '-' ? target : resolve(dirname(path), target);
    if (!hasGlobCharacters(absolute)) {
      if (!existsSync(absolute)) throw new ConfSyntaxError(`${absolute}: No such file or directory`);
      if (statSync(absolute).isDirectory()) throw new ConfSyntaxError(`${absolute}: Is a directory`);
      this.parseFile(absolute, depth + 1, enclosing);
      return;
    }
    for (const file of expandGlob(absolute)) this.parseFile(file, depth + 1, enclosing);
  }
}
