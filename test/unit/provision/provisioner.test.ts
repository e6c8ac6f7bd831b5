import { strict as assert } from 'node:assert';
import { ThrowawayProvisioner } from '../../../src/core/provision/provisioner';
import { parsePhpVersions } from '../../../src/core/provision/provisioner';
import { provisionSettings } from '../../../src/core/provision/settings';
import type { ThrowawaySpec } from '../../../src/core/provision/throwawaySpec';
import { capabilities, fakeHost } from './fakeHost';

const ok = async () => ({ status: 200, statusText: 'OK', headers: {}, body: '' });

function spec(name: string, overrides: Partial<ThrowawaySpec> = {}): ThrowawaySpec {
  return { host: 'h', name, stack: 'apache-mod_php', php: '8.4', packages: [], phpExtensions: [], phpIni: {}, webServerSnippets: [], sysrc: {}, provision: [], ports: [80], ...overrides };
}

const root = '/usr/local/jails/throwaway';
const hotSections = {
  filesystems: 'zroot/throwaway\t/usr/local/jails/throwaway',
  snapshots: 'zroot/throwaway/releases/14.3-RELEASE@base\nzroot/throwaway/templates/14.3-RELEASE-apache-mod_php-php84@ready',
};

function provisioner(host = fakeHost(), caps = capabilities, settings = {}) {
  return new ThrowawayProvisioner({ name: 'h', shell: host, capabilities: caps, probeHttp: ok }, provisionSettings({ addressPool: '10.213.0.0/29', ...settings }));
}

