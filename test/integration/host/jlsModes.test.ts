/**
 * jls(8) in every mode of freebsd-reference.md §3 and each libxo version (1, 2, 3), on jails whose
 * parameters exercise the layouts: truncation, empty values, quoting, booleans and address lists.
 */
import { strict as assert } from 'node:assert';
import { scenario, LibxoVersion } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const CREATE = 'mkdir -p /j/alpha /j/beta && '
  + 'jail -c name=alpha path=/j/alpha host.hostname=alpha.example.org ip4.addr=127.213.0.5,127.213.0.6 ip6.addr=::5 persist && '
  + `jail -c name=beta path=/j/beta host.hostname=averyveryverylonghostname.example.org 'host.domainname=my domain' persist`;

const HEADER = '   JID  IP Address      Hostname                      Path\n';

describe('jls text modes', () => {
  const host = useSimulatedHost(() => scenario());
  before(async () => assert.equal((await ssh(host(), CREATE)).status, 0));

  it('default: first IPv4 only, hostname clipped to 29 columns', async () => {
    assert.equal((await ssh(host(), 'jls')).stdout, HEADER
      + '     1  127.213.0.5     alpha.example.org             /j/alpha\n'
      + '     2                  averyveryverylonghostname.exa /j/beta\n');
  });

  it('-N: names instead of jids', async () => {
    assert.equal((await ssh(host(), 'jls -N')).stdout,
      ' JID             IP Address      Hostname                      Path\n'
      + ' alpha           127.213.0.5     alpha.example.org             /j/alpha\n'
      + ' beta                            averyveryverylonghostname.exa /j/beta\n');
  });

  it('-v: four header lines, then jid/hostname/path, name/state, cpuset and every address', async () => {
    assert.equal((await ssh(host(), 'jls -v -j alpha')).stdout,
      '   JID  Hostname                      Path\n'
      + '        Name                          State\n'
      + '        CPUSetID\n'
      + '        IP Address(es)\n'
      + '     1  alpha.example.org             /j/alpha\n'
      + '        alpha                         ACTIVE\n'
      + '        2\n'
      + '        127.213.0.5\n'
      + '        127.213.0.6\n'
      + '        ::5\n');
  });

  it('-n and -q: name=value pairs, booleans as name/noname, quoting and empty values', async () => {
    const params = 'jid name host.domainname ip4.addr persist allow.mount';
    assert.equal((await ssh(host(), `jls -n -j beta ${params}`)).stdout, 'jid=2 name=beta host.domainname=my domain ip4.addr= persist allow.nomount\n');
    assert.equal((await ssh(host(), `jls -nq -j beta ${params}`)).stdout, 'jid=2 name=beta host.domainname="my domain" ip4.addr="" persist allow.nomount\n');
    assert.equal((await ssh(host(), `jls -n -j alpha ${params}`)).stdout, 'jid=1 name=alpha host.domainname="" ip4.addr=127.213.0.5,127.213.0.6 persist allow.nomount\n');
  });

  it('-h: a header of parameter names, then plain values (booleans as true/false, no list as -)', async () => {
    assert.equal((await ssh(host(), 'jls -h jid name ip4.addr persist')).stdout, 'jid name ip4.addr persist\n1 alpha 127.213.0.5,127.213.0.6 true\n2 beta - true\n');
  });

  it('plain values when parameters are named without -n or -h', async () => {
    assert.equal((await ssh(host(), 'jls jid name')).stdout, '1 alpha\n2 beta\n');
  });

  it('-n without parameters prints all of them, top-level names first and sorted', async () => {
    const line = (await ssh(host(), 'jls -n -j alpha')).stdout;
    const names = line.trim().split(' ').map((pair) => pair.split('=')[0].replace(/(^|\.)no(?=[^.]*$)/, '$1'));
    const topLevel = names.filter((name) => !name.includes('.'));
    assert.deepEqual(names.slice(0, topLevel.length), [...topLevel].sort());
    assert.ok(line.startsWith('devfs_ruleset=0 nodying enforce_statfs=2 host=new ip4=new ip6=new jid=1 name=alpha'), line);
    assert.ok(line.includes(' ip4.addr=127.213.0.5,127.213.0.6 ip4.saddrsel ip6.addr=::5 ip6.saddrsel '), line);
  });
});

