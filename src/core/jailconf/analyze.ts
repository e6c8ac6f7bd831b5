// The one entry point of the jail.conf language: parse (with includes), evaluate every jail as jail(8)
// would, and validate. The editor, the command-line linter and the benchmark all call these functions.
import { ParameterCatalog, defaultCatalog } from './catalog';
import { ConfigJail, collectJails } from './configJails';
import { Diagnostic, DiagnosticCode } from './diagnostics';
import { EffectiveJail, evaluate, evaluateJail, JailProblem } from './evaluator';
import { checkBetweenJails } from './crossJailChecks';
import { checkFiles } from './fileChecks';
import { ConfigFileSystem } from './glob';
import { LoadedConfig, loadConfig, singleFile } from './includes';
import { checkJails } from './jailChecks';
import { JailParams, LookedParams } from './jailParams';
import { wildcardMatches } from './names';
import { parse } from './parser';
import { Reporter } from './report';
import { checkStatements } from './statementChecks';
import { ValueChecker } from './valueChecks';
import { parseVersion } from './version';

export interface AnalysisOptions {
  /** Parameters known on the target host; the built-in table when absent. */
  readonly catalog?: ParameterCatalog;
  /** FreeBSD release the file is for ("14.3"); enables the version warnings. */
  readonly targetVersion?: string;
  /**
   * The file may be included by another one (a jail.conf.d/*.conf): variables and jails it refers to
   * may be defined elsewhere, so what it says about them is one step less severe.
   */
  readonly fragment?: boolean;
}

export interface Analysis {
  readonly config: LoadedConfig;
  readonly configJails: readonly ConfigJail[];
  readonly jails: readonly EffectiveJail[];
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog: ParameterCatalog;
}

const fragmentCodes: ReadonlySet<DiagnosticCode> = new Set(['variable-not-found', 'undefined-dependency', 'parent-not-defined']);

export function analyzeConfig(config: LoadedConfig, options: AnalysisOptions = {}): Analysis {
  const catalog = options.catalog ?? defaultCatalog;
  const version = parseVersion(options.targetVersion);
  const report = new Reporter((file) => config.files.get(file)?.lines, options.fragment ? fragmentCodes : new Set());
  checkFiles(config, report, version);
  checkStatements(config, catalog, report, version);
  const configJails = collectJails(config);
  // Each jail is evaluated, checked, and let go but for what the checks between jails need: what every
  // jail ends up with is made again only if something asks for it (hover).
  const wildcards = configJails.filter((j) => j.wildcard);
  const values = new ValueChecker(catalog, report);
  const problems: JailProblem[] = [];
  const indexed: JailParams[] = [];
  const looked = new LookedParams();
  for (const configJail of configJails) {
    if (configJail.wildcard) continue;
    const jail = evaluateJail(configJail, wildcards, problems, configJail.freshParams());
    values.check(jail);
    indexed.push(new JailParams(jail, looked));
  }
  for (const p of problems) report.addForJail(p.code as DiagnosticCode, p.jail, p, p.text);
  // Wildcard blocks no jail uses are still checked, for what does not depend on a jail's variables.
  for (const wild of wildcards.filter((w) => !indexed.some((j) => wildcardMatches(j.name, w.name)))) {
    values.check(evaluateJail(wild, [], []), true);
  }
  checkBetweenJails(indexed, report);
  checkJails(indexed, report, (file, start, end) => {
    const parsed = config.files.get(file);
    if (!parsed || (parsed.lexErrors.length === 0 && parsed.parseErrors.length === 0)) return false;
    return [...parsed.lexErrors, ...parsed.parseErrors].some((e) => e.start >= start && e.start <= end);
  });
  let jails: readonly EffectiveJail[] | undefined;
  return {
    config,
    configJails,
    get jails() {
      return (jails ??= evaluate(configJails).jails);
    },
    diagnostics: report.diagnostics(),
    catalog,
  };
}

/** Analyses one text on its own, without following its includes. */
export function analyzeText(text: string, path = 'jail.conf', options: AnalysisOptions = {}): Analysis {
  return analyzeConfig(singleFile(path, parse(text)), options);
}

/** Analyses a file and everything it includes, read through `fs` (the root's own text may be given). */
export async function analyzeFile(path: string, fs: ConfigFileSystem, options: AnalysisOptions & { readonly text?: string } = {}): Promise<Analysis> {
  const text = options.text ?? (await fs.readFile(path));
  return analyzeConfig(await loadConfig(path, text, fs), options);
}
