import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DestroyOutcome } from '../../src/core/provision/destroy';
import type { ExtensionApi } from '../../src/extension';
import type { CreatedThrowaway } from '../../src/vscode/throwaway/throwawayCommands';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>('jaildev.freebsd-jails');
  assert.ok(extension);
  return extension.activate();
}

describe('throwaway jails from the commands, on the demo host', function () {
  this.timeout(300000);
  const folder = mkdtempSync(join(tmpdir(), 'jails-throwaway-ext-'));
  writeFileSync(join(folder, 'index.php'), '<?php echo "uploaded from the workspace, PHP " . PHP_VERSION;\n');

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('jails').update('hosts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('creates a jail with a folder uploaded, serves its page through the tunnel, marks it in the tree, and destroys it', async () => {
    const { hostsTree, jails } = await api();
    const hostName = await vscode.commands.executeCommand<string>('jails.tryDemoHost');
    const created = await vscode.commands.executeCommand<CreatedThrowaway>('jails.newThrowawayJail', {
      host: hostName, release: '14.3-RELEASE', stack: 'apache-mod_php', php: '8.4', phpExtensions: [], packages: [], documentRoot: folder, name: 'tw-ext', openBrowser: false,
    });
    assert.ok(created?.result.ok, created && !created.result.ok ? created.result.message : 'no result');
    assert.ok(created.localPort);
    const page = await fetch(`http://127.0.0.1:${created.localPort}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /uploaded from the workspace, PHP 8\.4\./);

    const host = hostsTree.hostNodes().find((h) => h.entry.name === hostName);
    assert.ok(host);
    const state = await host.session.refresh();
    assert.equal(state.kind, 'connected');
    const jail = state.kind === 'connected' ? state.inventory.jails.find((j) => j.name === 'tw-ext') : undefined;
    assert.deepEqual([jail?.state, jail?.manager], ['running', 'throwaway']);
    assert.equal(jails.tunnels.forJail(hostName, 'tw-ext').length, 1);

    const outcomes = await vscode.commands.executeCommand<DestroyOutcome[]>('jails.destroyThrowawayJail', { host: hostName, names: ['tw-ext'], confirmed: true });
    assert.deepEqual(outcomes?.map((o) => [o.name, o.ok, o.leftovers]), [['tw-ext', true, []]]);
    assert.deepEqual(jails.tunnels.forJail(hostName, 'tw-ext'), []);
    const after = await host.session.refresh();
    assert.ok(after.kind === 'connected' && !after.inventory.jails.some((j) => j.name === 'tw-ext'));
  });

  it('refuses to destroy a jail the extension did not make', async () => {
    const hostName = await vscode.commands.executeCommand<string>('jails.tryDemoHost');
    const outcomes = await vscode.commands.executeCommand<DestroyOutcome[]>('jails.destroyThrowawayJail', { host: hostName, names: ['www'], confirmed: true });
    assert.equal(outcomes?.[0].ok, false);
    assert.match(outcomes?.[0].message ?? '', /not a throwaway jail of this extension/);
  });
});
