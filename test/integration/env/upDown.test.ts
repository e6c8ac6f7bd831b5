/**
 * `.jails.yaml` Up and Down on the simulated host: Up creates the jail with the workspace served, a second
 * Up changes nothing, an edited file is applied in place, a new PHP version is refused with the reason,
 * Down destroys the jail and leaves nothing.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironmentFile } from '../../../src/core/env/environmentFile';
import { specForEnvironment } from '../../../src/core/env/environmentSpec';
import { downEnvironment, upEnvironment } from '../../../src/core/env/environmentUp';
import { httpProbeOver } from '../../../src/core/provision/httpProbe';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { connect, Connected, hostFootprint } from '../throwaway/support';

const file = (php: string, extra = '') => `environments:
  dev:
    host: freebsd
    stack: apache-mod_php
    php: "${php}"
${extra}`;

describe('.jails.yaml Up and Down on the simulated host', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ zfs: true }));
  let c: Connected;
  let folder: string;
  before(async () => {
    c = await connect(host());
    folder = mkdtempSync(join(tmpdir(), 'jails-env-'));
    writeFileSync(join(folder, 'index.php'), '<?php\necho "served from the workspace on PHP ", phpversion();\n');
  });
  after(() => {
    c?.home.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });
  const specOf = (text: string) => {
    const parsed = parseEnvironmentFile(text);
    assert.deepEqual(parsed.problems, []);
    return specForEnvironment(parsed.environments[0], 'shop');
  };
  const source = () => ({ folder, filter: { include: ['**/*'], exclude: [] } });
  const services = () => ({ provisioner: c.provisioner, shell: c.runner });

  it('Up creates the jail and serves the workspace; a second Up changes nothing', async () => {
    const first = await upEnvironment(services(), specOf(file('8.4')), source());
    assert.equal(first.ok && first.action, 'created', first.summary);
    if (!first.ok) return;
    const probe = httpProbeOver((a, p, signal) => c.connection.forwardOut(a, p, { signal }));
    const page = await probe(first.jail.address, 80, new AbortController().signal);
    assert.equal(page.status, 200);
    assert.match(page.body, /served from the workspace on PHP 8\.4/);
    const second = await upEnvironment(services(), specOf(file('8.4')), source());
    assert.deepEqual(second.ok && [second.action, second.sync.uploaded, second.sync.deleted], ['unchanged', [], []], second.summary);
  });

  it('Up applies an edited file in place, and refuses a new PHP version with the reason', async () => {
    const withSnippet = (snippet: string) => file('8.4', [
      '    packages: [curl]', '    phpExtensions: [mbstring]', '    phpIni: { memory_limit: 300M }', '    sysrc: { shop_mode: "dev" }',
      `    webServerSnippets: ["${snippet}"]`, '    provision: ["touch /root/provisioned"]', '',
    ].join('\n'));
    const refusedSnippet = await upEnvironment(services(), specOf(withSnippet('NoSuchDirective on')), source());
    assert.equal(refusedSnippet.ok, false);
    assert.match(refusedSnippet.summary, /^Up of shop-dev failed at "Writing php\.ini, the web server snippets and checking the configuration": [\s\S]*Invalid command 'NoSuchDirective'[\s\S]*\nEverything this Up changed was put back as it was\.$/);
    const jailPath = (await c.provisioner.list()).find((j) => j.name === 'shop-dev')?.path;
    const kept = await ssh(host(), `ls ${jailPath}/usr/local/etc/php/ ${jailPath}/usr/local/etc/apache24/Includes/`);
    assert.doesNotMatch(kept.stdout, /zz-throwaway/, 'the refused configuration was taken back');
    const edited = withSnippet('AddDefaultCharset UTF-8');
    const updated = await upEnvironment(services(), specOf(edited), source());
    assert.equal(updated.ok && updated.action, 'updated', updated.summary);
    assert.equal(updated.summary, 'shop-dev: install packages curl; install PHP extensions mbstring; set php.ini memory_limit; set rc.conf shop_mode; '
      + 'rewrite the web server snippets; run 1 new provisioning command; files up to date');
    const path = updated.ok ? updated.jail.path : '';
    const onHost = await ssh(host(), [`cat ${path}/usr/local/etc/php/zz-throwaway.ini ${path}/usr/local/etc/apache24/Includes/zz-throwaway.conf`,
      `grep shop_mode ${path}/etc/rc.conf`, `ls ${path}/root/provisioned`, 'pkg -j shop-dev info -q curl', 'pkg -j shop-dev info -e php84-mbstring'].join('; '));
    assert.equal(onHost.stdout, `memory_limit = 300M\nAddDefaultCharset UTF-8\nshop_mode="dev"\n${path}/root/provisioned\ncurl-8.16.0\n`, onHost.stderr);
    assert.equal(onHost.status, 0, 'php84-mbstring is installed');
    const again = await upEnvironment(services(), specOf(edited), source());
    assert.equal(again.ok && again.action, 'unchanged', again.summary);
    const refused = await upEnvironment(services(), specOf(file('8.3')), source());
    assert.equal(refused.ok, false);
    assert.match(refused.summary, /shop-dev must be re-created: PHP changed from 8\.4 to 8\.3/);
  });

  it('Down destroys the jail and nothing of it remains; a second Down has nothing to do', async () => {
    assert.deepEqual(await downEnvironment(c.provisioner, 'shop-dev'), { ok: true, summary: 'shop-dev destroyed' });
    assert.equal(await hostFootprint(host(), c.settings.root), '');
    assert.deepEqual(await downEnvironment(c.provisioner, 'shop-dev'), { ok: true, summary: 'shop-dev does not exist; nothing to do' });
  });
});
