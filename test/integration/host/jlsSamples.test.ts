/**
 * jls(8) against the verbatim samples of freebsd-reference.md §3.3, byte for byte: each sample's jails are
 * created on a fresh simulated host with the parameters the sample shows, then jls is asked the same way.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

describe('jls reproduces the reference samples (FreeBSD 14, libxo 2)', () => {
  const host = useSimulatedHost(() => scenario());

  before(async () => {
    const created = await ssh(host(), 'mkdir -p /usr/local/jails/containers/classic /usr/cbsd/jails/dns31 /usr/jails/testezjail /zroot/kleene_basejail'
      + ' && jail -c name=classic path=/usr/local/jails/containers/classic host.hostname=classic ip4.addr=192.168.250.70 persist');
    assert.equal(created.status, 0, created.stderr);
  });

  it('prints the Handbook default listing', async () => {
    const result = await ssh(host(), 'jls');
    assert.equal(result.stdout, '   JID  IP Address      Hostname                      Path\n'
      + '     1  192.168.250.70  classic                       /usr/local/jails/containers/classic\n');
    assert.equal(result.status, 0);
  });

  it('prints the Handbook libxo JSON', async () => {
    for (const option of ['--libxo=json', '--libxo json']) {
      const result = await ssh(host(), `jls ${option}`);
      assert.equal(result.stdout, '{"__version": "2", "jail-information": {"jail": [{"jid":1,"ipv4":"192.168.250.70","hostname":"classic","path":"/usr/local/jails/containers/classic"}]}}\n');
    }
  });

  it('prints a blank IP column for a jail without IPv4 (checkpkgaudit sample)', async () => {
    const created = await ssh(host(), 'jail -c jid=8 name=testezjail path=/usr/jails/testezjail host.hostname=testezjail ip4.addr=172.18.31.21 persist'
      + ' && jail -c jid=3 name=dns31 path=/usr/cbsd/jails/dns31 host.hostname=dns31.infra.d4m.fr vnet persist');
    assert.equal(created.status, 0, created.stderr);
    const result = await ssh(host(), 'jls -j dns31; jls -j testezjail | tail -1');
    assert.equal(result.stdout, '   JID  IP Address      Hostname                      Path\n'
      + '     3                  dns31.infra.d4m.fr            /usr/cbsd/jails/dns31\n'
      + '     8  172.18.31.21    testezjail                    /usr/jails/testezjail\n');
    const sample = ['  JID  IP Address      Hostname                      Path',
      '    3                  dns31.infra.d4m.fr            /usr/cbsd/jails/dns31',
      '    8  172.18.31.21    testezjail                    /usr/jails/testezjail'];
    // The issue text lost one leading blank per line; everything after it matches.
    assert.deepEqual(result.stdout.trimEnd().split('\n').map((line) => line.slice(1)), sample);
    assert.equal((await ssh(host(), 'jail -r testezjail dns31')).status, 0);
  });

  it('prints the kleene -v JSON (numeric name, empty hostname, two addresses, no IPv6)', async () => {
    const created = await ssh(host(), 'jail -c name=helper2 path=/ persist && jail -c jid=83 path=/zroot/kleene_basejail ip4.addr=172.17.0.1,172.17.0.2 persist');
    assert.equal(created.status, 0, created.stderr);
    const result = await ssh(host(), 'jls --libxo json -v -j 83');
    assert.equal(result.stdout, '{"__version": "2", "jail-information": {"jail": [{"jid":83,"hostname":"","path":"/zroot/kleene_basejail","name":"83","state":"ACTIVE","cpusetid":4, "ipv4_addrs": ["172.17.0.1","172.17.0.2"], "ipv6_addrs": []}]}}\n');
    assert.equal((await ssh(host(), 'jail -r 83 helper2')).status, 0);
  });

  it('fails like jls for an unknown jail, an unknown parameter and a bad option', async () => {
    assert.deepEqual(await ssh(host(), 'jls -j nosuch'), { stdout: '', stderr: 'jls: jail "nosuch" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jls -j 99'), { stdout: '', stderr: 'jls: jail 99 not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jls nosuchparam'), { stdout: '', stderr: 'jls: unknown parameter: nosuchparam\n', status: 1 });
    const bad = await ssh(host(), 'jls -x');
    assert.equal(bad.stderr, 'jls: illegal option -- x\njls: usage: jls [-dhNnqv] [-j jail] [param ...]\n');
    assert.equal(bad.status, 1);
  });

  it('prints an empty list as JSON when no jail runs', async () => {
    await ssh(host(), "jail -r '*'");
    const result = await ssh(host(), 'jls --libxo json');
    assert.equal(result.stdout, '{"__version": "2", "jail-information": {"jail": []}}\n');
    assert.equal((await ssh(host(), 'jls')).stdout, '   JID  IP Address      Hostname                      Path\n');
  });
});

describe('jls -s on a FreeBSD 11.1 host (the reference sample\'s release)', () => {
  const host = useSimulatedHost(() => scenario({ release: '11.1-RELEASE', zfs: false }));

  it('prints the -s line of a jail in its order, with the parameters 11.1 had', async () => {
    const name = 'f7bb0cf4-caf2-11e7-ac45-0800279d94cc';
    const created = await ssh(host(), `mkdir -p /zroot/jails/${name} && jail -c jid=67 name=${name} path=/zroot/jails/${name} host.hostname=${name} persist`);
    assert.equal(created.status, 0, created.stderr);
    const line = (await ssh(host(), `jls -s -j ${name}`)).stdout;
    const sample = `devfs_ruleset=0 enforce_statfs=2 host=new ip4=disable ip6=disable jid=67 name=${name} osreldate=1101001 osrelease=11.1-RELEASE path=/zroot/jails/${name} persist securelevel=-1 sysvmsg=disable ... allow.nochflags allow.nomount allow.mount.nodevfs ... allow.set_hostname ... children.max=0 host.domainname="" host.hostid=0 host.hostname=${name} host.hostuuid=00000000-0000-0000-0000-000000000000`;
    let from = 0;
    for (const piece of sample.split(' ... ')) {
      const at = line.indexOf(piece, from);
      assert.ok(at >= from, `"${piece}" in order in: ${line}`);
      from = at + piece.length;
    }
    assert.ok(line.endsWith('\n') && !line.includes('dying') && !line.includes('ip4.addr'));
    assert.equal((await ssh(host(), `jail -r ${name}`)).status, 0);
  });
});
