/**
 * A fault at each step of an in-place Up, one run per step: the report names the step and gives FreeBSD's
 * message, and the jail is as it was before that Up (its packages, configuration files, rc.conf, record,
 * marker, running services and page), with nothing half made left on the host; except for what a
 * provisioning command did, which the report says cannot be undone. Starting a stopped jail that fails
 * leaves it stopped; a failed sync is completed by the next Up; a lost connection does not stop the host
 * half way. The last step, the record, writes with the shell's own redirections, which the simulated host
 * has no fault for: it fails here through a link the jail made, which no step writes through.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironmentFile } from '../../../src/core/env/environmentFile';
import { specForEnvironment } from '../../../src/core/env/environmentSpec';
import { upEnvironment } from '../../../src/core/env/environmentUp';
import type { ThrowawayMarker } from '../../../src/core/provision/marker';
import { ThrowawayProvisioner } from '../../../src/core/provision/provisioner';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { connect, Connected } from '../throwaway/support';

const base = `environments:
  faults:
    host: freebsd
    stack: apache-mod_php
    php: "8.4"
    phpExtensions: [mbstring]
`;

/** Every kind of in-place change at once, plus what a run adds to make its step fail. */
const changed = (extra: { snippet?: string; provision?: string } = {}) => `${base}    packages: [curl]
    phpExtensions: [intl]
    phpIni: { memory_limit: 300M }
    sysrc: { shop_mode: "dev" }
    webServerSnippets: ["AddDefaultCharset UTF-8"${extra.snippet ? `, "${extra.snippet}"` : ''}]
    provision: ["touch /root/provisioned"${extra.provision ? `, "${extra.provision}"` : ''}]
    ports: [8080]
`.replace('    phpExtensions: [mbstring]\n', '');

interface StepRun {
  step: string;
  title: RegExp;
  message: RegExp;
  extra?: { snippet?: string; provision?: string };
  inject?: (host: ReturnType<ReturnType<typeof useSimulatedHost>>, jail: ThrowawayMarker) => void;
}

const runs: StepRun[] = [
  {
    step: 'packages', title: /Installing curl, php84-intl and removing php84-mbstring/, message: /pkg: Cannot delete php84-mbstring: No space left on device/,
    inject: (host) => host.injectFault({ command: 'pkg', when: 'delete', argvIncludes: ['php84-mbstring'], times: 1,
      stderr: 'pkg: Cannot delete php84-mbstring: No space left on device\n', exitCode: 1 }),
  },
  {
    step: 'configuration', title: /Writing php\.ini, the web server snippets, the web server's port \(8080\) and checking the configuration/,
    message: /AH00526: Syntax error on line 2 of \/usr\/local\/etc\/apache24\/Includes\/zz-throwaway\.conf:\nInvalid command 'NoSuchDirective'/,
    extra: { snippet: 'NoSuchDirective on' },
  },
  {
    step: 'rc.conf', title: /Setting shop_mode in rc\.conf/, message: /sysrc: \S+\/etc\/rc\.conf: No space left on device/,
    inject: (host, jail) => host.injectFault({ command: 'sysrc', times: 1, stderr: `sysrc: ${jail.path}/etc/rc.conf: No space left on device\n`, exitCode: 1 }),
  },
  {
    step: 'restart', title: /Restarting apache24/, message: /\(49\)Can't assign requested address: AH00072: make_sock: could not bind to address [\d.]+:\d+\n[\s\S]*WARNING: failed to start apache24/,
    extra: { snippet: 'Listen 10.99.99.99:8443' },
  },
  {
    step: 'provision', title: /Running 2 new provisioning commands/,
    message: /# ls \/var\/db\/shop\nls: \/var\/db\/shop: No such file or directory/,
    extra: { provision: 'ls /var/db/shop' },
  },
];