describe('throwaway provisioner (fake host)', () => {
  it('cold: fetches the release, builds the template, then makes, configures and starts the jail', async () => {
    const host = fakeHost();
    const steps: string[] = [];
    const result = await provisioner(host).create(spec('tw1'), { onEvent: (e) => e.kind === 'started' && steps.push(e.step) });
    assert.equal(result.ok, true, result.ok ? '' : result.message);
    assert.deepEqual(steps, ['check', 'release', 'template', 'reserve', 'clone', 'configure', 'start', 'http']);
    if (!result.ok) return;
    assert.equal(result.temperature, 'cold');
    assert.equal(result.jail.address, '10.213.0.2');
    assert.equal(result.jail.dataset, 'zroot/throwaway/jails/tw1');
    assert.match(host.scripts[1], /fetch -q -o '\/usr\/local\/jails\/throwaway\/.download-14.3-RELEASE\/base.txz' 'https:\/\/download.freebsd.org\/ftp\/releases\/amd64\/amd64\/14.3-RELEASE\/base.txz'/);
    assert.match(host.scripts[1], /sha256 -q/);
    assert.match(host.scripts[1], /zfs create -p '-o' 'mountpoint=\/usr\/local\/jails\/throwaway' 'zroot\/throwaway'/);
    assert.match(host.scripts[2], /pkg -r '\/usr\/local\/jails\/throwaway\/templates\/14.3-RELEASE-apache-mod_php-php84' install -y 'apache24' 'php84' 'mod_php84' <\/dev\/null/);
    assert.match(host.scripts[2], /zfs snapshot 'zroot\/throwaway\/templates\/14.3-RELEASE-apache-mod_php-php84@ready'/);
    assert.match(host.scripts[4], /zfs clone 'zroot\/throwaway\/templates\/14.3-RELEASE-apache-mod_php-php84@ready' 'zroot\/throwaway\/jails\/tw1'/);
    assert.match(host.scripts[6], new RegExp(`jail -f '${root}/conf/tw1.conf' -c 'tw1'`));
    assert.match(host.scripts[6], /service -j 'tw1' 'apache24' start/);
    const hostEtc = host.scripts.slice(1).flatMap((s) => s.split('\n')).filter((l) => /[\s']\/etc\//.test(l) && !/exec\.(start|stop) = /.test(l) && !/^cp \/etc\/(resolv\.conf|localtime) /.test(l));
    assert.deepEqual(hostEtc, [], 'nothing under the host\'s /etc is changed');
  });

  it('names a new root\'s dataset after it, never taking a dataset that exists', async () => {
    const host = fakeHost({ filesystems: 'zroot\t/zroot\nzroot/lab\t/usr/local/jails/other' });
    const result = await provisioner(host, capabilities, { root: '/srv/lab' }).create(spec('tw1'));
    assert.equal(result.ok && result.jail.dataset, 'zroot/lab-2/jails/tw1');
  });

  it('hot: only the jail steps, five round trips with the check', async () => {
    const host = fakeHost(hotSections);
    const result = await provisioner(host).create(spec('tw1'));
    assert.equal(result.ok && result.temperature, 'hot');
    assert.equal(host.scripts.length, 5);
  });

  it('without ZFS makes a thin jail: read-only template under .base by nullfs, writable copies', async () => {
    const host = fakeHost({ 'root-entries': 'releases', directories: `${root}/releases/14.3-RELEASE` });
    const result = await provisioner(host, { ...capabilities, zfsPools: [] }).create(spec('tw1'));
    assert.equal(result.ok && result.temperature, 'warm');
    const clone = host.scripts.find((s) => s.includes('.base')) ?? '';
    assert.match(clone, /ln -s "\/\.base\/\$e"/);
    assert.match(clone, new RegExp(`nullfs\\tro`));
    assert.match(host.scripts.find((s) => s.includes('cp -a \'/usr/local/jails/throwaway/releases/14.3-RELEASE\'')) ?? '', /mv '\/usr\/local\/jails\/throwaway\/templates\/\.14\.3-RELEASE-apache-mod_php-php84\.partial'/);
  });

  it('refuses before touching the host: bad name, no privilege, name taken, pool exhausted, missing interface', async () => {
    const host = fakeHost(hotSections);
    const bad = await provisioner(host).create(spec('a.b'));
    assert.equal(!bad.ok && bad.failedStep, 'check');
    assert.equal(host.scripts.length, 0);
    const none = await provisioner(host, { ...capabilities, privilege: 'none', user: 'joe' }).create(spec('tw1'));
    assert.match(!none.ok ? none.message : '', /doas\.conf/);
    const taken = await provisioner(fakeHost({ ...hotSections, markers: JSON.stringify({ kind: 'freebsd-jails-throwaway', name: 'tw1', path: '/x', conf: '/x.conf', address: '10.213.0.2' }) })).create(spec('tw1'));
    assert.match(!taken.ok ? taken.message : '', /named tw1 exists already/);
    const full = await provisioner(fakeHost({ ...hotSections, 'host-addresses': ['2', '3', '4', '5', '6'].map((n) => `10.213.0.${n}`).join('\n') })).create(spec('tw1'));
    assert.match(!full.ok ? full.message : '', /every address of 10\.213\.0\.0\/29 is in use/);
    const noInterface = await provisioner(fakeHost({ ...hotSections, interface: 'no' })).create(spec('tw1'));
    assert.match(!noInterface.ok ? noInterface.message : '', /creating it runs: ifconfig lo1 create; sysrc cloned_interfaces\+="lo1"/);
  });

  it('creates the interface only with consent, saying the exact commands', async () => {
    const host = fakeHost({ ...hotSections, interface: 'no' });
    let asked: string[] = [];
    const result = await provisioner(host).create(spec('tw1'), { confirmInterface: async (_name, commands) => { asked = commands; return true; } });
    assert.equal(result.ok, true);
    assert.deepEqual(asked, ['ifconfig lo1 create', 'sysrc cloned_interfaces+="lo1"']);
    assert.match(host.scripts[1], /ifconfig 'lo1' create/);
  });

  it('undoes in reverse and reports the step and FreeBSD\'s message when a step fails', async () => {
    const host = fakeHost(hotSections);
    host.failures.push({ match: 'service -j', message: 'apache24 did not start in tw1\n--- /var/log/httpd-error.log (last lines)\nAH00526: Syntax error on line 3' });
    const result = await provisioner(host).create(spec('tw1'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.failedStep, 'start');
    assert.match(result.message, /AH00526: Syntax error on line 3/);
    assert.deepEqual(result.undone, ['configure', 'clone', 'reserve']);
    assert.match(host.scripts[5], /jail -f '\/usr\/local\/jails\/throwaway\/conf\/tw1\.conf' -r 'tw1'/, 'the failing start stops what it started');
  });

  it('never removes what a refusing step found (a name taken by a leftover)', async () => {
    const host = fakeHost(hotSections);
    host.failures.push({ match: 'zfs clone', message: '/usr/local/jails/throwaway/jails/tw1 exists already', status: 3 });
    const result = await provisioner(host).create(spec('tw1'));
    assert.equal(!result.ok && result.failedStep, 'clone');
    assert.ok(!host.scripts.some((s) => s.includes("zfs destroy -r 'zroot/throwaway/jails/tw1'")));
  });

  it('gives parallel creations different addresses, and builds a shared template once', async () => {
    const host = fakeHost({ filesystems: 'zroot/throwaway\t/usr/local/jails/throwaway', snapshots: 'zroot/throwaway/releases/14.3-RELEASE@base' });
    host.delayMs = 5;
    const p = provisioner(host);
    const results = await Promise.all(['a1', 'a2', 'a3'].map((name) => p.create(spec(name))));
    assert.deepEqual(results.map((r) => r.ok && r.jail.address), ['10.213.0.2', '10.213.0.3', '10.213.0.4']);
    assert.equal(host.scripts.filter((s) => s.includes('pkg -r')).length, 1);
  });

  it('refuses to destroy a jail without the marker', async () => {
    const host = fakeHost();
    const outcome = await provisioner(host).destroy(['www']);
    assert.equal(outcome[0].ok, false);
    assert.match(outcome[0].message ?? '', /not a throwaway jail of this extension/);
    assert.ok(!host.scripts.some((s) => s.includes('jail -r') || s.includes('rm -rf')));
  });

  it('reads PHP versions from the repository, newest first', () => {
    assert.deepEqual(parsePhpVersions('php82-8.2.29   PHP Scripting Language\nphp85-8.5.0  x\nphp84-8.4.13\nphp84-extensions-1.1\n'), ['8.5', '8.4', '8.2']);
  });
});