function jsonScenarioSuite(version: LibxoVersion, verboseExpected: string, namevalExpected: string): void {
  describe(`jls --libxo json, libxo version ${version}`, () => {
    const host = useSimulatedHost(() => scenario({ libxoVersion: version }));
    before(async () => assert.equal((await ssh(host(), CREATE)).status, 0));

    it('-v lists the addresses as the version does', async () => {
      assert.equal((await ssh(host(), 'jls --libxo json -v -j alpha')).stdout, verboseExpected);
    });

    it('-n gives strings, JSON booleans and address arrays', async () => {
      assert.equal((await ssh(host(), 'jls --libxo json -n -j beta jid name host.domainname host.hostuuid ip4.addr persist allow.mount')).stdout
        .replace(/^.*?"jail": \[/, ''), namevalExpected);
    });

    it('-N and the default keys', async () => {
      const named = await ssh(host(), 'jls --libxo=json -N -j alpha');
      assert.equal(named.stdout, `{"__version": "${version}", "jail-information": {"jail": [{"name":"alpha","ipv4":"127.213.0.5","hostname":"alpha.example.org","path":"/j/alpha"}]}}\n`);
      const both = await ssh(host(), 'jls --libxo json');
      assert.equal(both.stdout, `{"__version": "${version}", "jail-information": {"jail": [{"jid":1,"ipv4":"127.213.0.5","hostname":"alpha.example.org","path":"/j/alpha"}, `
        + '{"jid":2,"ipv4":"","hostname":"averyveryverylonghostname.example.org","path":"/j/beta"}]}}\n');
    });

    it(version === '3' ? 'keeps an empty string value' : 'leaves an empty string value out (its libxo format had no argument)', async () => {
      const expected = version === '3' ? '{"name":"alpha","host.domainname":""}' : '{"name":"alpha"}';
      assert.equal((await ssh(host(), 'jls --libxo json -n -j alpha name host.domainname')).stdout,
        `{"__version": "${version}", "jail-information": {"jail": [${expected}]}}\n`);
    });

    it('without -n booleans are strings', async () => {
      assert.equal((await ssh(host(), 'jls --libxo json -j alpha name persist')).stdout,
        `{"__version": "${version}", "jail-information": {"jail": [{"name":"alpha","persist":"true"}]}}\n`);
    });
  });
}

const VERBOSE_PREFIX = (version: string) => `{"__version": "${version}", "jail-information": {"jail": [{"jid":1,"hostname":"alpha.example.org","path":"/j/alpha","name":"alpha","state":"ACTIVE","cpusetid":2, `;
jsonScenarioSuite('1', `${VERBOSE_PREFIX('1')}"ipv4_addrs": ["127.213.0.5","127.213.0.6","::5"]}]}}\n`,
  '{"jid":"2","name":"beta","host.domainname":"my domain","host.hostuuid":"00000000-0000-0000-0000-000000000000", "ip4.addr": [],"persist":true,"allow.mount":false}]}}\n');
jsonScenarioSuite('2', `${VERBOSE_PREFIX('2')}"ipv4_addrs": ["127.213.0.5","127.213.0.6"], "ipv6_addrs": ["::5"]}]}}\n`,
  '{"jid":"2","name":"beta","host.domainname":"my domain","host.hostuuid":"00000000-0000-0000-0000-000000000000", "ip4.addr": [],"persist":true,"allow.mount":false}]}}\n');
jsonScenarioSuite('3', `${VERBOSE_PREFIX('3')}"ipv4-addrs": ["127.213.0.5","127.213.0.6"], "ipv6-addrs": ["::5"]}]}}\n`,
  '{"jid":"2","name":"beta","host.domainname":"my domain","host.hostuuid":"00000000-0000-0000-0000-000000000000", "ip4.addr": [],"persist":true,"allow.mount":false}]}}\n');

describe('jls on FreeBSD 15 (meta and env)', () => {
  const host = useSimulatedHost(() => scenario({ release: '15.0-RELEASE' }));

  it('prints the jail meta test sample', async () => {
    assert.equal((await ssh(host(), "mkdir -p /j1 && jail -c name=jail1 path=/j1 'meta=a b c' persist")).status, 0);
    assert.equal((await ssh(host(), 'jls -j jail1 --libxo json name meta')).stdout,
      '{"__version": "2", "jail-information": {"jail": [{"name":"jail1","meta":"a b c"}]}}\n');
  });

  it('prints the -n fragment with env', async () => {
    assert.equal((await ssh(host(), 'mkdir -p /j2 && jail -c name=jail2 path=/j2 devfs_ruleset=5 persist')).status, 0);
    const line = (await ssh(host(), 'jls -n -j jail2')).stdout;
    assert.ok(line.includes('devfs_ruleset=5 nodying enforce_statfs=2 env="" host=new ip4=disable'), line);
  });

  it('leaves the empty env out of version 2 JSON', async () => {
    assert.equal((await ssh(host(), 'jls --libxo json -n -j jail2 name env')).stdout,
      '{"__version": "2", "jail-information": {"jail": [{"name":"jail2"}]}}\n');
  });
});
