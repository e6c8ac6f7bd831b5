import { strict as assert } from 'node:assert';
import { generatedJailName, jailNameProblem, releaseOf, releaseProblem } from '../../../src/core/provision/names';
import { provisionSettings } from '../../../src/core/provision/settings';

describe('throwaway names and settings', () => {
  it('accepts jail names FreeBSD and the managers accept, and says why others are refused', () => {
    assert.equal(jailNameProblem('tw-php84-1a2b'), undefined);
    assert.match(jailNameProblem('a.b') ?? '', /child of jail "a"/);
    assert.match(jailNameProblem('12') ?? '', /letter first/);
    assert.match(jailNameProblem('') ?? '', /needs a name/);
    assert.match(jailNameProblem('x'.repeat(64)) ?? '', /at most 63/);
  });

  it('knows release names and strips patch levels', () => {
    assert.equal(releaseProblem('14.3-RELEASE'), undefined);
    assert.equal(releaseProblem('15.0-RC1'), undefined);
    assert.match(releaseProblem('14.3') ?? '', /not a FreeBSD release name/);
    assert.match(releaseProblem("14.3-RELEASE'; rm -rf /") ?? '', /not a FreeBSD release name/);
    assert.equal(releaseOf('14.3-RELEASE-p2'), '14.3-RELEASE');
  });

  it('generates names that say the PHP version', () => {
    assert.equal(generatedJailName('8.4', () => 'beef'), 'tw-php84-beef');
    assert.equal(generatedJailName(undefined, () => '0001'), 'tw-bare-0001');
    assert.equal(jailNameProblem(generatedJailName('8.5')), undefined);
  });

  it('fills settings with defaults and refuses unsafe roots', () => {
    const s = provisionSettings({ root: '/srv/tw/' });
    assert.equal(s.root, '/srv/tw');
    assert.equal(s.addressPool, '10.213.0.0/24');
    assert.equal(s.interfaceName, 'lo1');
    assert.throws(() => provisionSettings({ root: '/usr/local' }), /system directory/);
    assert.throws(() => provisionSettings({ root: 'relative/dir' }), /absolute path/);
    assert.throws(() => provisionSettings({ root: '/srv/a b' }), /absolute path/);
    assert.throws(() => provisionSettings({ root: '/srv/../etc' }), /absolute path/);
    assert.throws(() => provisionSettings({ addressPool: '10.0.0.0' }), /not an IPv4 range/);
    assert.throws(() => provisionSettings({ mirror: 'file:///x' }), /not an http/);
  });
});
