/**
 * What the PHP stand-in reads at start-up, as PHP does: its version (from the package database of the root
 * it runs in), php.ini (/usr/local/etc/php.ini, absent by default on FreeBSD) and the extension ini files of
 * /usr/local/etc/php; directives fall back to PHP's built-in defaults.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const PHP_INI = '/usr/local/etc/php.ini';
const EXTENSION_DIR = '/usr/local/etc/php';
const PACKAGE_DATABASE = '/var/db/pkg/simulated-local.json';

export type Sapi = 'cli' | 'apache2handler' | 'fpm-fcgi';

export interface PhpSettings {
  version: string;
  sapi: Sapi;
  displayErrors: boolean;
  /** display_errors=stderr (CLI). */
  displayToStderr: boolean;
  logErrors: boolean;
  errorLog?: string;
  errorReporting: number;
  htmlErrors: boolean;
  exposePhp: boolean;
  extensions: string[];
  /** Every directive read, for ini_get(). */
  ini: Record<string, string>;
  iniFiles: string[];
}

/** PHP's error-level constants. */
export const E: Record<string, number> = {
  E_ERROR: 1, E_WARNING: 2, E_PARSE: 4, E_NOTICE: 8, E_CORE_ERROR: 16, E_CORE_WARNING: 32, E_COMPILE_ERROR: 64, E_COMPILE_WARNING: 128,
  E_USER_ERROR: 256, E_USER_WARNING: 512, E_USER_NOTICE: 1024, E_STRICT: 2048, E_RECOVERABLE_ERROR: 4096, E_DEPRECATED: 8192,
  E_USER_DEPRECATED: 16384, E_ALL: 32767,
};

/** The PHP version installed in this root: the phpXY package's version. */
export function installedPhpVersion(): string | undefined {
  if (!existsSync(PACKAGE_DATABASE)) return undefined;
  const packages = JSON.parse(readFileSync(PACKAGE_DATABASE, 'utf8')) as Array<{ name: string; version: string }>;
  return packages.find((entry) => /^php\d\d$/.test(entry.name))?.version;
}

function parseIni(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('[')) continue;
    const match = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const value = match[2].replace(/\s;.*$/, '').trim().replace(/^"(.*)"$/, '$1');
    const key = match[1].trim();
    if (key === 'extension' || key === 'zend_extension') values[`${key}:${value.replace(/\.so$/, '')}`] = '1';
    else values[key] = value;
  }
  return values;
}

/** error_reporting expressions as php.ini writes them: constants joined by &, |, ~. */
export function errorLevel(expression: string): number {
  if (/^-?\d+$/.test(expression.trim())) return Number(expression);
  let value = 0;
  let operator = '|';
  for (const token of expression.match(/~?\s*[A-Z_]+|\d+|[&|]/g) ?? []) {
    if (token === '&' || token === '|') { operator = token; continue; }
    const negated = token.startsWith('~');
    let operand = E[token.replace(/^~\s*/, '')] ?? (Number(token) || 0);
    if (negated) operand = ~operand;
    value = operator === '&' ? value & operand : value | operand;
  }
  return value;
}

const isOn = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : /^(1|on|yes|true|stderr|stdout)$/i.test(value.trim()));

export function loadSettings(sapi: Sapi, overrides: Record<string, string> = {}, withoutIni = false): PhpSettings {
  const iniFiles: string[] = [];
  let ini: Record<string, string> = {};
  const read = (file: string) => {
    iniFiles.push(file);
    ini = { ...ini, ...parseIni(readFileSync(file, 'utf8')) };
  };
  if (!withoutIni && existsSync(PHP_INI)) read(PHP_INI);
  if (!withoutIni && existsSync(EXTENSION_DIR)) readdirSync(EXTENSION_DIR).filter((name) => name.endsWith('.ini')).sort().forEach((name) => read(`${EXTENSION_DIR}/${name}`));
  ini = { ...ini, ...overrides };
  const cli = sapi === 'cli';
  return {
    version: installedPhpVersion() ?? '8.4.13',
    sapi,
    displayErrors: isOn(ini.display_errors, true),
    displayToStderr: /^stderr$/i.test(ini.display_errors ?? ''),
    logErrors: isOn(ini.log_errors, true),
    errorLog: ini.error_log || undefined,
    errorReporting: ini.error_reporting !== undefined ? errorLevel(ini.error_reporting) : E.E_ALL,
    htmlErrors: !cli && isOn(ini.html_errors, true),
    exposePhp: isOn(ini.expose_php, true),
    extensions: ['Core', 'date', 'hash', 'json', 'pcre', 'random', 'Reflection', 'SPL', 'standard',
      ...Object.keys(ini).filter((key) => key.includes(':')).map((key) => key.split(':')[1])],
    ini,
    iniFiles,
  };
}
