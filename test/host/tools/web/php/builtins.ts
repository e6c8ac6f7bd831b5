/**
 * The functions the PHP stand-in runs, which PHP versions have which functions (so that a function added
 * in 8.4 is undefined on 8.3 and one removed in 8.0 is undefined everywhere), and the execution state a
 * script writes its output, headers and errors to.
 */
import { PhpDiagnostic, Severity } from './diagnostics';
import { E, PhpSettings } from './settings';

export type PhpValue = string | number | boolean | null;

export interface ExecutionState {
  settings: PhpSettings;
  file: string;
  line: number;
  status: number;
  headers: Array<[string, string]>;
  output(text: string): void;
  /** Reports a diagnostic (displayed and logged per the settings); a fatal one also ends the script. */
  raise(diagnostic: PhpDiagnostic): void;
}

export function toText(value: PhpValue): string {
  if (value === true) return '1';
  if (value === false || value === null) return '';
  return String(value);
}

/** PHP_VERSION_ID of the first version that has the function. */
const ADDED_IN: Record<string, number> = {
  str_contains: 80000, str_starts_with: 80000, str_ends_with: 80000, get_debug_type: 80000, array_is_list: 80100,
  json_validate: 80300, mb_str_pad: 80300, str_increment: 80300, str_decrement: 80300,
  array_find: 80400, array_find_key: 80400, array_any: 80400, array_all: 80400, mb_trim: 80400, mb_ltrim: 80400, mb_rtrim: 80400,
  mb_ucfirst: 80400, mb_lcfirst: 80400, bcdivmod: 80400, array_first: 80500, array_last: 80500,
};

/** Functions PHP no longer has: calling them is an undefined-function error on every simulated version. */
const REMOVED = new Set(['each', 'create_function', 'money_format', 'mysql_connect', 'mysql_query', 'mysql_select_db', 'ereg', 'eregi',
  'split', 'call_user_method', 'get_magic_quotes_gpc', 'get_magic_quotes_runtime', 'hebrevc', 'convert_cyr_string',
  'ezmlm_hash', 'restore_include_path', 'fgetss', 'image2wbmp', 'png2wbmp', 'jpeg2wbmp', 'read_exif_data', 'gmp_random', 'ldap_sort']);

/** Real PHP functions the stand-in does not run: refused as not simulated rather than called undefined. */
const KNOWN_UNSIMULATED = new Set(['strlen', 'count', 'implode', 'explode', 'sprintf', 'printf', 'var_dump', 'print_r', 'json_encode',
  'json_decode', 'array_map', 'array_filter', 'in_array', 'date', 'time', 'file_get_contents', 'file_put_contents', 'mysqli_connect',
  'htmlentities', 'trim', 'str_replace', 'preg_match', 'preg_replace', 'isset', 'empty', 'define', 'require', 'include', 'session_start',
  'setcookie', 'header_remove', 'ob_start', 'ob_get_clean', 'number_format', 'round', 'rand', 'mt_rand', 'random_int', 'sleep', 'usleep',
  'getenv', 'putenv', 'error_get_last', 'set_error_handler', 'set_exception_handler', 'array_keys', 'array_values', 'array_merge',
  'utf8_encode', 'utf8_decode', 'mb_strlen', 'mb_substr', 'substr', 'strpos', 'ucfirst', 'lcfirst', 'ucwords', 'nl2br', 'md5', 'sha1',
  'hash', 'base64_encode', 'base64_decode', 'urlencode', 'rawurlencode', 'http_build_query', 'parse_str', 'parse_url', 'gethostname']);

const versionId = (version: string) => {
  const [major, minor, release] = version.split('.').map(Number);
  return major * 10000 + minor * 100 + release;
};

function exists(name: string, settings: PhpSettings): boolean {
  const lower = name.toLowerCase();
  if (REMOVED.has(lower)) return false;
  if (ADDED_IN[lower] !== undefined) return versionId(settings.version) >= ADDED_IN[lower];
  return lower in IMPLEMENTED || KNOWN_UNSIMULATED.has(lower);
}