describe('a fault at each step of an in-place Up', function () {
  this.timeout(600_000);
  const host = useSimulatedHost(() => scenario({ zfs: true, latency: { delayMs: 1 } }));
  let c: Connected;
  let folder: string;
  let jail: ThrowawayMarker;
  let baseline: string;
  before(async () => {
    c = await connect(host());
    folder = mkdtempSync(join(tmpdir(), 'jails-env-'));
    writeFileSync(join(folder, 'index.php'), '<?php\necho "first version";\n');
    const created = await up(base);
    assert.ok(created.ok, created.summary);
    if (created.ok) jail = created.jail;
    baseline = await state();
  });
  after(() => {
    c?.home.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  afterEach(() => host().clearFaults());

  function up(text: string, options: { signal?: AbortSignal; onProgress?: (message: string) => void } = {}) {
    const parsed = parseEnvironmentFile(text);
    assert.deepEqual(parsed.problems, []);
    return upEnvironment({ provisioner: c.provisioner, shell: c.runner }, specForEnvironment(parsed.environments[0], 'shop'),
      { folder, filter: { include: ['**/*'], exclude: [] } }, options);
  }

  /** What an Up could change in the jail, and what a half-made one would leave on the host. */
  async function state(): Promise<string> {
    const p = jail.path;
    const r = await ssh(host(), '/bin/sh -s', {
      input: [
        'pkg -j shop-faults info -q | sort',
        `cat ${p}/etc/rc.conf ${p}/var/db/freebsd-jails/environment.json ${jail.conf.replace(/\.conf$/, '.json')}`,
        `grep '^Listen' ${p}/usr/local/etc/apache24/httpd.conf`,
        `ls ${p}/usr/local/etc/php ${p}/usr/local/etc/apache24 ${p}/usr/local/etc/apache24/Includes`,
        'service -j shop-faults apache24 status >/dev/null && echo apache24 running',
        'ls /tmp | grep throwaway-up || true',
      ].join('\n'),
    });
    const page = await c.provisioner.host.probeHttp(jail.address, 80, new AbortController().signal);
    return `${r.stdout}${r.stderr}HTTP ${page.status} ${page.body}`;
  }

  for (const run of runs) {
    it(`a fault in "${run.step}" is reported with FreeBSD's message and the jail is as it was`, async () => {
      run.inject?.(host(), jail);
      const result = await up(changed(run.extra));
      assert.equal(result.ok, false, result.summary);
      if (result.ok) return;
      assert.equal(result.failedStep, run.step, result.summary);
      assert.match(result.summary, new RegExp(`^Up of shop-faults failed at "${run.title.source}": `));
      assert.match(result.summary, run.message);
      assert.match(result.summary, /\nEverything this Up changed was put back as it was\./);
      if (run.step === 'provision') {
        assert.match(result.summary, /\nWhat the provisioning commands did cannot be undone; they run again at the next Up\.$/);
        assert.equal((await ssh(host(), `ls ${jail.path}/root/provisioned && rm ${jail.path}/root/provisioned`)).status, 0, 'the first command ran');
      }
      assert.equal(await state(), baseline);
    });
  }

  it('a stopped jail that cannot start is left stopped; the next Up starts it', async () => {
    assert.equal((await ssh(host(), `jail -f ${jail.conf} -r shop-faults`)).status, 0);
    host().injectFault({ command: 'jail', when: '-c', times: 1, stderr: `jail: shop-faults: ifconfig lo1 inet ${jail.address}/32 alias: failed\n`, exitCode: 1 });
    const failed = await up(base);
    assert.equal(!failed.ok && failed.failedStep, 'start', failed.summary);
    assert.match(failed.summary, /^shop-faults is stopped and could not be started \(it is left stopped, as it was\): Starting shop-faults: jail: shop-faults: ifconfig lo1 inet 127\.213\.0\.\d+\/32 alias: failed$/);
    assert.doesNotMatch((await ssh(host(), 'jls -n name')).stdout, /shop-faults/);
    const started = await up(base);
    assert.equal(started.ok && started.started, true, started.summary);
    assert.equal(await state(), baseline);
  });

  it('a sync that fails is reported, not undone, and completed by the next Up', async () => {
    writeFileSync(join(folder, 'index.php'), '<?php\necho "second version";\n');
    host().setDiskFull(true, `${jail.path}${jail.documentRoot}`);
    const failed = await up(base);
    assert.equal(!failed.ok && failed.failedStep, 'sync', failed.summary);
    assert.match(failed.summary, /^Syncing the workspace into shop-faults failed: [\s\S]*No space left on device[\s\S]*\. The document root may be partly updated: the next Up or Sync Now compares it with the workspace again and completes it\.$/);
    host().clearFaults();
    const completed = await up(base);
    assert.deepEqual(completed.ok && [completed.action, completed.sync.uploaded], ['unchanged', ['index.php']], completed.summary);
    const page = await c.provisioner.host.probeHttp(jail.address, 80, new AbortController().signal);
    assert.equal(page.body, 'second version');
  });

  it('after those faults, the same Up applies every change; Cancel during them takes effect once they are applied', async () => {
    const cancel = new AbortController();
    const cancelled = await up(changed(), { signal: cancel.signal, onProgress: (message) => { if (message.startsWith('Installing curl')) cancel.abort(); } });
    assert.equal(!cancelled.ok && cancelled.failedStep, 'cancelled', cancelled.summary);
    assert.equal(cancelled.summary, 'Up of shop-faults was cancelled after its changes were applied; the workspace was not synced');
    const applied = await up(changed());
    assert.equal(applied.ok && applied.action, 'unchanged', applied.summary);
    const onHost = await ssh(host(), `pkg -j shop-faults info -q | sort; grep -h -e '^Listen' -e shop_mode -e memory_limit ${jail.path}/usr/local/etc/apache24/httpd.conf ${jail.path}/etc/rc.conf ${jail.path}/usr/local/etc/php/zz-throwaway.ini`);
    assert.match(onHost.stdout, /^curl-[\d.]+$/m);
    assert.match(onHost.stdout, /^php84-intl-[\d.]+$/m);
    assert.doesNotMatch(onHost.stdout, /php84-mbstring/);
    assert.match(onHost.stdout, /^Listen 8080\nshop_mode="dev"\nmemory_limit = 300M$/m);
    const page = await c.provisioner.host.probeHttp(jail.address, 8080, new AbortController().signal);
    assert.equal(page.body, 'second version');
  });
  it('the connection lost during the in-place changes: reported, and the host finishes them on its own', async () => {
    const more = changed({ provision: 'sleep 1' });
    const lost = await up(more, { onProgress: (message) => {
      if (!message.startsWith('Running 1 new provisioning command')) return;
      setTimeout(() => host().proxy?.cut(), 30);
      setTimeout(() => host().proxy?.restore(), 600);
    } });
    assert.equal(!lost.ok && lost.failedStep, 'connection', lost.summary);
    assert.match(lost.summary, /^Up of shop-faults: .*\. The host finishes the changes, or puts them back, on its own; run Up again to see where the jail stands\.$/);
    let record = '';
    // Until the host has finished: recording is the script's last step, and it removes its backup folder in /tmp just after.
    for (let i = 0; i < 100 && !(record.includes('sleep 1') && !record.includes('throwaway-up')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = (await ssh(host(), `cat ${jail.path}/var/db/freebsd-jails/environment.json; ls /tmp | grep throwaway-up`)).stdout;
    }
    assert.match(record, /"provision":\["touch \/root\/provisioned","sleep 1"\]/);
    assert.doesNotMatch(record, /throwaway-up/);
    const again = await up(more);
    assert.equal(again.ok && again.action, 'unchanged', again.summary);
  });
  it('a web server that does not answer after the restart: said so, with the changes applied and recorded', async () => {
    const silent = new ThrowawayProvisioner({ ...c.provisioner.host, probeHttp: async () => { throw new Error('Connection refused'); } },
      { ...c.settings, httpTimeoutMs: 500 });
    const text = changed({ provision: 'sleep 1' }).replace('memory_limit: 300M', 'memory_limit: 400M');
    const result = await upEnvironment({ provisioner: silent, shell: c.runner }, specForEnvironment(parseEnvironmentFile(text).environments[0], 'shop'),
      { folder, filter: { include: ['**/*'], exclude: [] } });
    assert.equal(!result.ok && result.failedStep, 'http', result.summary);
    assert.match(result.summary, /^shop-faults: set php\.ini memory_limit: applied and recorded, but the web server of shop-faults did not answer: no HTTP answer from 127\.213\.0\.\d+ port 8080 within 1 s \(Connection refused\)/);
    const again = await up(text);
    assert.equal(again.ok && again.action, 'unchanged', again.summary);
  });

  it('never writes through a link the jail made: one to a file, or a folder leading out of the jail', async () => {
    const text = changed({ provision: 'sleep 1' }).replace('memory_limit: 300M', 'memory_limit: 500M');
    const ini = `${jail.path}/usr/local/etc/php/zz-throwaway.ini`;
    const records = `${jail.path}/var/db/freebsd-jails`;
    const planted = await ssh(host(), [`echo host > /var/host-file.ini`, `mv ${ini} ${ini}.saved`, `ln -s /var/host-file.ini ${ini}`].join('; '));
    assert.equal(planted.status, 0, planted.stderr);
    const throughFile = await up(text);
    assert.equal(!throughFile.ok && throughFile.failedStep, 'configuration', throughFile.summary);
    assert.match(throughFile.summary, /zz-throwaway\.ini is a symbolic link in the jail: Up does not write through it/);
    assert.equal((await ssh(host(), 'cat /var/host-file.ini')).stdout, 'host\n');
    const moved = await ssh(host(), [`rm ${ini}`, `mv ${ini}.saved ${ini}`, 'mkdir -p /var/host-dir', `mv ${records} ${records}.saved`, `ln -s /var/host-dir ${records}`].join('; '));
    assert.equal(moved.status, 0, moved.stderr);
    const throughFolder = await up(text);
    assert.equal(!throughFolder.ok && throughFolder.failedStep, 'record', throughFolder.summary);
    assert.match(throughFolder.summary, /freebsd-jails\/environment\.json leads outside the jail \(to \/var\/host-dir\): Up writes nothing there/);
    assert.match(throughFolder.summary, /\nEverything this Up changed was put back as it was\./);
    assert.equal((await ssh(host(), 'ls -A /var/host-dir')).stdout, '');
    assert.equal((await ssh(host(), `rm ${records}; mv ${records}.saved ${records}`)).status, 0);
    const applied = await up(text);
    assert.equal(applied.ok, true, applied.summary);
  });
});
