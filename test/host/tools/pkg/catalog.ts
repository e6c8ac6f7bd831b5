/**
 * The simulator's package repository: a small fixture standing in for pkg.FreeBSD.org's quarterly
 * branch, with the packages a jail manager installs (web stack, PHP, databases, tools). Web servers and
 * PHP come with working stand-ins (webPackages.ts, phpPackages.ts); other services' daemons are sleeping
 * processes with a pid file.
 */
import { PHP_PACKAGES } from './phpPackages';
import { WEB_PACKAGES } from './webPackages';

export interface FixturePackage {
  name: string;
  version: string;
  origin: string;
  comment: string;
  /** Bytes, for the size lines of pkg install. */
  flatsize: number;
  deps: string[];
  /** Only one package of a conflict group can be installed in a root (phpXY, mod_phpXY, nginx flavours). */
  conflictGroup?: string;
  files: Record<string, string>;
  /** rc.d script name; the script is in `files` when the package has a modelled daemon. */
  service?: string;
  /** pkg-message shown after installation. */
  message?: string;
  /** An Apache module the package's install script activates in httpd.conf (apxs -e -a). */
  apacheModule?: string;
}

export const FIXTURE_PACKAGES: FixturePackage[] = [
  { name: 'pkg', version: '2.1.2', origin: 'ports-mgmt/pkg', comment: 'Package manager', flatsize: 34_000_000, deps: [], files: {} },
  ...WEB_PACKAGES,
  { name: 'apr', version: '1.7.5.1.6.3_1', origin: 'devel/apr1', comment: 'Apache Portability Library', flatsize: 1_900_000, deps: [], files: {} },
  { name: 'pcre2', version: '10.45', origin: 'devel/pcre2', comment: 'Perl Compatible Regular Expressions library, version 2', flatsize: 4_100_000, deps: [], files: {} },
  { name: 'libxml2', version: '2.14.5', origin: 'textproc/libxml2', comment: 'XML parser library for GNOME', flatsize: 3_600_000, deps: [], files: {} },
  ...PHP_PACKAGES,
  { name: 'mysql80-server', version: '8.0.43', origin: 'databases/mysql80-server', comment: 'Multithreaded SQL database (server)', flatsize: 190_000_000, deps: [],
    service: 'mysql-server', files: { '/usr/local/etc/mysql/my.cnf': '[mysqld]\nbind-address = 127.0.0.1\n' } },
  { name: 'postgresql16-server', version: '16.10', origin: 'databases/postgresql16-server', comment: 'PostgreSQL is the most advanced open-source database available anywhere', flatsize: 25_000_000, deps: [],
    service: 'postgresql', files: {} },
  { name: 'curl', version: '8.16.0', origin: 'ftp/curl', comment: 'Command line tool and library for transferring data with URLs', flatsize: 4_900_000, deps: [], files: {} },
  { name: 'git', version: '2.51.0', origin: 'devel/git', comment: 'Distributed source code management tool', flatsize: 38_000_000, deps: ['pcre2'], files: {} },
  { name: 'doas', version: '6.3p13', origin: 'security/doas', comment: 'Simple sudo alternative to run commands as another user', flatsize: 50_000, deps: [], files: {} },
  { name: 'sudo', version: '1.9.17p2', origin: 'security/sudo', comment: 'Allow others to run commands as root', flatsize: 6_500_000, deps: [], files: {} },
];

export function findFixture(name: string): FixturePackage | undefined {
  return FIXTURE_PACKAGES.find((candidate) => candidate.name === name);
}
