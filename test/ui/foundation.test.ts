import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { packageExtension } from '../../scripts/package.mjs';
import { openWorkbench, runCommand, screenshot, Workbench } from './workbench';

describe('UI: the packaged extension in code-server', () => {
  let vsix: string;
  let workbench: Workbench;

  before(async () => {
    const packaged = packageExtension({ quiet: true });
    vsix = packaged.vsixPath;
    assert.ok(packaged.bytes < 1024 * 1024, `the .vsix is ${packaged.bytes} bytes; the budget is under 1 MB`);
    workbench = await openWorkbench(vsix);
  });

  after(async () => {
    await workbench?.close();
  });

  it('ships only the bundle and the files the extension reads', () => {
    const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(entries.includes('extension/dist/extension.js'));
    assert.deepEqual(entries.filter((e) => /\.(ts|map)$/.test(e) || /extension\/(src|test|node_modules)\//.test(e)), []);
  });

  it('puts its icon in the activity bar', async () => {
    const icon = workbench.page.locator('.activitybar .action-item a[aria-label^="FreeBSD Jails"]');
    await icon.waitFor({ timeout: 30000 });
    assert.equal(await icon.count(), 1);
  });

  it('opens the Jails view with its welcome and both buttons', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="FreeBSD Jails"]').click();
    const welcome = page.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 30000 });
    await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Add FreeBSD Host…' }).waitFor();
    await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Try the Demo Host' }).waitFor();
    assert.match(await welcome.innerText(), /No FreeBSD host is configured yet/);
    assert.match(await page.locator('.pane-header', { hasText: 'Jails' }).first().innerText(), /JAILS/i);
    await screenshot(page, 'jails-view-welcome');
  });

  it('opens jail.conf in the jail.conf language', async () => {
    const { page } = workbench;
    await runCommand(page, 'Go to File...');
    const input = page.locator('.quick-input-widget input');
    await input.fill('etc/jail.conf');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'jail.conf' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'jail.conf' }).waitFor();
    const language = page.locator('.statusbar-item[id="status.editor.mode"]');
    await language.waitFor();
    assert.equal((await language.innerText()).trim(), 'jail.conf');
    await screenshot(page, 'jail-conf-editor');
  });
});
