import { strict as assert } from 'node:assert';
import { JlsOutputError, parseJlsJson, parseJlsNameValue, parseJlsPairs } from '../../../src/core/freebsd/jlsOutput';

describe('jls output parsers', () => {
  describe('libxo JSON', () => {
    it('reads the Handbook sample (default mode, version 2)', () => {
      const out = '{"__version": "2", "jail-information": {"jail": [{"jid":1,"ipv4":"192.168.250.70","hostname":"classic","path":"/usr/local/jails/containers/classic"}]}}\n';
      const [jail] = parseJlsJson(out);
      assert.equal(jail.jid, 1);
      assert.equal(jail.path, '/usr/local/jails/containers/classic');
      assert.equal(jail.name, '1', 'without a name, the kernel names a jail by its jid');
    });

    it('reads named parameters with -n: strings, address arrays and JSON booleans', () => {
      const out = JSON.stringify({
        __version: '2',
        'jail-information': {
          jail: [
            { jid: '3', name: 'www', 'host.hostname': 'www.example.org', path: '/usr/local/jails/www', 'ip4.addr': ['10.213.0.10', '10.213.0.11'], 'ip6.addr': [], dying: false, vnet: 'inherit', osrelease: '14.3-RELEASE' },
            { jid: '4', name: 'vnet1', 'host.hostname': 'vnet1', path: '/j/vnet1', dying: true, vnet: 'new', osrelease: '15.0-RELEASE' },
          ],
        },
      });
      const [www, vnet1] = parseJlsJson(out);
      assert.deepEqual(www, { jid: 3, name: 'www', hostname: 'www.example.org', path: '/usr/local/jails/www', ip4: ['10.213.0.10', '10.213.0.11'], ip6: [], dying: false, vnet: false, osrelease: '14.3-RELEASE' });
      assert.equal(vnet1.dying, true);
      assert.equal(vnet1.vnet, true);
      assert.deepEqual(vnet1.ip4, [], 'a missing key (libxo v2 drops empty values) is an empty list');
    });

    it('reads booleans given as strings (parameters without -n)', () => {
      const out = '{"__version": "2", "jail-information": {"jail": [{"jid":"7","name":"a","dying":"true"}]}}';
      assert.equal(parseJlsJson(out)[0].dying, true);
    });

    it('reads the meta sample of FreeBSD tests', () => {
      const out = '{"__version": "2", "jail-information": {"jail": [{"name":"jail1","meta":"a b c"}]}}';
      assert.throws(() => parseJlsJson(out), /jid "" is not a jail id/, 'the inventory always asks for jid');
    });

    it('gives an empty list when no jail runs', () => {
      assert.deepEqual(parseJlsJson('{"__version": "2", "jail-information": {"jail": []}}'), []);
      assert.deepEqual(parseJlsJson('{"__version": "3", "jail-information": {}}'), []);
    });

    it('turns bad or truncated output into a clear error, never a crash', () => {
      assert.throws(() => parseJlsJson(''), (e: Error) => e instanceof JlsOutputError && /no output/.test(e.message));
      assert.throws(() => parseJlsJson('{"__version": "2", "jail-information": {"jail": [{"jid":1,'), /not JSON/);
      assert.throws(() => parseJlsJson('{"__version": "2"}'), /no "jail-information" list/);
      assert.throws(() => parseJlsJson('{"__version": "2", "jail-information": {"jail": [42]}}'), /entry 1 is not an object/);
      assert.throws(() => parseJlsJson('{"__version": "2", "jail-information": {"jail": [{"jid":"x"}]}}'), /jid "x"/);
    });
  });

  describe('jls -n -q', () => {
    it('splits pairs, quoted values and booleans as jls prints them', () => {
      assert.deepEqual(parseJlsPairs('devfs_ruleset=5 nodying enforce_statfs=2 env="" host=new ip4=disable'), {
        devfs_ruleset: '5',
        dying: false,
        enforce_statfs: '2',
        env: '',
        host: 'new',
        ip4: 'disable',
      });
      assert.deepEqual(parseJlsPairs(`host.hostname="a b" meta='say "hi"' x="back\\\\slash \\"q\\"" persist allow.nomount`), {
        'host.hostname': 'a b',
        meta: 'say "hi"',
        x: 'back\\slash "q"',
        persist: true,
        'allow.mount': false,
      });
    });

    it('reads the jls -s sample of FreeBSD 11.1', () => {
      const line =
        'devfs_ruleset=0 enforce_statfs=2 host=new ip4=disable ip6=disable jid=67 name=f7bb0cf4-caf2-11e7-ac45-0800279d94cc osreldate=1101001 osrelease=11.1-RELEASE path=/zroot/jails/f7bb0cf4-caf2-11e7-ac45-0800279d94cc persist securelevel=-1 sysvmsg=disable allow.nochflags allow.nomount allow.mount.nodevfs allow.set_hostname children.max=0 host.domainname="" host.hostid=0 host.hostname=f7bb0cf4-caf2-11e7-ac45-0800279d94cc host.hostuuid=00000000-0000-0000-0000-000000000000';
      const pairs = parseJlsPairs(line);
      assert.equal(pairs['allow.mount.devfs'], false);
      assert.equal(pairs['allow.set_hostname'], true);
      assert.equal(pairs['host.domainname'], '');
      const [jail] = parseJlsNameValue(line + '\n');
      assert.equal(jail.jid, 67);
      assert.equal(jail.osrelease, '11.1-RELEASE');
      assert.deepEqual(jail.ip4, []);
    });

    it('reads one jail a line, with comma-joined addresses', () => {
      const out = 'jid=1 name=www host.hostname=www path=/j/www ip4.addr=10.0.0.1,10.0.0.2 ip6.addr= nodying vnet=inherit osrelease=14.3-RELEASE\njid=2 name=db host.hostname="" path=/j/db ip4.addr= ip6.addr= dying vnet=new osrelease=14.3-RELEASE\n';
      const jails = parseJlsNameValue(out);
      assert.deepEqual(jails.map((j) => [j.name, j.ip4, j.dying, j.vnet]), [
        ['www', ['10.0.0.1', '10.0.0.2'], false, false],
        ['db', [], true, true],
      ]);
    });

    it('refuses an unterminated quote', () => {
      assert.throws(() => parseJlsPairs('jid=1 name="oops'), /unterminated quoted value for name/);
    });
  });
});
