/**
 * VNET jails on the simulated host: the FreeBSD Handbook's VNET example (jails chapter, "VNET jails": an
 * epair per jail, its a side on bridge0, its b side moved into the jail) creates and starts a jail whose
 * own network stack is a Linux network namespace; epair and bridge interfaces are veth and bridge links,
 * so pings between the host and the jail cross them (inside the instance's namespaces). Also ifconfig's clone,
 * bridge and vnet commands on their own, route(8) in the jail, and jls's blank IP column for VNET jails.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { HANDBOOK_JAIL_PRELUDE } from '../../host/jailSeeds';
import { makeJailRoot, ssh, useSimulatedHost, writeRemoteFile } from './harness';

/**
 * The Handbook's VNET jail, verbatim: its start-up, permission and naming lines are those of the other
 * Handbook examples (HANDBOOK_JAIL_PRELUDE) with devfs_ruleset 5 and the path first.
 */
const HANDBOOK_VNET = `vnet {
${HANDBOOK_JAIL_PRELUDE.replace('  mount.devfs;\n', '  mount.devfs;\n  devfs_ruleset = 5;\n')
    .replace('# HOSTNAME/PATH\n', '# PATH/HOSTNAME\n  path = "/usr/local/jails/containers/${name}";\n')}
  # VNET/VIMAGE
  vnet;
  vnet.interface = "\${epair}b";

  # NETWORKS/INTERFACES
  $id = "154";
  $ip = "192.168.1.\${id}/24";
  $gateway = "192.168.1.1";
  $bridge = "bridge0";
  $epair = "epair\${id}";

  # ADD TO bridge INTERFACE
  exec.prestart  = "/sbin/ifconfig \${epair} create up";
  exec.prestart += "/sbin/ifconfig \${epair}a up descr jail:\${name}";
  exec.prestart += "/sbin/ifconfig \${bridge} addm \${epair}a up";
  exec.start    += "/sbin/ifconfig \${epair}b \${ip} up";
  exec.start    += "/sbin/route add default \${gateway}";
  exec.poststop = "/sbin/ifconfig \${bridge} deletem \${epair}a";
  exec.poststop += "/sbin/ifconfig \${epair}a destroy";
}
`;

const ETHER = /ether 02(:[0-9a-f]{2}){4}:0[ab]/g;

