/**
 * /usr/local/bin/php, the CLI of the PHP stand-in: -n (no ini files), -d NAME=VALUE, then -v (a banner that
 * says simulated), -m, -i, --ini, -r CODE, -l FILE or FILE. Diagnostics are shown on stdout (display_errors) and logged to php.ini's error_log or,
 * without one, to stderr, as the CLI SAPI does; a fatal error exits with 255.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ToolExit } from '../../runtime/exit';
import { logText } from './diagnostics';
import { executePhp } from './execute';
import { PHP_INI, loadSettings, PhpSettings } from './settings';

function banner(settings: PhpSettings): string {
  const [, minor, release] = settings.version.split('.');
  return `PHP ${settings.version} (cli) (built: Nov  1 2026 00:00:00) (NTS) (simulated)\nCopyright (c) The PHP Group\nZend Engine v4.${minor}.${release}, Copyright (c) Zend Technologies\n`
    + `    This is the PHP stand-in of a simulated FreeBSD host, not PHP.\n`;
}

function run(settings: PhpSettings, file: string, source?: string): void {
  const result = executePhp(file, settings, (diagnostic) => process.stderr.write(`${logText(diagnostic)}\n`), source);
  process.stdout.write(result.body);
  if (result.diagnostics.some((diagnostic) => diagnostic.severity === 'Fatal error')) throw new ToolExit(255);
}

export function runPhpCli(argv: string[]): void {
  const overrides: Record<string, string> = {};
  let withoutIni = false;
  let at = 0;
  for (; at < argv.length && (argv[at] === '-n' || argv[at] === '-d'); at++) {
    if (argv[at] === '-n') withoutIni = true;
    else {
      const [name, ...value] = (argv[++at] ?? '').split('=');
      overrides[name] = value.join('=') || '1';
    }
  }
  const settings = loadSettings('cli', overrides, withoutIni);
  const [first, second] = argv.slice(at);
  if (first === '-v' || first === '--version') { process.stdout.write(banner(settings)); return; }
  if (first === '-m') { process.stdout.write(`[PHP Modules]\n${[...settings.extensions].sort((a, b) => a.localeCompare(b)).join('\n')}\n\n[Zend Modules]\n\n`); return; }
  if (first === '-i') { run(settings, 'Standard input code', '<?php phpinfo();'); return; }
  if (first === '--ini') {
    process.stdout.write(`Configuration File (php.ini) Path: /usr/local/etc\nLoaded Configuration File:         ${existsSync(PHP_INI) ? PHP_INI : '(none)'}\n`
      + `Scan for additional .ini files in: /usr/local/etc/php\nAdditional .ini files parsed:      ${settings.iniFiles.filter((file) => file !== PHP_INI).join(',\n') || '(none)'}\n`);
    return;
  }
  if (first === '-r' && second !== undefined) { run(settings, 'Command line code', `<?php ${second}`); return; }
  if (first === '-l' && second !== undefined) {
    if (!existsSync(second)) { process.stdout.write(`Could not open input file: ${second}\n`); throw new ToolExit(1); }
    process.stdout.write(`No syntax errors detected in ${second}\n`);
    return;
  }
  if (first !== undefined && !first.startsWith('-')) {
    if (!existsSync(first)) { process.stdout.write(`Could not open input file: ${first}\n`); throw new ToolExit(1); }
    run(settings, first, readFileSync(first, 'utf8'));
    return;
  }
  process.stdout.write(`Usage: php [options] [-f] <file> [--] [args...]\n   php [options] -r <code> [--] [args...]\n`);
  throw new ToolExit(first === undefined ? 0 : 1);
}
