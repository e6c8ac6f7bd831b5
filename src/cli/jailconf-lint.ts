#!/usr/bin/env node
// jailconf-lint FILE...: FreeBSD's verdict on jail.conf files, for CI. One line per diagnostic
// (`FILE:LINE:COL: error|warning|info: MESSAGE [CODE]`) or `--format json`; exit 0 without errors,
// 1 with at least one, 2 on usage or I/O errors. Includes are followed on the local disk.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJailParameterNames } from '../core/hosts/probe';
import { analyzeConfig, Diagnostic, loadConfig, localFileSystem, ParameterCatalog } from '../core/jailconf';

const usage = `usage: jailconf-lint [--format text|json] [--target-version X.Y] [--host-params FILE] [--fragment] FILE...

Checks jail.conf files as FreeBSD's jail(8) reads them, includes too.
  --format json         print a JSON array of diagnostics instead of lines
  --target-version X.Y  warn about what that FreeBSD release lacks
  --host-params FILE    output of "sysctl -N security.jail.param" on the target host
  --fragment            the files are included by another file (jail.conf.d): unknown variables
                        and jails are warnings
Exit status: 0 no error, 1 an error was found, 2 usage or I/O error.`;

interface Options {
  format: 'text' | 'json';
  targetVersion?: string;
  hostParams?: string;
  fragment: boolean;
  files: string[];
}

function parseArguments(argv: readonly string[]): Options | string {
  const options: Options = { format: 'text', fragment: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
    if (arg === '--help' || arg === '-h') return usage;
    if (arg === '--fragment') options.fragment = true;
    else if (arg.startsWith('--format')) {
      const format = value();
      if (format !== 'text' && format !== 'json') return `jailconf-lint: --format takes text or json\n${usage}`;
      options.format = format;
    } else if (arg.startsWith('--target-version')) options.targetVersion = value();
    else if (arg.startsWith('--host-params')) options.hostParams = value();
    else if (arg.startsWith('-') && arg !== '-') return `jailconf-lint: unknown option ${arg}\n${usage}`;
    else options.files.push(arg);
  }
  if (options.files.length === 0) return `jailconf-lint: no file given\n${usage}`;
  return options;
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

/** The name to print: the argument as given for the file itself, the resolved path for included files. */
function displayName(diagnosticFile: string, absolute: string, given: string): string {
  return diagnosticFile === absolute ? given : diagnosticFile;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArguments(argv);
  if (typeof parsed === 'string') {
    const helpOnly = parsed === usage;
    (helpOnly ? process.stdout : process.stderr).write(`${parsed}\n`);
    return helpOnly ? 0 : 2;
  }
  let catalog: ParameterCatalog | undefined;
  if (parsed.hostParams) {
    try {
      catalog = new ParameterCatalog(parseJailParameterNames(readFileSync(parsed.hostParams, 'utf8')));
    } catch (error) {
      process.stderr.write(`jailconf-lint: ${parsed.hostParams}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const all: { name: string; diagnostic: Diagnostic }[] = [];
  let ioError = false;
  for (const given of parsed.files) {
    const absolute = given === '-' ? 'STDIN' : resolve(given);
    let text: string;
    try {
      text = given === '-' ? readStdin() : readFileSync(absolute, 'utf8');
    } catch (error) {
      process.stderr.write(`jailconf-lint: ${given}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message}\n`);
      ioError = true;
      continue;
    }
    const config = await loadConfig(absolute, text, localFileSystem);
    const analysis = analyzeConfig(config, { catalog, targetVersion: parsed.targetVersion, fragment: parsed.fragment });
    for (const diagnostic of analysis.diagnostics) all.push({ name: displayName(diagnostic.file, absolute, given === '-' ? 'STDIN' : given), diagnostic });
  }
  if (parsed.format === 'json') {
    const records = all.map(({ name, diagnostic: d }) => ({
      file: name,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    }));
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    for (const { name, diagnostic: d } of all) {
      process.stdout.write(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`);
    }
  }
  if (ioError) return 2;
  return all.some((a) => a.diagnostic.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`jailconf-lint: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