function phpinfoPage(settings: PhpSettings): string {
  const rows = [['System', 'FreeBSD (simulated)'], ['Server API', settings.sapi], ['Loaded Configuration File', settings.iniFiles[0] ?? '(none)'],
    ['Additional .ini files parsed', settings.iniFiles.slice(1).join(',\n') || '(none)'], ['display_errors', settings.displayErrors ? 'On' : 'Off'],
    ['error_log', settings.errorLog ?? 'no value'], ['Extensions', settings.extensions.join(', ')]];
  if (settings.sapi === 'cli') {
    return `phpinfo()\nPHP Version => ${settings.version} (simulated)\n\n${rows.map(([name, value]) => `${name} => ${value}`).join('\n')}\n\nThis is the PHP stand-in of a simulated FreeBSD host, not PHP.\n`;
  }
  return `<!DOCTYPE html>\n<html><head><title>PHP ${settings.version} - phpinfo() (simulated)</title></head><body>\n<h1>PHP Version ${settings.version} (simulated)</h1>\n`
    + `<p>This is the PHP stand-in of a simulated FreeBSD host, not PHP.</p>\n<table>\n${rows.map(([name, value]) => `<tr><td class="e">${name}</td><td class="v">${value}</td></tr>`).join('\n')}\n</table>\n</body></html>\n`;
}

const USER_LEVELS: Record<number, Severity> = { [E.E_USER_ERROR]: 'Fatal error', [E.E_USER_WARNING]: 'Warning', [E.E_USER_NOTICE]: 'Notice', [E.E_USER_DEPRECATED]: 'Deprecated' };

function triggerError(args: PhpValue[], state: ExecutionState): PhpValue {
  const level = args[1] === undefined ? E.E_USER_NOTICE : Number(args[1]);
  const severity = USER_LEVELS[level];
  if (!severity) {
    state.raise({ severity: 'Fatal error', level: E.E_ERROR, file: state.file, line: state.line, uncaught: true,
      message: 'Uncaught ValueError: trigger_error(): Argument #2 ($error_level) must be one of E_USER_ERROR, E_USER_WARNING, E_USER_NOTICE, or E_USER_DEPRECATED' });
  }
  if (level === E.E_USER_ERROR && versionId(state.settings.version) >= 80400) {
    state.raise({ severity: 'Deprecated', level: E.E_DEPRECATED, file: state.file, line: state.line,
      message: 'Passing E_USER_ERROR to trigger_error() is deprecated since 8.4, throw an exception or call exit with a string message instead' });
  }
  state.raise({ severity, level, message: toText(args[0] ?? ''), file: state.file, line: state.line });
  return true;
}

const IMPLEMENTED: Record<string, (args: PhpValue[], state: ExecutionState) => PhpValue> = {
  phpversion: (args, state) => (args.length === 0 ? state.settings.version : state.settings.extensions.includes(toText(args[0])) ? state.settings.version : false),
  phpinfo: (_, state) => { state.output(phpinfoPage(state.settings)); return true; },
  php_sapi_name: (_, state) => state.settings.sapi,
  php_uname: () => 'FreeBSD',
  trigger_error: triggerError,
  user_error: triggerError,
  function_exists: (args, state) => exists(toText(args[0] ?? ''), state.settings),
  extension_loaded: (args, state) => state.settings.extensions.map((name) => name.toLowerCase()).includes(toText(args[0] ?? '').toLowerCase()),
  ini_get: (args, state) => state.settings.ini[toText(args[0] ?? '')] ?? false,
  error_reporting: (_, state) => state.settings.errorReporting,
  http_response_code: (args, state) => {
    const previous = state.status;
    if (args[0] !== undefined) state.status = Number(args[0]);
    return previous;
  },
  header: (args, state) => {
    const match = /^([^:]+):\s*(.*)$/.exec(toText(args[0] ?? ''));
    if (match) state.headers.push([match[1], match[2]]);
    return null;
  },
  htmlspecialchars: (args) => toText(args[0] ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;'),
  strtoupper: (args) => toText(args[0] ?? '').toUpperCase(),
  strtolower: (args) => toText(args[0] ?? '').toLowerCase(),
  str_repeat: (args) => toText(args[0] ?? '').repeat(Number(args[1] ?? 0)),
  str_contains: (args) => toText(args[0] ?? '').includes(toText(args[1] ?? '')),
  json_validate: (args) => { try { JSON.parse(toText(args[0] ?? '')); return true; } catch { return false; } },
};

/** Calls `name`, or raises PHP's undefined-function error or the stand-in's "not simulated" one. */
export function callBuiltin(name: string, args: PhpValue[], state: ExecutionState): PhpValue {
  const lower = name.toLowerCase();
  if (!exists(lower, state.settings)) {
    state.raise({ severity: 'Fatal error', level: E.E_ERROR, file: state.file, line: state.line, uncaught: true,
      message: `Uncaught Error: Call to undefined function ${name}()` });
  }
  const implementation = IMPLEMENTED[lower];
  if (!implementation) {
    state.raise({ severity: 'Fatal error', level: E.E_ERROR, file: state.file, line: state.line,
      message: `Simulated PHP does not support calling ${name}() (the stand-in runs echo/print of literals and constants, phpversion(), phpinfo(), trigger_error(); see test/host/README.md)` });
  }
  return implementation(args, state);
}
