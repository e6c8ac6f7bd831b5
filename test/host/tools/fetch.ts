/**
 * fetch(1) without a network: URLs of FreeBSD release distribution files (…/releases/<arch>/<arch>/<REL>/
 * base.txz or MANIFEST, on any mirror host) are served from the simulator's fixture mirror, and so are its
 * directories (…/releases/<arch>/<arch>/ and …/<REL>/) as the mirror's nginx index pages (fetchIndex.ts);
 * everything else fails as an unreachable host does.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fail, usage } from './runtime/exit';
import { lastValue, parseOptions } from './runtime/getopt';
import { failIfDiskFull } from './runtime/faults';
import { autoindexPage } from './fetchIndex';

export const RELEASE_MIRROR = '/.simulator/fixtures/releases';
const USAGE = 'usage: fetch [-146AadFlMmnPpqRrsUv] [-B bytes] [--bind-address=host] [--ca-cert=file]\n       [--ca-path=dir] [--cert=file] [--crl=file] [-i file] [--key=file]\n       [-N file] [--no-passive] [--no-proxy=list] [--no-sslv3] [--no-tlsv1]\n       [--no-verify-hostname] [--no-verify-peer] [-o file] [--referer=URL]\n       [-S bytes] [-T seconds] [--user-agent=agent-string] [-w seconds] URL ...\n       fetch [-146AadFlMmnPpqRrsUv] [-B bytes] [--bind-address=host]\n       [--ca-cert=file] [--ca-path=dir] [--cert=file] [--crl=file] [-i file]\n       [--key=file] [-N file] [--no-passive] [--no-proxy=list] [--no-sslv3]\n       [--no-tlsv1] [--no-verify-hostname] [--no-verify-peer] [-o file]\n       [--referer=URL] [-S bytes] [-T seconds] [--user-agent=agent-string]\n       [-w seconds] -h host -f file [-c dir]';

export function runFetch(argv: string[]): void {
  const parsed = parseOptions('fetch', argv.filter((word) => !word.startsWith('--')), '146AadFlMmnPpqRrsUvB:i:N:o:S:T:w:h:f:c:', USAGE);
  if (parsed.operands.length === 0) usage(USAGE);
  const output = lastValue(parsed, 'o');
  for (const url of parsed.operands) {
    const listing = /^(?:https?|ftp):\/\/[^/]+(\/(?:.*?\/)?releases\/[^/]+\/[^/]+(?:\/([^/]+))?)\/?$/.exec(url);
    if (listing) {
      const [, path, release] = listing;
      const dir = release === undefined ? RELEASE_MIRROR : join(RELEASE_MIRROR, release);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('fetch', `${url}: Not Found`);
      const page = autoindexPage(`${path}/`, dir);
      if (output === '-') {
        process.stdout.write(page);
        continue;
      }
      // fetch.c names the file after the URL's last component, "fetch.out" when the URL ends in "/".
      const name = url.endsWith('/') ? 'fetch.out' : basename(url);
      const target = output === undefined ? name : existsSync(output) && statSync(output).isDirectory() ? join(output, name) : output;
      failIfDiskFull('fetch', target);
      writeFileSync(target, page);
      continue;
    }
    const match = /^(?:https?|ftp):\/\/([^/]+)\/.*?\/releases\/([^/]+)\/([^/]+)\/([^/]+)\/(base\.txz|MANIFEST)$/.exec(url);
    if (!match) {
      fail('fetch', `${url}: No address record`);
    }
    const [, , , , release, file] = match;
    const source = join(RELEASE_MIRROR, release, file);
    if (!existsSync(source)) fail('fetch', `${url}: Not Found`);
    if (output === '-') {
      process.stdout.write(readFileSync(source));
      continue;
    }
    const target = output === undefined ? basename(url) : existsSync(output) && statSync(output).isDirectory() ? join(output, file) : output;
    failIfDiskFull('fetch', target);
    copyFileSync(source, target);
  }
}
