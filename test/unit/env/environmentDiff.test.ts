import { strict as assert } from 'node:assert';
import { parseEnvironmentFile } from '../../../src/core/env/environmentFile';
import { describeDiff, diffEnvironment } from '../../../src/core/env/environmentDiff';
import { jailNameFor, specForEnvironment } from '../../../src/core/env/environmentSpec';
import type { ThrowawaySpec } from '../../../src/core/provision/throwawaySpec';

const file = `environments:
  php83:
    host: lab
    release: 14.3-RELEASE
    stack: apache-mod_php
    php: "8.3"
    packages: [git]
    phpExtensions: [mbstring]
    phpIni: { memory_limit: 256M }
    sysrc: { apache24_flags: "-DFOREGROUND" }
    webServerSnippets: ["Header set X-Env php83"]
    provision: ["touch /root/ready"]
    ports: [80, 443]
`;

function wanted(edit: (spec: ThrowawaySpec) => void = () => undefined): ThrowawaySpec {
  const { environments, problems } = parseEnvironmentFile(file);
  assert.deepEqual(problems, []);
  const spec = specForEnvironment(environments[0], 'shop');
  edit(spec);
  return spec;
}

describe('.jails.yaml environment → throwaway spec', () => {
  it('carries every setting, named after workspace and environment', () => {
    const spec = wanted();
    assert.deepEqual(spec, {
      host: 'lab', name: 'shop-php83', release: '14.3-RELEASE', stack: 'apache-mod_php', php: '8.3', packages: ['git'],
      phpExtensions: ['mbstring'], phpIni: { memory_limit: '256M' }, webServerSnippets: ['Header set X-Env php83'],
      sysrc: { apache24_flags: '-DFOREGROUND' }, provision: ['touch /root/ready'], ports: [80, 443], environment: 'php83',
    });
  });

  it('makes jail names of jail-name characters only, starting with a letter and of bounded length', () => {
    assert.equal(jailNameFor('my shop.v2', 'dev'), 'my-shop-v2-dev');
    assert.equal(jailNameFor('2024', 'dev'), 'j2024-dev');
    assert.equal(jailNameFor('', 'dev'), 'dev');
    const long = jailNameFor('x'.repeat(80), 'staging');
    assert.ok(long.length <= 48 && long.endsWith('-staging'), long);
  });
});

describe('.jails.yaml: wanted against the jail\'s record', () => {
  it('says "absent" when there is no jail, and "unchanged" when the record matches (Up twice changes nothing)', () => {
    assert.deepEqual(diffEnvironment(wanted(), undefined), { kind: 'absent' });
    assert.deepEqual(diffEnvironment(wanted(), wanted()), { kind: 'unchanged' });
  });

  it('takes a release without patch level, or none, as matching the patched release the host gave', () => {
    assert.deepEqual(diffEnvironment(wanted(), wanted((s) => { s.release = '14.3-RELEASE-p2'; })), { kind: 'unchanged' });
    assert.deepEqual(diffEnvironment(wanted((s) => { s.release = undefined; }), wanted((s) => { s.release = '14.3-RELEASE-p2'; })), { kind: 'unchanged' });
  });

  it('asks for a new jail when release, stack or PHP changed, or provisioning that ran was edited', () => {
    const actual = wanted();
    const diff = diffEnvironment(wanted((s) => { s.release = '15.0-RELEASE'; s.php = '8.4'; s.provision = ['touch /root/other']; }), actual);
    assert.deepEqual(diff, { kind: 'recreate', reasons: [
      'the release changed from 14.3-RELEASE to 15.0-RELEASE', 'PHP changed from 8.3 to 8.4',
      'provisioning commands that already ran were changed or removed (they cannot be undone)',
    ] });
    assert.match(describeDiff(diff, 'shop-php83'), /^shop-php83 must be re-created: the release changed .*Run Down, then Up$/);
    assert.deepEqual(diffEnvironment(wanted((s) => { s.stack = 'nginx-php-fpm'; }), actual), { kind: 'recreate', reasons: ['the stack changed from apache-mod_php to nginx-php-fpm'] });
  });

  it('asks for a new jail when a thin jail\'s packages change (they live in its read-only template)', () => {
    const diff = diffEnvironment(wanted((s) => { s.phpExtensions = ['mbstring', 'intl']; s.phpIni = {}; }), wanted(), { packagesInPlace: false });
    assert.deepEqual(diff, { kind: 'recreate', reasons: ['packages or PHP extensions changed, and this thin jail shares its read-only programs with its template'] });
    assert.equal(diffEnvironment(wanted((s) => { s.phpIni = {}; }), wanted(), { packagesInPlace: false }).kind, 'update');
  });

  it('lists what can change in place', () => {
    const diff = diffEnvironment(wanted((s) => {
      s.packages = ['git', 'curl'];
      s.phpExtensions = [];
      s.phpIni = { memory_limit: '512M', display_errors: true };
      s.sysrc = { mysql_enable: 'YES' };
      s.webServerSnippets = [];
      s.provision = ['touch /root/ready', 'touch /root/more'];
      s.ports = [80];
    }), wanted());
    assert.deepEqual(diff, { kind: 'update', changes: [
      { kind: 'packages', add: ['curl'], remove: [] },
      { kind: 'phpExtensions', add: [], remove: ['mbstring'] },
      { kind: 'phpIni', settings: { memory_limit: '512M', display_errors: true }, changed: ['display_errors', 'memory_limit'] },
      { kind: 'sysrc', set: { mysql_enable: 'YES' }, unset: ['apache24_flags'] },
      { kind: 'webServerSnippets', snippets: [] },
      { kind: 'provision', commands: ['touch /root/more'] },
      { kind: 'ports', ports: [80] },
    ] });
    assert.equal(describeDiff(diff, 'j'), 'j: install packages curl; remove PHP extensions mbstring; set php.ini display_errors, memory_limit; '
      + 'set rc.conf mysql_enable; remove rc.conf apache24_flags; rewrite the web server snippets; run 1 new provisioning command; tunnel ports 80');
  });
  it('moves the web server when the first port changes; other ports only change the tunnels', () => {
    assert.deepEqual(diffEnvironment(wanted((s) => { s.ports = [8080, 443]; }), wanted()), { kind: 'update', changes: [
      { kind: 'ports', ports: [8080, 443], webPort: { from: 80, to: 8080 } },
    ] });
    assert.equal(describeDiff(diffEnvironment(wanted((s) => { s.ports = [8080]; }), wanted()), 'j'), 'j: move the web server from port 80 to 8080; tunnel ports 8080');
    assert.deepEqual(diffEnvironment(wanted((s) => { s.ports = [80, 3306]; }), wanted()), { kind: 'update', changes: [{ kind: 'ports', ports: [80, 3306] }] });
    const bare = (ports: number[]) => wanted((s) => { s.stack = 'bare'; s.php = undefined; s.phpExtensions = []; s.ports = ports; });
    assert.deepEqual(diffEnvironment(bare([22]), bare([80])), { kind: 'update', changes: [{ kind: 'ports', ports: [22] }] });
    assert.equal(describeDiff(diffEnvironment(bare([]), bare([80])), 'j'), 'j: no tunnels');
  });
});
