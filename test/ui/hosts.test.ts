import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageExtension } from '../../scripts/package.mjs';
import { demoScenario, SimulatedHost, startSimulatedHost } from '../host';
import { openWorkbench, runCommand, screenshot, Workbench } from './workbench';

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

  it('"Add FreeBSD Host…" offers the Host aliases of ~/.ssh/config and its Includes, and saves one once it answers', async () => {
    const { page } = workbench;
    mkdirSync(join(home, '.ssh/conf.d'), { recursive: true });
    writeFileSync(join(home, '.ssh/config'), 'Include conf.d/*\n\nHost elsewhere\n  HostName 192.0.2.9\n');
    writeFileSync(join(home, '.ssh/conf.d/lab'), `Host lab2\n  HostName 127.0.0.1\n  Port ${host.port}\n  User root\n  IdentityFile ${host.privateKeyPath}\n`);
    await runCommand(page, 'Jails: Add FreeBSD Host…');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'elsewhere' }).first().waitFor();
    await page.keyboard.type('lab2');
    await rows.filter({ hasText: '~/.ssh/config' }).filter({ hasText: 'lab2' }).first().click();
    const name = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'A name for this host' }).waitFor();
    assert.equal(await name.inputValue(), 'lab2');
    await page.keyboard.press('Enter');
    const tree = page.locator('.pane-body .monaco-list');
    await tree.locator('.monaco-list-row', { hasText: /lab2.*FreeBSD 14\.\d/ }).first().waitFor({ timeout: 60000 });
  });
});

describe('UI: "Try the Demo Host" from the packaged extension', () => {
  let workbench: Workbench;

  before(async () => {
    const { vsixPath } = packageExtension({ quiet: true });
    workbench = await openWorkbench(vsixPath, { SSH_AUTH_SOCK: '' });
  });

  after(async () => {
    await workbench?.close();
  });

  it('starts the simulated host from the installed .vsix and shows its jails', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="FreeBSD Jails"]').click();
    await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Try the Demo Host' }).click();
    const tree = page.locator('.pane-body .monaco-list');
    await tree.locator('.monaco-list-row', { hasText: 'FreeBSD (simulated demo)' }).first().waitFor({ timeout: 60000 });
    for (const jail of ['www', 'db', 'build', 'mail', 'bastion']) await tree.locator('.monaco-list-row', { hasText: jail }).first().waitFor({ timeout: 90000 });
  });
});
