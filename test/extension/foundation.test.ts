import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

const extensionId = 'jaildev.freebsd-jails';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  return extension.activate();
}

async function treeLabels(): Promise<string[]> {
  const { hostsTree } = await api();
  const nodes = await hostsTree.getChildren();
  return nodes.map((n) => String(hostsTree.getTreeItem(n).label));
}

describe('Foundation: the extension in a real VS Code', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('jails').update('hosts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('stays inactive until its view, a command or a jail.conf needs it', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activation on * makes every window pay for this extension');
  });

  it('registers its commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['jails.addHost', 'jails.tryDemoHost', 'jails.removeHost', 'jails.refresh']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('opens its view from the activity bar container', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.freebsdJails');
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  });

  it('shows no host, so the welcome, when none is configured', async () => {
    assert.deepEqual(await treeLabels(), []);
  });

  it('shows the hosts of the setting in the tree, and refuses to add a bad destination', async () => {
    await vscode.workspace.getConfiguration('jails').update('hosts', [{ name: 'lab', destination: 'admin@192.0.2.7:2222' }], vscode.ConfigurationTarget.Global);
    assert.deepEqual(await treeLabels(), ['lab']);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('jails.addHost', { destination: 'root@host:99999', name: 'bad' })),
      /not a port number/,
    );
  });

  it('removes a host without asking when told to by a caller that already confirmed', async () => {
    await vscode.workspace.getConfiguration('jails').update('hosts', [{ name: 'web1', destination: 'web1' }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('jails.removeHost', { name: 'web1', confirmed: true });
    assert.deepEqual(await treeLabels(), []);
  });

  it('opens jail.conf in the jailconf language', async () => {
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder, 'the test workspace is not open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'etc/jail.conf'));
    assert.equal(document.languageId, 'jailconf');
  });
});
