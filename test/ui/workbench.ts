// Drives code-server in headless Chromium with the packaged .vsix installed, as a user would see it.
// Screenshots go to test-results/; with JAILS_UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/,
// which the README shows.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyWorkspace, launchChromium, repoRoot, startCodeServer } from '../../scripts/lib/harness.mjs';

export interface Workbench {
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

export async function openWorkbench(vsix: string, env: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<Workbench> {
  const workspace = copyWorkspace('test/fixtures/workspace');
  const server = await startCodeServer({ workspace, vsix, env, settings });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    const opened = browser;
    return {
      page,
      workspace,
      async close() {
        await opened.close();
        server.stop();
        rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    server.stop();
    throw error;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  // A failed step's picture explains a failure; it never belongs in the README.
  if (process.env.JAILS_UPDATE_SCREENSHOTS === '1' && !name.startsWith('failed-')) {
    const docs = path.join(repoRoot, 'docs/screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, path.join(docs, `${name}.png`));
  }
  return file;
}

/** Runs a command through the command palette, as a user types it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
