import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../host';
import { LabWorkbench, openLabWorkbench } from './simulatedHostWorkbench';
import { runCommand, screenshot, Workbench } from './workbench';

describe('UI: .jails.yaml in the editor and the PHP Version Matrix panel', () => {
  let lab: LabWorkbench;
  let workbench: Workbench;

  before(async () => {
    lab = await openLabWorkbench({ 'jails.throwaway.addressPool': '127.213.0.0/24' }, scenario({ zfs: false }));
    workbench = lab.workbench;
    await workbench.page.locator('.pane-body .monaco-list .monaco-list-row', { hasText: /lab.*FreeBSD/ }).first().waitFor({ timeout: 60000 });
  });

  after(async () => {
    await lab?.close();
  });

  it('shows a schema error where it is, with Up, Down and Open above each environment', async () => {
    const { page } = workbench;
    writeFileSync(join(workbench.workspace, '.jails.yaml'), [
      'version: 1', 'environments:', '  php84:', '    host: lab', '    stack: apache-php-fpm', '    php: "8.4"', '    phpIni: { memory_limit: 256M }',
      '  legacy:', '    host: lab', '    stack: apache-mod_php', '    php: 8.2', '    documentRoot: public', '',
    ].join('\n'));
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('.jails.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '.jails.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 30000 });
    await page.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel', { hasText: 'environments.legacy.php must be string' }).first().waitFor({ timeout: 30000 });
    await page.keyboard.press('Escape');
    await screenshot(page, 'jails-yaml-diagnostic');
    writeFileSync(join(workbench.workspace, '.jails.yaml'), 'version: 1\nenvironments:\n  php84:\n    host: lab\n    stack: apache-php-fpm\n    php: "8.4"\n');
    await page.locator('.codelens-decoration', { hasText: 'Up' }).first().waitFor({ timeout: 30000 });
    assert.match(await page.locator('.codelens-decoration').first().innerText(), /Up\s*\|\s*Down\s*\|\s*Open/);
  });

  it('runs the workspace on two PHP versions and lists status, time and new PHP messages', async () => {
    const { page } = workbench;
    writeFileSync(join(workbench.workspace, 'index.php'), '<?php\necho "PHP ", phpversion();\ntrigger_error("mysql_* was removed; use mysqli", E_USER_DEPRECATED);\n');
    await runCommand(page, 'Jails: PHP Version Matrix…');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'PHP-FPM' }).first().waitFor({ timeout: 60000 });
    await input.fill('Apache 2.4 with PHP-FPM');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'PHP 8.4' }).first().waitFor({ timeout: 60000 });
    await page.locator('.quick-input-header .monaco-checkbox').click();
    for (const version of ['8.3', '8.4']) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: `PHP ${version}` }).first().locator('.monaco-checkbox').click();
    }
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
    const panel = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await panel.locator('tr', { hasText: 'PHP 8.3' }).locator('td', { hasText: '200' }).waitFor({ timeout: 240000 });
    await panel.locator('tr', { hasText: 'PHP 8.4' }).locator('td', { hasText: '200' }).waitFor({ timeout: 240000 });
    assert.match(await panel.locator('tr', { hasText: 'PHP 8.4' }).innerText(), /Deprecated: mysql_\* was removed; use mysqli/);
    await page.locator('.pane-body .monaco-list .monaco-list-row', { hasText: 'matrix-php84' }).first().waitFor({ timeout: 60000 });
    await screenshot(page, 'php-matrix-panel');
    await panel.locator('button', { hasText: 'Destroy All' }).click();
    await panel.locator('tr', { hasText: 'PHP 8.3' }).locator('td', { hasText: 'destroyed' }).waitFor({ timeout: 120000 });
    await panel.locator('tr', { hasText: 'PHP 8.4' }).locator('td', { hasText: 'destroyed' }).waitFor({ timeout: 120000 });
  });
});
