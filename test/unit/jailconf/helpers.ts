// Shared helpers for the jail.conf tests: diagnostics as short comparable lines, effective parameters as
// plain objects, and an in-memory file system for includes.
import { analyzeConfig, analyzeText, AnalysisOptions, ConfigFileSystem, DirectoryEntry, loadConfig } from '../../../src/core/jailconf';
import { Analysis } from '../../../src/core/jailconf/analyze';

/** `LINE:COL severity code` for each diagnostic, 1-based like the CLI. */
export function diags(text: string, options: AnalysisOptions = {}): string[] {
  return analyzeText(text, '/etc/jail.conf', options).diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);
}

/** `LINE:COL code: message` for each diagnostic. */
export function messages(text: string, options: AnalysisOptions = {}): string[] {
  return analyzeText(text, '/etc/jail.conf', options).diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);
}

export function errors(text: string, options: AnalysisOptions = {}): string[] {
  return analyzeText(text, '/etc/jail.conf', options)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}

/** Each jail's effective parameters: name → values, in jail(8)'s order. */
export function effectiveOf(analysis: Analysis): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const jail of analysis.jails) out[jail.name] = Object.fromEntries(jail.params.map((p) => [p.name, p.values.map((v) => v.text)]));
  return out;
}

export function effective(text: string): Record<string, Record<string, string[]>> {
  return effectiveOf(analyzeText(text));
}

/** What `jail -f FILE -e '|'` prints: one line per jail, values quoted like jls when needed. */
export function jailDashE(analysis: Analysis): string[] {
  const quote = (v: string) => (v === '' || /[\s"'\\]/.test(v) ? JSON.stringify(v) : v);
  return analysis.jails.map((j) => j.params.map((p) => (p.values.length ? `${p.name}=${p.values.map((v) => quote(v.text)).join(',')}` : p.name)).join('|'));
}

/** A file system held in memory: paths to contents; directories are implied. */
export function memoryFileSystem(files: Record<string, string>): ConfigFileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readFile(path: string) {
      reads.push(path);
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    async readDirectory(path: string) {
      const dir = path.endsWith('/') ? path : `${path}/`;
      const entries = new Map<string, DirectoryEntry>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(dir)) continue;
        const rest = file.slice(dir.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        entries.set(name, { name, isDirectory: slash >= 0 });
      }
      if (entries.size === 0) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return [...entries.values()];
    },
  };
}

export async function analyzeFiles(root: string, files: Record<string, string>, options: AnalysisOptions = {}): Promise<Analysis> {
  const fs = memoryFileSystem(files);
  return analyzeConfig(await loadConfig(root, files[root], fs), options);
}