describe('VNET jails on the simulated host', () => {
  const host = useSimulatedHost(() => scenario());

  it('has a VIMAGE kernel and clones epair and bridge interfaces as FreeBSD names them', async () => {
    assert.equal((await ssh(host(), 'sysctl -n kern.features.vimage')).stdout, '1\n');
    assert.deepEqual(await ssh(host(), 'ifconfig epair create'), { stdout: 'epair0a\n', stderr: '', status: 0 });
    const pair = (await ssh(host(), 'ifconfig epair0b')).stdout.replace(ETHER, 'ether ETHER');
    assert.equal(pair, 'epair0b: flags=1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n'
      + '\toptions=8<VLAN_MTU>\n\tether ETHER\n\tgroups: epair\n\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n'
      + '\tstatus: active\n\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n');
    assert.deepEqual(await ssh(host(), 'ifconfig epair0a destroy; ifconfig -l'), { stdout: 'em0 lo0 lo1\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'ifconfig epair0b'), { stdout: '', stderr: 'ifconfig: interface epair0b does not exist\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'ifconfig em0 destroy'), { stdout: '', stderr: 'ifconfig: SIOCIFDESTROY: Invalid argument\n', status: 1 });
  });

  it("creates and starts the Handbook's VNET jail, whose stack has its own interfaces and reaches the bridge", async () => {
    // The Handbook's host set-up: a bridge with the NIC as a member.
    assert.deepEqual(await ssh(host(), 'ifconfig bridge create && ifconfig bridge0 addm em0 up'), { stdout: 'bridge0\n', stderr: '', status: 0 });
    makeJailRoot(host(), '/usr/local/jails/containers/vnet', 'vnet');
    await writeRemoteFile(host(), '/etc/jail.conf.d/vnet.conf', HANDBOOK_VNET);
    // The epair's name printed by exec.prestart's "ifconfig epair154 create" comes first, as on FreeBSD.
    assert.deepEqual(await ssh(host(), 'jail -f /etc/jail.conf.d/vnet.conf -c vnet'), { stdout: 'epair154a\nvnet: created\n', stderr: '', status: 0 });
    const jls = (await ssh(host(), 'jls')).stdout.split('\n')[1];
    assert.match(jls, /^ {5}\d {18}vnet {26}\/usr\/local\/jails\/containers\/vnet$/);
    assert.equal((await ssh(host(), 'jls -j vnet -n vnet ip4.addr; jexec vnet sysctl -n security.jail.vnet')).stdout, 'vnet=new ip4.addr=\n1\n');

    const inside = (await ssh(host(), 'jexec vnet ifconfig')).stdout.replace(ETHER, 'ether ETHER');
    assert.equal(inside, 'lo0: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384\n'
      + '\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n'
      + 'epair154b: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n'
      + '\toptions=8<VLAN_MTU>\n\tether ETHER\n\tinet 192.168.1.154 netmask 0xffffff00 broadcast 192.168.1.255\n\tgroups: epair\n'
      + '\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n\tstatus: active\n\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n');
    // /etc/rc's messages, then what the exec.start commands after it print.
    const consoleLog = (await ssh(host(), 'cat /var/log/jail_console_vnet.log')).stdout.split('\n');
    assert.equal(consoleLog[0], 'Setting hostname: vnet.');
    assert.deepEqual(consoleLog.slice(-2), ['add net default: gateway 192.168.1.1', '']);

    assert.equal((await ssh(host(), 'ifconfig -l')).stdout, 'em0 lo0 lo1 bridge0 epair154a\n');
    const hostSide = (await ssh(host(), 'ifconfig epair154a')).stdout;
    assert.ok(hostSide.startsWith('epair154a: flags=1008943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n\tdescription: jail:vnet\n'), hostSide);
    const bridge = (await ssh(host(), 'ifconfig bridge0')).stdout;
    assert.ok(bridge.includes('\tmember: epair154a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n'), bridge);
    assert.ok(bridge.includes('\tmember: em0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n'), bridge);

    // Real traffic: the gateway address on the bridge answers the jail across the veth pair.
    await ssh(host(), 'ifconfig bridge0 inet 192.168.1.1/24');
    const ping = await ssh(host(), 'jexec vnet ping -c 1 -W 5 192.168.1.1');
    assert.ok(ping.stdout.includes('1 packets received'), ping.stdout + ping.stderr);
    const fromHost = await ssh(host(), 'ping -c 1 -W 5 192.168.1.154');
    assert.ok(fromHost.stdout.includes('1 packets received'), fromHost.stdout + fromHost.stderr);
    assert.deepEqual(await ssh(host(), 'jexec vnet route add default 192.168.1.1'),
      { stdout: 'add net default: gateway 192.168.1.1 fib 0: route already in table\n', stderr: 'route: writing to routing socket: File exists\n', status: 1 });

    assert.deepEqual(await ssh(host(), 'jail -f /etc/jail.conf.d/vnet.conf -r vnet'), { stdout: 'vnet: removed\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'ifconfig -l; ifconfig bridge0 | grep -c member:')).stdout, 'em0 lo0 lo1 bridge0\n1\n');
  });

  it('moves an interface into a VNET jail and back with ifconfig vnet/-vnet, and returns it when the jail goes', async () => {
    makeJailRoot(host(), '/usr/local/jails/containers/v2', 'v2');
    assert.equal((await ssh(host(), 'jail -c name=v2 path=/usr/local/jails/containers/v2 vnet persist')).status, 0);
    assert.equal((await ssh(host(), 'ifconfig epair create')).stdout, 'epair0a\n');
    assert.deepEqual(await ssh(host(), 'ifconfig epair0b vnet v2 && ifconfig -l && jexec v2 ifconfig -l'), { stdout: 'em0 lo0 lo1 bridge0 epair0a\nlo0 epair0b\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'ifconfig epair0b -vnet v2 && ifconfig -l'), { stdout: 'em0 lo0 lo1 bridge0 epair0a epair0b\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'ifconfig epair0b vnet nosuch'), { stdout: '', stderr: 'ifconfig: jail "nosuch" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'ifconfig epair0b -vnet v2'), { stdout: '', stderr: 'ifconfig: SIOCSIFRVNET(2, epair0b): Device not configured\n', status: 1 });
    assert.equal((await ssh(host(), 'ifconfig epair0b vnet v2 && jail -r v2 && ifconfig -l')).stdout, 'v2: removed\nem0 lo0 lo1 bridge0 epair0a epair0b\n');
    assert.equal((await ssh(host(), 'ifconfig epair0a destroy && ifconfig -l')).stdout, 'em0 lo0 lo1 bridge0\n');
  });

  it("runs a jail's commands and its shell's by name with the jail's own programs, as execvp in the jail would", async () => {
    makeJailRoot(host(), '/usr/local/jails/containers/v4', 'v4');
    const started = await ssh(host(), 'jail -c name=v4 path=/usr/local/jails/containers/v4 vnet persist exec.start="ifconfig lo0 inet 127.0.0.1 up"');
    assert.deepEqual(started, { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jexec v4 ifconfig lo0')).stdout, 'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n'
      + '\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tinet 127.0.0.1 netmask 0xff000000\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n');
    // The jail's shell searches PATH too: its ifconfig is the jail's /sbin/ifconfig, not busybox's applet.
    assert.equal((await ssh(host(), "jexec v4 /bin/sh -c 'ifconfig lo0 | head -1'")).stdout, 'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n');
    assert.equal((await ssh(host(), 'jail -r v4')).status, 0);
  });

  it("shows a jail without VNET the host's interfaces with only its own addresses, and lets it change none", async () => {
    makeJailRoot(host(), '/usr/local/jails/containers/shared', 'shared');
    assert.equal((await ssh(host(), 'ifconfig lo1 inet 127.213.0.78/32 alias && jail -c name=shared path=/usr/local/jails/containers/shared ip4.addr="lo1|127.213.0.77/32" persist')).status, 0);
    assert.equal((await ssh(host(), 'jexec shared ifconfig lo1')).stdout, 'lo1: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n'
      + '\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tinet 127.213.0.77 netmask 0xffffffff\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n');
    assert.deepEqual(await ssh(host(), 'jexec shared ifconfig epair create'), { stdout: '', stderr: 'ifconfig: SIOCIFCREATE2: Operation not permitted\n', status: 1 });
    assert.equal((await ssh(host(), 'jexec shared sysctl -n security.jail.vnet; jail -r shared')).stdout, '0\nshared: removed\n');
  });

  it('refuses IP address restrictions on a VNET jail', async () => {
    const result = await ssh(host(), 'jail -c name=v3 path=/ vnet ip4.addr=127.213.0.99 persist');
    assert.deepEqual(result, { stdout: '', stderr: 'jail: vnet jails cannot have IP address restrictions\n', status: 1 });
  });
});

describe('a simulated host without VIMAGE', () => {
  const host = useSimulatedHost(() => scenario({ vimage: false }));

  it('has no vnet parameter', async () => {
    assert.deepEqual(await ssh(host(), 'sysctl -n kern.features.vimage'), { stdout: '', stderr: 'sysctl: unknown oid \'kern.features.vimage\'\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jail -c name=v path=/ vnet persist'), { stdout: '', stderr: 'jail: unknown parameter: vnet\n', status: 1 });
  });
});
