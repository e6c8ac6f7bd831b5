/**
 * The "Bad input and failure" list, each against the simulated host: a clear message naming the
 * step, FreeBSD's own words, and nothing left half made.
 */
import { strict as assert } from 'node:assert';
import { ThrowawayProvisioner } from '../../../src/core/provision/provisioner';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { connect, Connected, hostFootprint, spec, tracking } from './support';

describe('throwaway jails: bad input and failures', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ doasUser: 'deploy', jails: [{ name: 'www', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.10' }] }));
  let c: Connected;
  before(async () => { c = await connect(host()); });
  after(() => c?.home.cleanup());
  afterEach(async () => {
    host().clearFaults();
    assert.equal(await hostFootprint(host(), c.settings.root), '', 'nothing is left half made');
  });

  const failure = async (promise: ReturnType<ThrowawayProvisioner['create']>) => {
    const result = await promise;
    assert.equal(result.ok, false, 'the create fails');
    if (result.ok) throw new Error('unreachable');
    assert.deepEqual(result.leftovers, []);
    return result;
  };

  it('an unknown release: fetch says Not Found', async () => {
    const result = await failure(c.provisioner.create(spec('tw-rel', { release: '9.9-RELEASE' }), tracking(c.shell)));
    assert.equal(result.failedStep, 'release');
    assert.match(result.message, /^Fetching FreeBSD 9\.9-RELEASE: fetch: https:\/\/download\.freebsd\.org\/ftp\/releases\/amd64\/amd64\/9\.9-RELEASE\/MANIFEST: Not Found/);
  });

  it('a package the repository does not have: pkg says so', async () => {
    const result = await failure(c.provisioner.create(spec('tw-pkg', { packages: ['no-such-package'] }), tracking(c.shell)));
    assert.equal(result.failedStep, 'template');
    assert.match(result.message, /No packages available to install matching 'no-such-package'/);
  });

  it('a full disk: the tool that hit it says No space left on device', async () => {
    host().setDiskFull(true, c.settings.root);
    const result = await failure(c.provisioner.create(spec('tw-full'), tracking(c.shell)));
    assert.match(result.message, /No space left on device/);
  });

  it('a name taken by a jail the host already has', async () => {
    const result = await failure(c.provisioner.create(spec('www'), tracking(c.shell)));
    assert.equal(result.failedStep, 'check');
    assert.match(result.message, /a jail named www exists already/);
  });

  it('the address pool exhausted', async () => {
    const small = await connect(host(), { addressPool: '127.213.0.8/30' });
    try {
      const result = await failure(small.provisioner.create(spec('tw-pool'), tracking(small.shell)));
      assert.match(result.message, /every address of 127\.213\.0\.8\/30 is in use/);
    } finally {
      small.home.cleanup();
    }
  });

  it('a web server that fails to start: its own message and the last lines of its error log', async () => {
    const result = await failure(c.provisioner.create(spec('tw-web', { webServerSnippets: ['NoSuchDirective on'] }), tracking(c.shell)));
    assert.equal(result.failedStep, 'start');
    assert.match(result.message, /^Starting tw-web: [\s\S]*AH00526: Syntax error on line 1 of \/usr\/local\/etc\/apache24\/Includes\/zz-throwaway\.conf:\nInvalid command 'NoSuchDirective'/);
    assert.match(result.message, /apache24 did not start in tw-web\n--- \/var\/log\/httpd-error\.log \(last lines\)\n.*\[core:emerg\].*AH00526/);
  });

  it('no privilege: says what to configure instead of prompting', async () => {
    const unprivileged = new ThrowawayProvisioner({ ...c.provisioner.host, capabilities: { ...c.capabilities, user: 'joe', privilege: 'none' } }, c.settings);
    const result = await failure(unprivileged.create(spec('tw-priv')));
    assert.match(result.message, /joe is not root and has no password-less doas or sudo rule.*doas\.conf/);
  });

  it('works through doas -n for a doas-only login', async () => {
    const deploy = await connect(host(), {}, 'deploy');
    try {
      assert.equal(deploy.capabilities.privilege, 'doas');
      const result = await deploy.provisioner.create(spec('tw-doas', { stack: 'bare', php: undefined }), tracking(deploy.shell));
      assert.equal(result.ok, true, result.ok ? '' : result.message);
      const [outcome] = await deploy.provisioner.destroy(['tw-doas']);
      assert.deepEqual([outcome.ok, outcome.leftovers], [true, []]);
    } finally {
      deploy.home.cleanup();
    }
  });
});

describe('throwaway jails: the link lost mid-create', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ latency: { delayMs: 1 }, jails: [] }));
  let c: Connected;
  before(async () => { c = await connect(host()); });
  after(() => c?.home.cleanup());

  it('the link lost while the template is built: reported, and undone once the link is back', async () => {
    const result = await c.provisioner.create(spec('tw-link', { php: '8.2' }), tracking(c.shell, {
      onEvent: (event) => {
        if (event.kind === 'started' && event.step === 'template') {
          setTimeout(() => host().proxy?.cut(), 30);
          setTimeout(() => host().proxy?.restore(), 400);
        }
      },
    }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.leftovers, []);
    assert.equal(await hostFootprint(host(), c.settings.root, { templates: true }), '');
    assert.equal(result.failedStep, 'template');
    assert.match(result.message, /lost|closed|reset/i);
  });
});

