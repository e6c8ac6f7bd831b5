import { strict as assert } from 'node:assert';
import { get } from 'node:http';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { GroupNode, HostNode, JailNode, TreeNode, TunnelNode } from '../../src/vscode/tree/hostsTreeProvider';

// The tests are bundled apart from the extension, so its classes are told apart by shape, not instanceof.
const isJail = (n: TreeNode): n is JailNode => 'jail' in n;
const isTunnel = (n: TreeNode): n is TunnelNode => 'tunnel' in n;
const isGroup = (n: TreeNode): n is GroupNode => 'group' in n;

const demo = 'FreeBSD (simulated demo)';
/** The host name the demo host's scenario gives the simulated FreeBSD machine itself (test/host/scenario.ts). */
const demoHostName = 'freebsd-simulated';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>('jaildev.freebsd-jails');
  assert.ok(extension);
  return extension.activate();
}

/** Waits for a condition the extension reaches asynchronously; the suite's timeout bounds the wait. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, pauseMs = 100): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Waits until a Run Command terminal's command has finished well, its output still there to read; closes it. */
async function commandFinished(terminal: vscode.Terminal): Promise<string> {
  const { jails } = await api();
  const transcript = await until(() => {
    const text = jails.terminals.transcript(terminal) ?? '';
    return /\[The command finished\. Press any key to close\.\]/.test(text) ? text : undefined;
  });
  assert.equal(terminal.exitStatus, undefined, 'the terminal stays open');
  terminal.dispose();
  return transcript;
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('Jails: working with jails from the tree on the demo host', function () {
  this.timeout(180000);
  let host: HostNode;

  const jailRow = async (name: string): Promise<JailNode> => {
    const { hostsTree } = await api();
    const row = hostsTree.getChildren(host).filter(isJail).find((n) => n.jail.name === name);
    assert.ok(row, `${name} is in the tree`);
    return row;
  };
  const iconOf = async (name: string) => {
    const { hostsTree } = await api();
    return ((hostsTree.getTreeItem(await jailRow(name)).iconPath) as vscode.ThemeIcon).id;
  };

  before(async () => {
    const { hostsTree } = await api();
    assert.equal(await vscode.commands.executeCommand<string>('jails.tryDemoHost'), demo);
    const found = hostsTree.findHost(demo);
    assert.ok(found);
    host = found;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('jails').update('hosts', undefined, vscode.ConfigurationTarget.Global);
  });

  it('stops and starts a jail from the tree, and its icon follows', async () => {
    const { hostsTree } = await api();
    assert.equal(await iconOf('db'), 'circle-filled');
    assert.match(String(hostsTree.getTreeItem(await jailRow('db')).contextValue), /\bcan-stop\b/);
    const stopped = await vscode.commands.executeCommand<{ ok: boolean; summary: string }[]>('jails.stop', { host: demo, jail: 'db', confirmed: true });
    assert.deepEqual(stopped?.map((o) => [o.ok, o.summary]), [[true, 'db stopped.']]);
    assert.equal(await iconOf('db'), 'circle-outline');
    assert.match(String(hostsTree.getTreeItem(await jailRow('db')).contextValue), /\bjail stopped\b.*\bcan-start\b/);
    const started = await vscode.commands.executeCommand<{ ok: boolean }[]>('jails.start', { host: demo, jail: 'db', confirmed: true });
    assert.equal(started?.[0]?.ok, true);
    assert.equal(await iconOf('db'), 'circle-filled');
  });

  it("opens a terminal in a jail, types hostname, and reads the jail's hostname back", async () => {
    const { jails } = await api();
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('jails.openTerminal', { host: demo, jail: 'www' });
    assert.ok(terminal);
    assert.equal(terminal.name, `www (${demo})`);
    terminal.sendText('hostname');
    await until(() => /\r?\nwww\r?\n/.test(jails.terminals.transcript(terminal) ?? ''));
    const closed = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidCloseTerminal((t) => t === terminal && resolve(t)));
    terminal.sendText('exit');
    assert.equal((await closed).exitStatus?.code, 0);
  });

  it('opens the remote jail.conf at the jail\'s block, shows a diagnostic, and saves the fix to the host', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('jails.openJailConf', { host: demo, jail: 'www' });
    assert.ok(editor);
    const { document } = editor;
    assert.equal(document.uri.scheme, 'jails');
    assert.equal(document.uri.path, '/etc/jail.conf');
    assert.equal(document.languageId, 'jailconf');
    assert.equal(document.lineAt(editor.selection.start.line).text.trim(), 'www {');

    const original = document.getText();
    const statement = document.positionAt(original.indexOf('mount.devfs;'));
    const semicolon = new vscode.Range(statement.translate(0, 'mount.devfs'.length), statement.translate(0, 'mount.devfs;'.length));
    await editor.edit((edit) => edit.delete(semicolon));
    const problems = await until(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return found.length > 0 ? found : undefined;
    });
    assert.ok(problems.some((d) => d.range.start.line >= statement.line), JSON.stringify(problems.map((d) => d.message)));

    await editor.edit((edit) => edit.insert(semicolon.start, '; # checked by jail -e'));
    await until(() => vscode.languages.getDiagnostics(document.uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error));
    assert.ok(await document.save(), 'saved');
    const onHost = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse('jails://freebsd-simulated-demo/etc/jail.conf')));
    assert.equal(onHost, original.replace('mount.devfs;', 'mount.devfs; # checked by jail -e'));
    const backup = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse('jails://freebsd-simulated-demo/etc/jail.conf~')));
    assert.equal(backup, original);
  });

  it('opens a tunnel to a web server in a jail, lists it under the jail, and gets an HTTP answer through it', async () => {
    const { hostsTree } = await api();
    const serve = await vscode.commands.executeCommand<vscode.Terminal>('jails.runCommand', {
      host: demo, jail: 'www', command: 'mkdir -p /srv/site && echo hello from www > /srv/site/index.html && busybox httpd -p 127.213.0.10:8080 -h /srv/site',
    });
    assert.ok(serve);
    await commandFinished(serve);
    const opened = await vscode.commands.executeCommand<{ localPort: number; url: string }>('jails.openInBrowser', { host: demo, jail: 'www', port: 8080 });
    assert.ok(opened);
    assert.deepEqual(await httpGet(opened.url), { status: 200, body: 'hello from www\n' });
    const tunnels = hostsTree.getChildren(await jailRow('www')).filter(isTunnel);
    assert.deepEqual(tunnels.map((t) => [t.tunnel.localPort, t.tunnel.remotePort]), [[opened.localPort, 8080]]);
    assert.equal(hostsTree.getTreeItem(tunnels[0]).contextValue, 'tunnel');
    await vscode.commands.executeCommand('jails.closeTunnel', { localPort: opened.localPort });
    assert.equal(hostsTree.getChildren(await jailRow('www')).filter(isTunnel).length, 0);
    await assert.rejects(httpGet(opened.url));
  });

  it('forwards no port, and opens no browser, when nothing in the jail listens on it', async () => {
    const { hostsTree } = await api();
    const opened = await vscode.commands.executeCommand('jails.openInBrowser', { host: demo, jail: 'www', port: 9 });
    assert.equal(opened, undefined);
    assert.equal(hostsTree.getChildren(await jailRow('www')).filter(isTunnel).length, 0);
  });

  it('ends a jail\'s forwarded ports when the jail stops', async () => {
    const { hostsTree, jails } = await api();
    const opened = await vscode.commands.executeCommand<{ localPort: number }>('jails.openInBrowser', { host: demo, jail: 'www', port: 8080 });
    assert.ok(opened && jails.tunnels.byLocalPort(opened.localPort));
    await vscode.commands.executeCommand('jails.stop', { host: demo, jail: 'www', confirmed: true });
    await until(() => jails.tunnels.byLocalPort(opened.localPort) === undefined);
    assert.equal(hostsTree.getChildren(await jailRow('www')).filter(isTunnel).length, 0);
    const started = await vscode.commands.executeCommand<{ ok: boolean }[]>('jails.start', { host: demo, jail: 'www', confirmed: true });
    assert.equal(started?.[0]?.ok, true);
  });

  it("shows a jail's console log, first saying what it follows, then what the jail's start wrote", async () => {
    const { jails } = await api();
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('jails.showLogs', { host: demo, jail: 'www', log: '/var/log/jail_console_www.log' });
    assert.ok(terminal);
    assert.equal(terminal.name, 'www: Console log');
    await until(() => /\[Following \/var\/log\/jail_console_www\.log on FreeBSD \(simulated demo\): new lines appear as they are written\. Close the terminal to stop\.\][\s\S]*Starting cron\./.test(jails.terminals.transcript(terminal) ?? ''));
    terminal.dispose();
  });

  it("opens a terminal on the host itself, types hostname, and reads the host's name back", async () => {
    const { jails } = await api();
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('jails.openHostTerminal', { host: demo });
    assert.ok(terminal);
    assert.equal(terminal.name, demo);
    terminal.sendText('hostname');
    await until(() => new RegExp(`\\r?\\n${demoHostName}\\r?\\n`).test(jails.terminals.transcript(terminal) ?? ''));
    const closed = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidCloseTerminal((t) => t === terminal && resolve(t)));
    terminal.sendText('exit');
    assert.equal((await closed).exitStatus?.code, 0);
  });

  it('groups the jails under the host by state or by manager (jails.tree.groupBy), keeping their menus', async () => {
    const { hostsTree } = await api();
    const state = host.session.state;
    assert.equal(state.kind, 'connected');
    const inventory = state.inventory.jails;
    const ungroupedContext = hostsTree.getTreeItem(await jailRow('www')).contextValue;
    const setting = vscode.workspace.getConfiguration('jails.tree');
    try {
      await setting.update('groupBy', 'state', vscode.ConfigurationTarget.Global);
      const groups = hostsTree.getChildren(host).filter(isGroup);
      const expected = (['running', 'dying', 'stopped'] as const)
        .map((s) => ({ label: `${s[0].toUpperCase()}${s.slice(1)}`, names: inventory.filter((j) => j.state === s).map((j) => j.name).sort((a, b) => a.localeCompare(b)) }))
        .filter((g) => g.names.length > 0);
      assert.deepEqual(groups.map((g) => hostsTree.getTreeItem(g).label), expected.map((g) => `${g.label} (${g.names.length})`));
      assert.deepEqual(groups.map((g) => hostsTree.getChildren(g).filter(isJail).map((n) => n.jail.name)), expected.map((g) => g.names));
      assert.equal(hostsTree.getChildren(host).filter(isJail).length, 0, 'no jail sits outside a group');
      const runningRows = hostsTree.getChildren(groups[0]).filter(isJail);
      const groupItem = hostsTree.getTreeItem(groups[0]);
      assert.equal(groupItem.contextValue, 'group');
      assert.equal((groupItem.iconPath as vscode.ThemeIcon).id, 'circle-filled');
      const www = runningRows.find((n) => n.jail.name === 'www');
      assert.ok(www);
      assert.equal(hostsTree.getTreeItem(www).contextValue, ungroupedContext);
      assert.equal(hostsTree.getTreeItem(hostsTree.getParent(www) as TreeNode).id, groupItem.id);

      await setting.update('groupBy', 'manager', vscode.ConfigurationTarget.Global);
      const byManager = hostsTree.getChildren(host).filter(isGroup);
      const labels = byManager.map((g) => String(hostsTree.getTreeItem(g).label));
      assert.equal(labels[0], `jail.conf (${inventory.filter((j) => !j.manager && j.config).length})`);
      assert.ok(labels.includes('Bastille (1)'), labels.join(', '));
      const bastille = byManager[labels.indexOf('Bastille (1)')];
      assert.deepEqual(hostsTree.getChildren(bastille).filter(isJail).map((n) => n.jail.name), ['bastion']);
    } finally {
      await setting.update('groupBy', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(hostsTree.getChildren(host).some(isJail), 'jails sit under the host again');
  });

  it("browses a jail's files: its root is a jails:// folder whose files read as the jail sees them", async () => {
    // This window is a single folder, where adding a folder would restart the extensions (and end this suite):
    // the files are shown with the open dialog at the jail's root instead, which the test then closes.
    const browsing = Promise.resolve(vscode.commands.executeCommand<vscode.Uri>('jails.browseFiles', { host: demo, jail: 'www', placement: 'pick' }));
    let root: vscode.Uri | undefined;
    void browsing.then((uri) => { root = uri; });
    await until(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return root;
    }, 250);
    assert.ok(root);
    assert.equal(root.scheme, 'jails');
    assert.equal(root.authority, 'freebsd-simulated-demo');
    assert.equal(root.path, (await jailRow('www')).jail.running?.path);
    assert.equal((await vscode.workspace.fs.stat(root)).type, vscode.FileType.Directory);
    const entries = new Map(await vscode.workspace.fs.readDirectory(root));
    assert.equal(entries.get('etc'), vscode.FileType.Directory);

    const rcConf = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'etc/rc.conf')));
    assert.match(rcConf, /^hostname="www"$/m);
    // Run Command's output stays on screen after the command ends, for the user to read.
    const cat = await vscode.commands.executeCommand<vscode.Terminal>('jails.runCommand', { host: demo, jail: 'www', command: 'cat /etc/rc.conf' });
    assert.ok(cat);
    assert.ok((await commandFinished(cat)).replace(/\r\n/g, '\n').includes(rcConf));
  });

  it('does not save over a file changed on the host in the same second and to the same size', async () => {
    const inJail = async (command: string) => {
      const terminal = await vscode.commands.executeCommand<vscode.Terminal>('jails.runCommand', { host: demo, jail: 'www', command });
      assert.ok(terminal);
      await commandFinished(terminal);
    };
    // A fixed modification time for both versions: over SFTP (whole seconds) they look alike by stat.
    const sameSecond = 'touch -d "2099-01-01 00:00:00" /tmp/racy.txt';
    await inJail(`printf "mine\\n" > /tmp/racy.txt && ${sameSecond}`);
    const uri = vscode.Uri.from({ scheme: 'jails', authority: 'freebsd-simulated-demo', path: `${(await jailRow('www')).jail.running?.path}/tmp/racy.txt` });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), 'mine\n');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'edited here\n'));
    await inJail(`printf "them\\n" > /tmp/racy.txt && ${sameSecond}`);

    assert.equal(await document.save(), false, 'the save is refused');
    assert.ok(document.isDirty);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), 'them\n');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('disconnects a host: the node says so and its connection closes; Reconnect brings it back', async () => {
    const { hostsTree, jails } = await api();
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('jails.openHostTerminal', { host: demo });
    assert.ok(terminal);
    terminal.sendText('echo ready');
    await until(() => /\r?\nready\r?\n/.test(jails.terminals.transcript(terminal) ?? ''));

    // With a terminal open on the connection, Disconnect asks first (a modal); `confirmed` is the answer given.
    assert.equal(jails.terminals.countOn(demo), 1);
    await vscode.commands.executeCommand('jails.disconnect', { host: demo, confirmed: true });
    assert.equal(host.session.state.kind, 'idle');
    const item = hostsTree.getTreeItem(host);
    assert.equal(item.description, 'disconnected');
    assert.match(String(item.contextValue), /\bhost disconnected\b/);
    const [row, ...more] = hostsTree.getChildren(host);
    assert.deepEqual(more, []);
    const rowItem = hostsTree.getTreeItem(row);
    assert.equal(rowItem.label, 'Disconnected. Click to reconnect and see its jails.');
    assert.equal(rowItem.command?.command, 'jails.reconnect');
    // The shell ran over the host's one connection: it ends with it.
    await until(() => /The connection to the host was lost/.test(jails.terminals.transcript(terminal) ?? ''));
    terminal.dispose();

    await vscode.commands.executeCommand('jails.reconnect', host);
    assert.equal(host.session.state.kind, 'connected');
    assert.equal(hostsTree.getTreeItem(host).contextValue, 'host connected demo');
    assert.ok((await jailRow('www')).jail.state === 'running');
    const again = await vscode.commands.executeCommand<vscode.Terminal>('jails.openHostTerminal', { host: demo });
    again.sendText('hostname');
    await until(() => new RegExp(`\\r?\\n${demoHostName}\\r?\\n`).test(jails.terminals.transcript(again) ?? ''));
    const closed = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidCloseTerminal((t) => t === again && resolve(t)));
    again.sendText('exit');
    assert.equal((await closed).exitStatus?.code, 0);
  });
});
