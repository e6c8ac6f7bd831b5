/**
 * ssh2, loaded when the first connection opens instead of with the extension: setting up its key parsers,
 * ciphers and agent code took about 50 ms of activation, before the tree could show a single host.
 */
import type * as Ssh2 from 'ssh2';

let library: typeof Ssh2 | undefined;

export function ssh2(): typeof Ssh2 {
  // A require inside the function is what keeps the bundler from running ssh2's module code at load time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require('ssh2') as typeof Ssh2;
  return library;
}
