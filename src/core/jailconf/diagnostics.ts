// Every diagnostic the jail.conf validator can give, with its stable code, its default severity and what it
// means. The rule, as in dockerfile-utils: an error is only what FreeBSD rejects (a false error is a bug);
// what works but bites is a warning; the rest is information.
import { Range } from './text';

export type Severity = 'error' | 'warning' | 'info';

export interface CodeInfo {
  readonly severity: Severity;
  readonly meaning: string;
}

export const diagnosticCodes = {
  'unterminated-string': { severity: 'error', meaning: 'A quoted string is not closed (jail: FILE line N: unterminated string).' },
  'unterminated-comment': { severity: 'error', meaning: 'A /* comment is not closed (unterminated comment).' },
  'unterminated-variable': { severity: 'error', meaning: 'A ${ variable is not closed on its line (unterminated variable).' },
  'syntax-error': { severity: 'error', meaning: "jail(8)'s parser refuses this token (TOKEN: syntax error)." },
  'missing-semicolon': { severity: 'error', meaning: "A statement does not end with ';', so the next token is a syntax error." },
  'unexpected-eof': { severity: 'error', meaning: 'The file ends inside a block or a statement (unexpected EOF).' },
  'include-variable': { severity: 'error', meaning: "An .include path holds a variable (variables not permitted in '.include' filename)." },
  'include-not-found': { severity: 'error', meaning: 'An .include path without a glob pattern names no file (PATH: No such file or directory).' },
  'include-unreadable': { severity: 'error', meaning: 'An included file cannot be read.' },
  'include-depth': { severity: 'error', meaning: 'Includes nest deeper than 32 files (maximum include depth exceeded).' },
  'variable-not-found': { severity: 'error', meaning: 'A variable or parameter used with $ has no value in this jail (variable "v" not found).' },
  'variable-loop': { severity: 'error', meaning: 'Variables refer to each other in a circle (variable loop).' },
  'array-inline': { severity: 'error', meaning: 'A list of several values is used inside a larger string (array cannot be substituted inline).' },
  'variable-shadows-parameter': { severity: 'error', meaning: 'A variable has the name of a parameter (variable "$x" cannot have the same name as a parameter).' },
  'redefined-parameter': { severity: 'error', meaning: 'name (or jid) is set again (cannot redefine parameter "name").' },
  'unknown-parameter': { severity: 'error', meaning: 'No such jail parameter (unknown parameter: P).' },
  'read-only-parameter': { severity: 'error', meaning: 'The parameter can be read but not set; the kernel refuses it as an unknown parameter.' },
  'unknown-boolean': { severity: 'error', meaning: 'A boolean is not true, false or a number (unknown boolean value "X").' },
  'non-integer': { severity: 'error', meaning: 'An integer parameter has another value (non-integer value "X").' },
  'unknown-jailsys': { severity: 'error', meaning: 'A jailsys parameter is not disable, new or inherit (unknown jailsys value "X").' },
  'value-not-allowed': { severity: 'error', meaning: 'The kernel refuses this value for this parameter (jail_set: Invalid argument).' },
  'out-of-range': { severity: 'error', meaning: 'The kernel refuses a value outside the parameter\'s range (jail_set: Invalid argument).' },
  'value-too-long': { severity: 'error', meaning: 'The value is longer than the kernel accepts.' },
  'osreldate-zero': { severity: 'error', meaning: 'osreldate is 0 (osreldate cannot be 0).' },
  'numeric-name': { severity: 'error', meaning: 'A jail name made of digits that is not its jid (name cannot be numeric (unless it is the jid)).' },
  'invalid-ipv4': { severity: 'error', meaning: 'An ip4.addr entry is not an IPv4 address (not an IPv4 address: X).' },
  'invalid-ipv6': { severity: 'error', meaning: 'An ip6.addr entry is not an IPv6 address (not an IPv6 address: X).' },
  'invalid-address-mask': { severity: 'error', meaning: 'The /mask of an address is not a prefix length ifconfig accepts.' },
  'invalid-interface': { severity: 'error', meaning: 'An "interface|address" entry has no interface before the |.' },
  'forbidden-address': { severity: 'error', meaning: 'The kernel refuses the unspecified or broadcast address, and the same address twice.' },
  'vnet-ip-conflict': { severity: 'error', meaning: 'vnet together with ip4/ip6 settings (vnet jails cannot have IP address restrictions).' },
  'relative-path': { severity: 'error', meaning: 'A path jail(8) needs absolute is relative (not an absolute pathname).' },
  'mount-missing-information': { severity: 'error', meaning: 'A mount entry has fewer than three fields (mount: LINE: missing information).' },
  'mount-no-path': { severity: 'error', meaning: 'mount.devfs, mount.fdescfs or mount.procfs without path (mount.devfs: no path).' },
  'undefined-dependency': { severity: 'error', meaning: 'depend names a jail that is not configured (depends on undefined jail "X").' },
  'dependency-loop': { severity: 'error', meaning: 'Jails depend on each other in a circle (dependency loop).' },
  'unsafe-unquoted-value': { severity: 'warning', meaning: 'An unquoted #, // or /* inside a value starts a comment and cuts the value short.' },
  'no-persist-or-command': { severity: 'warning', meaning: 'A jail with neither persist nor exec.start/command cannot be created from this file alone.' },
  'deprecated-parameter': { severity: 'warning', meaning: 'The parameter is deprecated.' },
  'unsupported-in-version': { severity: 'warning', meaning: 'The FreeBSD version this file targets does not have this parameter or syntax.' },
  'scalar-list': { severity: 'warning', meaning: 'Several values for a parameter that takes one: FreeBSD silently keeps the last.' },
  'unusual-value': { severity: 'warning', meaning: 'FreeBSD accepts the value, but it means nothing more than the nearest usual one.' },
  'interface-name-too-long': { severity: 'warning', meaning: 'Interface names are at most 15 characters.' },
  'parent-not-defined': { severity: 'warning', meaning: 'A child jail (a.b) whose parent is not defined in the file: creating it fails unless the parent already runs (jail "a" not found).' },
  'parent-children-max': { severity: 'warning', meaning: 'A child jail whose parent in this file does not allow children (children.max).' },
  'duplicate-jail': { severity: 'warning', meaning: 'Two blocks define the same jail name or jid: jail(8) does not merge them, and creating the second fails (jail "X" already exists).' },
  'address-clash': { severity: 'warning', meaning: 'Two jails share an address while one of them has several of that family: the kernel refuses to run both (IPv4 addresses clash).' },
  'too-many-addresses': { severity: 'warning', meaning: 'More addresses of one family than the kernel takes by default, security.jail.jail_max_af_ips = 255 (too many IPv4 addresses).' },
  'module-parameter': { severity: 'info', meaning: 'The parameter exists only if libjail can load a kernel module of that name.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** The file the diagnostic is in (the path given to the analysis, or an included file). */
  readonly file: string;
  readonly range: Range;
  /** Offsets of the range in that file's text, for quick fixes. */
  readonly start: number;
  readonly end: number;
  /** Machine-readable help for quick fixes. */
  readonly data?: DiagnosticData;
}

export type DiagnosticData =
  | { readonly kind: 'replace'; readonly candidates: readonly string[] }
  | { readonly kind: 'insert-semicolon'; readonly offset: number }
  | { readonly kind: 'quote'; readonly start: number; readonly end: number; readonly text: string };

export function severityOf(code: DiagnosticCode): Severity {
  return diagnosticCodes[code].severity;
}
