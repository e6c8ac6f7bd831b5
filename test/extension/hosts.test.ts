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

  const hostsSetting = () => vscode.workspace.getConfiguration('jails').get<{ name: string; destination: string }[]>('hosts') ?? [];
  const addToSetting = (entry: { name: string; destination: string }) =>
    vscode.workspace.getConfiguration('jails').update('hosts', [...hostsSetting(), entry], vscode.ConfigurationTarget.Global);

  it('shows an unreachable host as failed with its reason and a Reconnect row, and keeps the rest working', async () => {
    const { hostsTree } = await api();
    await addToSetting({ destination: 'root@127.0.0.1:1', name: 'nowhere' });
    const host = hostsTree.findHost('nowhere');
    assert.ok(host);
    const state = await host.session.refresh();
    assert.equal(state.kind, 'failed');
    assert.equal(hostsTree.getTreeItem(host).description, 'cannot reach 127.0.0.1:1: connection refused');
    const [row] = hostsTree.getChildren(host);
    assert.ok(row && isMessage(row));
    const item = hostsTree.getTreeItem(row);
    assert.equal(item.command?.command, 'jails.reconnect');
    assert.match(String(item.label), /127\.0\.0\.1/);
    assert.equal(hostsTree.findHost('FreeBSD (simulated demo)')?.session.state.kind, 'connected');
  });

  it('shows a host name that does not resolve as a DNS failure on its node', async () => {
    const { hostsTree } = await api();
    await addToSetting({ destination: 'root@no-such-host.invalid', name: 'typo' });
    const host = hostsTree.findHost('typo');
    assert.ok(host);
    await host.session.refresh();
    assert.equal(hostsTree.getTreeItem(host).description, 'cannot resolve the host name "no-such-host.invalid"');
  });

  it('"Add FreeBSD Host…" saves nothing when the host cannot be reached, and says why', async () => {
    const before = hostsSetting();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('jails.addHost', { destination: 'root@127.0.0.1:3', name: 'closed port' })),
      (error: Error) => error.message === 'closed port was not saved: cannot reach 127.0.0.1:3: connection refused. '
        + 'Check the port, and that sshd runs on the host (service sshd status) and that no firewall (pf, ipfw) blocks it.',
    );
    assert.deepEqual(hostsSetting(), before);
  });

  it('renames a host, and keeps its destination when a new one does not answer', async () => {
    const { hostsTree } = await api();
    assert.equal(await vscode.commands.executeCommand('jails.renameHost', { name: 'nowhere', newName: 'elsewhere' }), 'nowhere');
    assert.deepEqual(hostsSetting().find((h) => h.name === 'elsewhere'), { name: 'elsewhere', destination: 'root@127.0.0.1:1' });
    assert.ok(hostsTree.findHost('elsewhere'));
    assert.equal(hostsTree.findHost('nowhere'), undefined);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('jails.editHost', { name: 'elsewhere', destination: 'root@127.0.0.1:2' })),
      /^Error: elsewhere was not saved: cannot reach 127\.0\.0\.1:2/,
    );
    assert.equal(hostsSetting().find((h) => h.name === 'elsewhere')?.destination, 'root@127.0.0.1:1');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('jails.renameHost', { name: 'elsewhere', newName: 'FreeBSD (simulated demo)' })),
      /exists already/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('jails.editHost', { name: 'FreeBSD (simulated demo)', destination: 'root@127.0.0.1:2' })),
      /demo host's address is chosen when it starts/,
    );
  });

  it('finds the demo host by its flag once renamed', async () => {
    const demo = 'FreeBSD (simulated demo)';
    await vscode.commands.executeCommand('jails.renameHost', { name: demo, newName: 'my demo' });
    try {
      assert.equal(await vscode.commands.executeCommand('jails.tryDemoHost'), 'my demo');
      assert.equal(hostsSetting().filter((h) => h.name === demo).length, 0, 'no second demo host was added');
    } finally {
      await vscode.commands.executeCommand('jails.renameHost', { name: 'my demo', newName: demo });
    }
  });

  it('"Forget Stored Key Passphrases" has nothing to forget when no passphrase was kept', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('jails.forgetPassphrases'), []);
  });
});
