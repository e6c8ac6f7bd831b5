/**
 * The stand-in programs the fixture packages install (launchers in pkg/programs.ts), by the name the tools
 * bundle dispatches on.
 */
import { runApachectl, runHttpd } from './httpd';
import { runNginx } from './nginx';
import { runPhpCli } from './php/phpCli';
import { runPhpFpm } from './phpFpm';

export const STAND_IN_PROGRAMS: Record<string, (argv: string[]) => void | Promise<void>> = {
  httpd: runHttpd,
  apachectl: runApachectl,
  nginx: runNginx,
  php: runPhpCli,
  'php-fpm': runPhpFpm,
};
