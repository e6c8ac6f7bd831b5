import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>('jaildev.freebsd-jails');
  assert.ok(extension);
  return extension.activate();
}

async function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 100; i++) {
    const found = vscode.languages.getDiagnostics(uri);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}

describe('.jails.yaml (diagnostics, Up, Down) and the PHP Version Matrix', function () {
  this.timeout(300000);
  const folder = join(mkdtempSync(join(tmpdir(), 'jails-env-ext-')), 'shop');
  mkdirSync(folder, { recursive: true });
  const file = vscode.Uri.file(join(folder, '.jails.yaml'));

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('jails').update('hosts', undefined, vscode.ConfigurationTarget.Global);
    rmSync(join(folder, '..'), { recursive: true, force: true });
  });

  it('shows a schema error as a diagnostic at its line, and clears it when fixed', async () => {
    await api();
    writeFileSync(file.fsPath, 'environments:\n  web:\n    host: lab\n    stack: lighttpd\n    php: "8.4"\n');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const [diagnostic, ...rest] = await diagnosticsOf(file);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic.message, 'environments.web.stack must be one of: apache-mod_php, apache-php-fpm, nginx-php-fpm, bare');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [3, 11]);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    await editor.edit((edit) => edit.replace(new vscode.Range(3, 11, 3, 19), 'bare'));
    await editor.edit((edit) => edit.delete(new vscode.Range(4, 0, 5, 0)));
    for (let i = 0; i < 100 && vscode.languages.getDiagnostics(file).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(vscode.languages.getDiagnostics(file), []);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[1, 'Up'], [1, 'Down'], [1, 'Open']]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Up creates the environment\'s jail on the demo host, a second Up changes nothing, Down destroys it', async () => {
    await api();
    const hostName = await vscode.commands.executeCommand<string>('jails.tryDemoHost');
    writeFileSync(file.fsPath, `environments:\n  web:\n    host: ${hostName}\n    stack: apache-mod_php\n    php: "8.4"\n    sync: { exclude: [".jails.yaml"] }\n`);
    writeFileSync(join(folder, 'index.php'), '<?php echo "from VS Code";\n');
    type Result = { ok: boolean; summary: string; tunnels?: { port: number; localPort: number }[] };
    const up = await vscode.commands.executeCommand<Result>('jails.up', file, 'web');
    assert.ok(up?.ok, up?.summary);
    assert.match(up.summary, /^shop-web created at 127\.213\.0\.\d+; 1 file\(s\) uploaded, \d+ deleted; tunnel localhost:\d+ → port 80$/);
    const again = await vscode.commands.executeCommand<Result>('jails.up', file, 'web');
    assert.deepEqual([again?.ok, again?.summary], [true, 'shop-web is up to date; files up to date']);
    const url = await vscode.commands.executeCommand<string>('jails.openEnvironment', file, 'web');
    assert.equal(url, `http://127.0.0.1:${up.tunnels?.[0].localPort}/`, 'Open uses the tunnel Up opened');
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /from VS Code/);
    const down = await vscode.commands.executeCommand<Result>('jails.down', file, 'web');
    assert.deepEqual([down?.ok, down?.summary], [true, 'shop-web destroyed']);
  });

  it('PHP Version Matrix…: the workspace on the chosen version in a panel, re-run after a change, destroyed', async () => {
    const hostName = await vscode.commands.executeCommand<string>('jails.tryDemoHost');
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspaceFolder, 'the suite runs with a workspace folder');
    const index = join(workspaceFolder.uri.fsPath, 'index.php');
    writeFileSync(index, '<?php\necho "PHP ", phpversion();\ntrigger_error("from the matrix test", E_USER_WARNING);\n');
    try {
      type Row = { php: string; state: string; status?: number; problems: { level: string; message: string }[]; message?: string };
      const rows = await vscode.commands.executeCommand<Row[]>('jails.phpMatrix', { host: hostName, stack: 'apache-mod_php', versions: ['8.4'] });
      const summary = (r: Row[] | undefined) => r?.map((row) => [row.php, row.state, row.status ?? row.message, row.problems.map((p) => `${p.level}: ${p.message}`)]);
      assert.deepEqual(summary(rows), [['8.4', 'ready', 200, ['Warning: from the matrix test']]]);
      writeFileSync(index, '<?php\necho "PHP ", phpversion();\n');
      const again = await vscode.commands.executeCommand<Row[]>('jails.phpMatrix.rerun');
      assert.deepEqual(summary(again), [['8.4', 'ready', 200, []]]);
      const destroyed = await vscode.commands.executeCommand<Row[]>('jails.phpMatrix.destroyAll');
      assert.deepEqual(destroyed?.map((r) => r.state), ['destroyed']);
    } finally {
      rmSync(index, { force: true });
    }
  });
});
