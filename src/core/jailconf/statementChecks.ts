// Checks of each parameter statement by its name alone, which give the same answer for every jail it
// applies to: unknown parameters (with "did you mean"), read-only ones, deprecated ones, those the
// targeted release lacks, and those that only exist when libjail can load a module.
import { BlockStatement, isVariableDefinition, ParamStatement, Statement } from './ast';
import { ParameterCatalog, ResolvedParameter } from './catalog';
import { LoadedConfig } from './includes';
import { Reporter } from './report';
import { suggestNames } from './suggest';
import { isOlder } from './version';

function scopeName(parents: readonly BlockStatement[]): string {
  return parents.length ? parents.map((p) => p.label).join('.') : '*';
}

/** Whether a name needs no message: most do, and then no spot nor scope name is made for them. */
function isPlain(resolved: ResolvedParameter | undefined, version?: [number, number]): boolean {
  if (!resolved) return false;
  const { spec } = resolved;
  return spec.access !== 'ro' && !resolved.guessed && !spec.deprecated && !(version && spec.since && isOlder(version, spec.since));
}

function checkName(statement: ParamStatement, file: string, parents: readonly BlockStatement[], catalog: ParameterCatalog, report: Reporter, version?: [number, number]): void {
  const name = statement.nameText;
  const resolved = catalog.resolve(name);
  if (isPlain(resolved, version)) return;
  const spot = { file, start: statement.start, end: statement.nameEnd };
  if (!resolved) {
    const scope = scopeName(parents);
    const known = catalog.get(name);
    if (known && !catalog.available(known)) {
      report.addForJail('unknown-parameter', scope, spot, `unknown parameter: ${name} — the host's kernel does not have it`);
      return;
    }
    const candidates = name === '.include' ? [] : suggestNames(name, catalog.all().map((p) => p.name));
    const hint =
      name === '.include'
        ? ` — an include takes no '=': write .include "file";`
        : candidates.length
          ? ` — did you mean ${candidates.map((c) => `"${c}"`).join(' or ')}?`
          : '';
    report.addForJail('unknown-parameter', scope, spot, `unknown parameter: ${name}${hint}`, candidates.length ? { kind: 'replace', candidates } : undefined);
    return;
  }
  const { spec } = resolved;
  if (spec.access === 'ro') {
    report.addForJail('read-only-parameter', scopeName(parents), spot, `${name} is read-only: the kernel refuses it (unknown parameter: ${name})`);
  } else if (resolved.guessed) {
    report.add('module-parameter', spot, `${name} exists only if FreeBSD can load a kernel module named "${spec.module}"`);
  }
  if (spec.deprecated) report.add('deprecated-parameter', spot, `${spec.name} is deprecated: ${spec.deprecated}`);
  if (version && spec.since && isOlder(version, spec.since)) {
    report.add('unsupported-in-version', spot, `${spec.name} needs FreeBSD ${spec.since} or later; this file targets ${version[0]}.${version[1]}`);
  }
}

function checkAll(statements: readonly Statement[], file: string, parents: BlockStatement[], catalog: ParameterCatalog, report: Reporter, version?: [number, number]): void {
  for (const s of statements) {
    if (s.kind === 'param') {
      if (s.valid && !isVariableDefinition(s)) checkName(s, file, parents, catalog, report, version);
    } else if (s.kind === 'block') {
      parents.push(s);
      checkAll(s.body, file, parents, catalog, report, version);
      parents.pop();
    }
  }
}

export function checkStatements(config: LoadedConfig, catalog: ParameterCatalog, report: Reporter, version?: [number, number]): void {
  for (const [path, file] of config.files) checkAll(file.statements, path, [], catalog, report, version);
}
