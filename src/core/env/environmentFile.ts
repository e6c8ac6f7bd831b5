/**
 * `.jails.yaml`: named environments, checked against schemas/jails.schema.json, the same schema the editor
 * gets through `yamlValidation`. The YAML is parsed with positions kept, so that every problem, whether of
 * YAML syntax or of the schema, points at the line and column where it is.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { LineCounter, Node } from 'yaml';
import schema from '../../../schemas/jails.schema.json';
import { ajvConstructor, yaml } from './yamlLibraries';

export type Stack = 'apache-mod_php' | 'apache-php-fpm' | 'nginx-php-fpm' | 'bare';

export interface Environment {
  name: string;
  host: string;
  release?: string;
  stack: Stack;
  php?: string;
  packages: string[];
  phpExtensions: string[];
  phpIni: Record<string, string | number | boolean>;
  webServerSnippets: string[];
  sysrc: Record<string, string>;
  documentRoot: string;
  sync: { include: string[]; exclude: string[]; watch: boolean };
  provision: string[];
  ports: number[];
  /** Where its key stands in the file (0-based), for CodeLens and messages. */
  line: number;
}

export interface FileProblem {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface EnvironmentFile {
  environments: Environment[];
  problems: FileProblem[];
}

// Compiled on first use: compiling costs tens of milliseconds, which activation should not pay.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new (ajvConstructor())({ allErrors: true, strict: false }).compile(schema));

function position(counter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = counter.linePos(offset);
  return { line: line - 1, column: col - 1 };
}

function problemAt(counter: LineCounter, range: [number, number] | undefined, message: string): FileProblem {
  const [start, end] = range ?? [0, 0];
  const from = position(counter, start);
  const to = position(counter, Math.max(end, start));
  return { message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** The node an ajv instancePath points at, or for a missing or unknown property, the key's own node. */
function nodeAt(root: unknown, instancePath: string, propertyKey?: string): Node | undefined {
  const { isMap, isNode, isPair, isScalar } = yaml();
  let current: unknown = root;
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let keyNode: unknown;
  for (const segment of segments) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      keyNode = pair?.key;
      current = pair?.value;
    } else if (current && typeof current === 'object' && 'items' in current) {
      current = (current as { items: unknown[] }).items[Number(segment)];
      keyNode = undefined;
    } else {
      break;
    }
  }
  if (propertyKey && isMap(current)) {
    const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === propertyKey);
    if (pair && isNode(pair.key)) return pair.key;
  }
  if (propertyKey && isNode(keyNode)) return keyNode;
  return isNode(current) ? current : isNode(keyNode) ? keyNode : undefined;
}

function describe(error: ErrorObject): { message: string; key?: string } {
  const where = error.instancePath.split('/').slice(1).join('.') || 'the file';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      return { message: `"${key}" is not a setting of ${where === 'the file' ? '.jails.yaml' : where}`, key };
    }
    case 'required':
      return { message: `${where} needs "${error.params.missingProperty}"` };
    case 'enum':
      return { message: `${where} must be one of: ${(error.params.allowedValues as string[]).join(', ')}` };
    case 'propertyNames':
      return { message: `"${error.params.propertyName}" is not a valid name (letters, digits, - and _, starting with a letter)`, key: String(error.params.propertyName) };
    case 'not':
      return { message: `${where}: a bare stack has no PHP; remove "php" and "phpExtensions"` };
    default:
      return { message: `${where} ${error.message ?? 'is not valid'}` };
  }
}

function withDefaults(name: string, raw: Record<string, unknown>, line: number): Environment {
  const sync = (raw.sync ?? {}) as Partial<Environment['sync']>;
  return {
    name,
    host: String(raw.host),
    release: raw.release as string | undefined,
    stack: (raw.stack as Stack | undefined) ?? 'apache-php-fpm',
    php: raw.php as string | undefined,
    packages: (raw.packages as string[] | undefined) ?? [],
    phpExtensions: (raw.phpExtensions as string[] | undefined) ?? [],
    phpIni: (raw.phpIni as Environment['phpIni'] | undefined) ?? {},
    webServerSnippets: (raw.webServerSnippets as string[] | undefined) ?? [],
    sysrc: (raw.sysrc as Record<string, string> | undefined) ?? {},
    documentRoot: (raw.documentRoot as string | undefined) ?? '.',
    sync: { include: sync.include ?? ['**/*'], exclude: sync.exclude ?? [], watch: sync.watch ?? false },
    provision: (raw.provision as string[] | undefined) ?? [],
    ports: (raw.ports as number[] | undefined) ?? [80],
    line,
  };
}

export function parseEnvironmentFile(text: string): EnvironmentFile {
  const { isMap, isNode, isScalar, LineCounter: Counter, parseDocument } = yaml();
  const counter = new Counter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const yamlProblems = [...document.errors, ...document.warnings].map((e) => problemAt(counter, [e.pos[0], e.pos[1]], e.message.split('\n')[0]));
  if (document.errors.length > 0) return { environments: [], problems: yamlProblems };
  const data: unknown = document.toJS() ?? {};
  const problems = [...yamlProblems];
  // ajv reports the if/then/else branch twice (the inner failure, then "must match else"); the inner one says it.
  const validate = validator();
  const errors = validate(data) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  for (const error of errors) {
    const { message, key } = describe(error);
    const node = nodeAt(document.contents, error.instancePath, key);
    problems.push(problemAt(counter, node?.range ? [node.range[0], node.range[1]] : undefined, message));
  }
  if (problems.length > 0) return { environments: [], problems };
  const environmentsNode = isMap(document.contents)
    ? document.contents.items.find((p) => isScalar(p.key) && p.key.value === 'environments')?.value
    : undefined;
  const environments = Object.entries((data as { environments: Record<string, Record<string, unknown>> }).environments).map(([name, raw]) => {
    const keyNode = isMap(environmentsNode) ? environmentsNode.items.find((p) => isScalar(p.key) && String(p.key.value) === name)?.key : undefined;
    const offset = isNode(keyNode) && keyNode.range ? keyNode.range[0] : 0;
    return withDefaults(name, raw, position(counter, offset).line);
  });
  return { environments, problems: [] };
}
