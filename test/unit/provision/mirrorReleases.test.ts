import { strict as assert } from 'node:assert';
import { parseReleaseIndex, releaseIndexCommand, releaseIndexUrl } from '../../../src/core/provision/mirrorReleases';

/** download.freebsd.org's nginx index of ftp/releases/amd64/amd64/ (CRLF lines, names padded to 50 columns). */
const indexPage = [
  '<html>',
  '<head><title>Index of /ftp/releases/amd64/amd64/</title></head>',
  '<body>',
  '<h1>Index of /ftp/releases/amd64/amd64/</h1><hr><pre><a href="../">../</a>',
  '<a href="13.4-RELEASE/">13.4-RELEASE/</a>                                      17-Sep-2024 05:17                   -',
  '<a href="13.5-RELEASE/">13.5-RELEASE/</a>                                      06-Mar-2025 20:35                   -',
  '<a href="14.2-RELEASE/">14.2-RELEASE/</a>                                      29-Nov-2024 20:12                   -',
  '<a href="14.3-RELEASE/">14.3-RELEASE/</a>                                      06-Jun-2025 20:55                   -',
  '<a href="15.0-RC1/">15.0-RC1/</a>                                          15-Nov-2025 01:31                   -',
  '<a href="15.0-BETA5/">15.0-BETA5/</a>                                        08-Nov-2025 02:48                   -',
  '<a href="15.0-RC2/">15.0-RC2/</a>                                          22-Nov-2025 02:10                   -',
  '<a href="ISO-IMAGES/">ISO-IMAGES/</a>                                        22-Nov-2025 02:16                   -',
  '<a href="README.TXT">README.TXT</a>                                         03-Jan-2016 17:12                1245',
  '</pre><hr></body>',
  '</html>',
  '',
].join('\r\n');

describe('releases on the mirror', () => {
  it('reads the release directories of an index page, newest first, releases before their candidates', () => {
    assert.deepEqual(parseReleaseIndex(indexPage), ['15.0-RC2', '15.0-RC1', '15.0-BETA5', '14.3-RELEASE', '14.2-RELEASE', '13.5-RELEASE', '13.4-RELEASE']);
    assert.deepEqual(parseReleaseIndex('<a href="15.0-RC1/">x</a>\n<a href="15.0-RELEASE/">x</a>\n'), ['15.0-RELEASE', '15.0-RC1']);
    assert.deepEqual(parseReleaseIndex('<html><body>Service Unavailable</body></html>'), []);
  });

  it('fetches the index on the host, and says why when it cannot', () => {
    const url = releaseIndexUrl('https://download.freebsd.org/ftp/releases/', 'arm64', 'aarch64');
    assert.equal(url, 'https://download.freebsd.org/ftp/releases/arm64/aarch64/');
    const command = releaseIndexCommand(url);
    assert.deepEqual(command.argv, ['fetch', '-q', '-T', '20', '-o', '-', url]);
    assert.equal(command.privileged, undefined);
    assert.deepEqual(command.parse(indexPage, '', 0), { ok: true, url, releases: parseReleaseIndex(indexPage) });
    assert.deepEqual(command.parse('', `fetch: ${url}: No address record\n`, 1), { ok: false, url, message: `fetch: ${url}: No address record` });
    assert.deepEqual(command.parse('<html></html>', '', 0), { ok: false, url, message: 'the page lists no release directories' });
  });
});
