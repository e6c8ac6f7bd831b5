import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageExtension } from '../../scripts/package.mjs';
import { demoScenario, SimulatedHost, startSimulatedHost } from '../host';
import { openWorkbench, screenshot, Workbench } from './workbench';

describe('UI: a FreeBSD host and its jails in the tree', () => {
  let host: SimulatedHost;
  let home: string;
  let workbench: Workbench;

  before(async () => {
    host = await startSimulatedHost(demoScenario());
    home = mkdtempSync(join(tmpdir(), 'freebsd-jails-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(join(home, '.ssh/known_hosts'), `${host.knownHostsLine}\n`);
    const { vsixPath } = packageExtension({ quiet: true });
    workbench = await openWorkbench(vsixPath, { HOME: home, SSH_AUTH_SOCK: '' }, {
      'jails.hosts': [{ name: 'lab', destination: `root@127.0.0.1:${host.port}`, identityFile: host.privateKeyPath }],
    });
  });

  after(async () => {
    await workbench?.close();
    await host?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('connects, shows the FreeBSD version and every jail with its state', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="FreeBSD Jails"]').click();
    const tree = page.locator('.pane-body .monaco-list');
    await tree.locator('.monaco-list-row', { hasText: 'www' }).waitFor({ timeout: 60000 });
    const hostRow = tree.locator('.monaco-list-row', { hasText: 'lab' }).first();
    assert.match(await hostRow.innerText(), /FreeBSD 14\.\d-RELEASE.* · \d+ jails/);
    for (const name of ['www', 'db', 'build', 'mail', 'bastion']) {
      await tree.locator('.monaco-list-row', { hasText: name }).first().waitFor();
    }
    assert.match(await tree.locator('.monaco-list-row', { hasText: 'bastion' }).first().innerText(), /bastille/);
    await tree.locator('.monaco-list-row', { hasText: 'www' }).first().hover();
    await page.locator('.monaco-hover, .workbench-hover', { hasText: 'JID' }).first().waitFor({ timeout: 15000 });
    await screenshot(page, 'jails-tree');
  });
});
