import { strict as assert } from 'node:assert';
import type { Locator, Page } from 'playwright-core';
import { LabWorkbench, openLabWorkbench } from './simulatedHostWorkbench';
import { screenshot, Workbench } from './workbench';

/** The context menu of a row in the Jails view, opened with a right click. */
async function contextMenu(page: Page, row: Locator): Promise<Locator> {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor();
  return menu;
}

/** Chooses a menu entry as a keyboard user would once it is highlighted (a click can land before the menu listens). */
async function choose(page: Page, menu: Locator, label: string): Promise<void> {
  await menu.locator('.action-item', { hasText: label }).first().hover();
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'detached' });
}

async function menuLabels(menu: Locator): Promise<string[]> {
  return (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

describe('UI: working with jails from the tree', () => {
  let lab: LabWorkbench;
  let workbench: Workbench;

  const jailRow = (name: string) => workbench.page.locator('.pane-body .monaco-list .monaco-list-row', { hasText: name }).first();

  before(async () => {
    // The DOM renderer keeps the terminal's text in the page, where the test can read it.
    lab = await openLabWorkbench({ 'terminal.integrated.gpuAcceleration': 'off' });
    workbench = lab.workbench;
    await jailRow('www').waitFor({ timeout: 60000 });
  });

  afterEach(async function () {
    // What the page showed when a step failed, to see why.
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await lab?.close();
  });

  it("offers a running jail's actions in its context menu, and a stopped jail's in its own", async () => {
    const { page } = workbench;
    const stoppedMenu = await contextMenu(page, jailRow('build'));
    const stoppedLabels = await menuLabels(stoppedMenu);
    assert.ok(stoppedLabels.includes('Start') && !stoppedLabels.includes('Stop') && !stoppedLabels.includes('Open Terminal'), stoppedLabels.join(', '));
    await page.keyboard.press('Escape');
    const menu = await contextMenu(page, jailRow('www'));
    const labels = await menuLabels(menu);
    for (const label of ['Stop', 'Restart', 'Open Terminal', 'Run Command…', 'Show Logs', 'Open in Browser', 'Open jail.conf', 'Browse Files', 'Copy Address', 'Copy SSH Command']) {
      assert.ok(labels.includes(label), `${label} in ${labels.join(', ')}`);
    }
    assert.ok(!labels.includes('Start'), 'a running jail is not offered Start');
    await screenshot(page, 'jails-tree-menu');
    await page.keyboard.press('Escape');
  });

  it('opens a terminal in a jail from its menu, where hostname answers with the jail\'s name', async () => {
    const { page } = workbench;
    const menu = await contextMenu(page, jailRow('www'));
    await choose(page, menu, 'Open Terminal');
    await page.locator('.xterm-rows', { hasText: /~\s#/ }).first().waitFor({ timeout: 30000 });
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type('hostname; freebsd-version\n');
    await page.locator('.xterm-rows', { hasText: /version\s*www\s*14\.\d/ }).first().waitFor({ timeout: 30000 });
    await screenshot(page, 'jails-terminal');
  });

  it('opens the remote jail.conf at the jail\'s block and shows a diagnostic as the user types', async () => {
    const { page } = workbench;
    const menu = await contextMenu(page, jailRow('www'));
    await choose(page, menu, 'Open jail.conf');
    const tab = page.locator('.tabs-container .tab', { hasText: 'jail.conf' }).first();
    await tab.waitFor({ timeout: 30000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'www {' }).waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('allow.raw_sockets = yes');
    await page.keyboard.press('Enter');
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 30000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 15000 });
    await screenshot(page, 'jails-remote-jailconf');
  });
});
