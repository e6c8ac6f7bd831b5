/**
 * fetch(1) of the release mirror's directories: as download.freebsd.org's nginx answers them, an HTML index
 * ("Index of PATH", a "../" link, one line per entry with its time and size, CRLF lines), listing each
 * mirrored release under …/releases/<machine>/<arch>/ and a release's files under its directory; the
 * extension reads the first through its runner to offer the releases.
 */
import { strict as assert } from 'node:assert';
import { parseReleaseIndex, releaseIndexCommand } from '../../../src/core/provision/mirrorReleases';
import { MIRRORED_RELEASES } from '../../host/releaseMirror';
import { scenario } from '../../host/index';
import { connect } from '../throwaway/support';
import { ssh, useSimulatedHost } from './harness';

const ARCH_URL = 'https://download.freebsd.org/ftp/releases/amd64/amd64/';
const line = /^<a href="([^"]+)">([^<]+)<\/a> +(\d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{4} \d{2}:\d{2}) +(-|\d+)$/;

describe('fetch of the release mirror\'s directory pages', () => {
  const host = useSimulatedHost(() => scenario({ release: '14.3-RELEASE' }));

  it('answers the architecture directory with nginx\'s index of the release directories', async () => {
    const result = await ssh(host(), `fetch -q -o - ${ARCH_URL}`);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\r\n');
    assert.deepEqual(lines.slice(0, 4), [
      '<html>', '<head><title>Index of /ftp/releases/amd64/amd64/</title></head>', '<body>',
      '<h1>Index of /ftp/releases/amd64/amd64/</h1><hr><pre><a href="../">../</a>',
    ]);
    assert.deepEqual(lines.slice(-3), ['</pre><hr></body>', '</html>', '']);
    const entries = lines.slice(4, -3);
    assert.deepEqual(entries.map((l) => line.exec(l)?.slice(1, 3)), [...MIRRORED_RELEASES].sort().map((r) => [`${r}/`, `${r}/`]));
    for (const entry of entries) {
      assert.equal(entry.indexOf('</a>') + 4 + 50 - `${line.exec(entry)?.[2]}`.length, entry.search(/ \d{2}-\w{3}-\d{4} /), `name padded to 50 columns: ${entry}`);
      assert.match(entry, / {18}-$/, 'a directory has no size');
    }
    assert.deepEqual(parseReleaseIndex(result.stdout), [...MIRRORED_RELEASES].sort().reverse());
  });

  it('lists a release\'s files with their sizes, and writes fetch.out without -o', async () => {
    const result = await ssh(host(), `fetch -q -o - ${ARCH_URL}14.3-RELEASE/ && ls -l /.simulator/fixtures/releases/14.3-RELEASE | awk '{ print $5, $9 }'`);
    assert.equal(result.status, 0, result.stderr);
    const [page, sizes] = result.stdout.split('</html>\r\n');
    const files = page.split('\r\n').map((l) => line.exec(l)).filter((m) => m !== null).map((m) => `${m?.[4]} ${m?.[2]}`);
    assert.deepEqual(files, sizes.trim().split('\n').sort());
    const saved = await ssh(host(), `cd /tmp && fetch -q ${ARCH_URL} && head -1 fetch.out && rm fetch.out`);
    assert.deepEqual(saved, { stdout: '<html>\r\n', stderr: '', status: 0 });
  });

  it('answers a directory it does not have with Not Found, as the mirror does', async () => {
    assert.deepEqual(await ssh(host(), `fetch -q -o - ${ARCH_URL}9.9-RELEASE/`),
      { stdout: '', stderr: `fetch: ${ARCH_URL}9.9-RELEASE/: Not Found\n`, status: 1 });
  });

  it('gives the extension the mirrored releases through its runner', async () => {
    const c = await connect(host());
    try {
      assert.deepEqual(await c.runner.run(releaseIndexCommand(ARCH_URL)), { ok: true, url: ARCH_URL, releases: [...MIRRORED_RELEASES].sort().reverse() });
      // A host without a route to the mirror, as fetch(1) reports it.
      host().injectFault({ command: 'fetch', times: 1, stderr: `fetch: ${ARCH_URL}: No route to host\n`, exitCode: 1 });
      assert.deepEqual(await c.runner.run(releaseIndexCommand(ARCH_URL)), { ok: false, url: ARCH_URL, message: `fetch: ${ARCH_URL}: No route to host` });
    } finally {
      c.home.cleanup();
    }
  });
});