describe('throwaway jails: a host without lo1', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ jails: [] }));
  let c: Connected;
  before(async () => {
    c = await connect(host());
    const destroyed = await ssh(host(), 'ifconfig lo1 destroy && sysrc cloned_interfaces=""');
    assert.equal(destroyed.status, 0, destroyed.stderr);
  });
  after(() => c?.home.cleanup());

  it('without consent: refused, saying the exact commands, and nothing changed', async () => {
    const result = await c.provisioner.create(spec('tw-lo', { stack: 'bare', php: undefined }), tracking(c.shell, { confirmInterface: async () => false }));
    assert.equal(!result.ok && result.message, 'freebsd has no lo1 interface for the jails\' addresses; creating it runs: ifconfig lo1 create; sysrc cloned_interfaces+="lo1"');
    assert.notEqual((await ssh(host(), 'ifconfig lo1')).status, 0);
    assert.equal((await ssh(host(), 'sysrc -n cloned_interfaces')).stdout.trim(), '');
  });

  it('a fault after lo1 was created: lo1 and its rc.conf entry are undone too', async () => {
    c.shell.faultInStep = 'interface';
    try {
      const result = await c.provisioner.create(spec('tw-lo', { stack: 'bare', php: undefined }), tracking(c.shell, { confirmInterface: async () => true }));
      assert.equal(!result.ok && result.failedStep, 'interface');
    } finally {
      c.shell.faultInStep = undefined;
    }
    assert.notEqual((await ssh(host(), 'ifconfig lo1')).status, 0);
    assert.equal((await ssh(host(), 'sysrc -n cloned_interfaces')).stdout.trim(), '');
  });

  it('with consent: creates lo1, keeps it in rc.conf for the next boot, and makes the jail', async () => {
    let asked: string[] = [];
    const result = await c.provisioner.create(spec('tw-lo', { stack: 'bare', php: undefined }), tracking(c.shell, { confirmInterface: async (_name, commands) => { asked = commands; return true; } }));
    assert.equal(result.ok, true, result.ok ? '' : result.message);
    assert.deepEqual(asked, ['ifconfig lo1 create', 'sysrc cloned_interfaces+="lo1"']);
    assert.match((await ssh(host(), 'ifconfig lo1')).stdout, /inet 127\.213\.0\.2 /);
    assert.equal((await ssh(host(), 'sysrc -n cloned_interfaces')).stdout.trim(), 'lo1');
    const [outcome] = await c.provisioner.destroy(['tw-lo']);
    assert.deepEqual([outcome.ok, outcome.leftovers], [true, []]);
  });
});
