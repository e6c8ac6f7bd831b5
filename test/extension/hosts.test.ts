import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { JailNode, MessageNode, TreeNode } from '../../src/vscode/tree/hostsTreeProvider';

// The tests are bundled apart from the extension, so its classes are told apart by shape, not instanceof.
const isJail = (n: TreeNode): n is JailNode => 'jail' in n;
const isMessage = (n: TreeNode): n is MessageNode => 'message' in n;

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>('jaildev.freebsd-jails');
  assert.ok(extension);
  return extension.activate();
}

describe('Hosts: the demo host in the tree', function () {
  this.timeout(180000);

  after(async () => {
    await vscode.workspace.getConfiguration('jails').update('hosts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('"Try the Demo Host" starts it and shows its jails with states and tooltips', async () => {
    const { hostsTree } = await api();
    const name = await vscode.commands.executeCommand<string>('jails.tryDemoHost');
    assert.equal(name, 'FreeBSD (simulated demo)');
    const host = hostsTree.findHost('FreeBSD (simulated demo)');
    assert.ok(host);
    const state = host.session.state;
    assert.equal(state.kind, 'connected', state.kind === 'failed' ? state.message : state.kind);
    const hostItem = hostsTree.getTreeItem(host);
    assert.match(String(hostItem.description), /^FreeBSD 14\.\d-RELEASE(-p\d+)? · \d+ jails$/);
    const rows = hostsTree.getChildren(host);
    const jails = rows.filter(isJail);
    const byName = Object.fromEntries(jails.map((j) => [j.jail.name, hostsTree.getTreeItem(j)]));
    for (const running of ['www', 'db']) assert.match(String(byName[running]?.contextValue), /\bjail running\b/, `${running} should be running`);
    for (const stopped of ['build', 'mail']) assert.match(String(byName[stopped]?.contextValue), /\bjail stopped\b/, `${stopped} should be stopped`);
    assert.match(String(byName.bastion?.contextValue), /managed-bastille/);
    assert.match(String(byName.bastion?.description), /bastille/);
    const tooltip = byName.www?.tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /JID: `\d+`/);
    assert.match(tooltip.value, /Path: `\/[^`]+`/);
    assert.equal(rows.filter(isMessage).length, 0, 'no error rows for a healthy host');
  });

  it('shows an unreachable host as failed with its reason and a Reconnect row, and keeps the rest working', async () => {
    const { hostsTree } = await api();
    await vscode.commands.executeCommand('jails.addHost', { destination: 'root@127.0.0.1:1', name: 'nowhere' });
    const host = hostsTree.findHost('nowhere');
    assert.ok(host);
    const state = await host.session.refresh();
    assert.equal(state.kind, 'failed');
    const [row] = hostsTree.getChildren(host);
    assert.ok(row && isMessage(row));
    const item = hostsTree.getTreeItem(row);
    assert.equal(item.command?.command, 'jails.reconnect');
    assert.match(String(item.label), /127\.0\.0\.1/);
    assert.equal(hostsTree.findHost('FreeBSD (simulated demo)')?.session.state.kind, 'connected');
  });
});
