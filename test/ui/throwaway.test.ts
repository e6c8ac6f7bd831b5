import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { openLabWorkbench, LabWorkbench } from './simulatedHostWorkbench';
import { runCommand, screenshot, Workbench } from './workbench';

/** Waits for the wizard's step with this title, and answers it as a keyboard user: type to filter, Enter. */
async function answer(page: Page, title: string, text?: string, shot?: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 60000 });
  const input = page.locator('.quick-input-widget input');
  if (text !== undefined) await input.fill(text);
  if (shot) await screenshot(page, shot);
  await page.keyboard.press('Enter');
}

describe('UI: a throwaway jail from the wizard', () => {
  let lab: LabWorkbench;
  let workbench: Workbench;
  const row = (name: string | RegExp) => workbench.page.locator('.pane-body .monaco-list .monaco-list-row', { hasText: name }).first();

  before(async () => {
    // The simulated host's jails live on loopback addresses.
    lab = await openLabWorkbench({ 'jails.throwaway.addressPool': '127.213.0.0/24' });
    workbench = lab.workbench;
    await row('www').waitFor({ timeout: 60000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await lab?.close();
  });

  it('asks release, stack, PHP version (from the host), packages, document root and name; shows the page; destroys it', async () => {
    const { page } = workbench;
    await runCommand(page, 'Jails: New Throwaway Jail…');
    // The releases are the mirror's, read on the host.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'FreeBSD release' }).waitFor({ timeout: 60000 });
    assert.match(await page.locator('.quick-input-widget input').getAttribute('placeholder') ?? '', /releases on https:\/\/download\.freebsd\.org\/ftp\/releases\/amd64\/amd64\//);
    assert.match(await page.locator('.quick-input-widget .monaco-list').innerText(), /13\.5-RELEASE\s*fetched from the mirror/);
    await answer(page, 'FreeBSD release', '14.3-RELEASE');
    await answer(page, 'stack', 'Apache 2.4 with mod_php');
    await answer(page, 'PHP version', undefined, 'throwaway-wizard');
    await answer(page, 'PHP extensions');
    await answer(page, 'further packages');
    await answer(page, 'document root', 'Start empty');
    await answer(page, 'name', 'tw-demo');
    const done = page.locator('.notification-toast', { hasText: /tw-demo .* is serving at http:\/\/127\.0\.0\.1:\d+\// }).first();
    await done.waitFor({ timeout: 120000 });
    await row(/tw-demo/).waitFor({ timeout: 60000 });
    assert.match(await row(/tw-demo/).innerText(), /throwaway/);
    await screenshot(page, 'throwaway-created');
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(await done.innerText())?.[0];
    assert.ok(url);
    const browser = page.context().browser();
    assert.ok(browser);
    const browserPage = await browser.newPage({ viewport: { width: 900, height: 500 } });
    await browserPage.goto(url);
    assert.match(await browserPage.locator('body').innerText(), /Throwaway jail tw-demo[\s\S]*PHP 8\.\d/);
    await screenshot(browserPage, 'throwaway-served-page');
    await browserPage.close();

    await row(/tw-demo/).click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu').first();
    await menu.waitFor();
    await menu.locator('.action-item', { hasText: 'Destroy Throwaway Jail' }).first().hover();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-dialog-box', { hasText: 'Destroy tw-demo on lab?' }).waitFor();
    await page.locator('.monaco-dialog-box a.monaco-button', { hasText: 'Destroy' }).click();
    await page.locator('.notification-toast', { hasText: 'Destroyed tw-demo on lab; nothing of them is left.' }).waitFor({ timeout: 120000 });
    await row(/tw-demo/).waitFor({ state: 'detached', timeout: 60000 });
  });
});
