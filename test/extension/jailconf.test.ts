import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const extensionId = 'jaildev.freebsd-jails';

/** `LINE:COL code` (1-based) of the jail.conf diagnostics VS Code shows for a document. */
function shown(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'jail.conf')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const waitForDiagnostics = (uri: vscode.Uri, expected: string[]) =>
  until(`diagnostics ${JSON.stringify(expected)}, last seen ${JSON.stringify(shown(uri))}`, () => (JSON.stringify(shown(uri)) === JSON.stringify(expected) ? true : undefined));

const text = (content: vscode.MarkdownString | vscode.MarkedString): string => (typeof content === 'string' ? content : content.value);

async function applyQuickFix(document: vscode.TextDocument, code: string, title: string): Promise<void> {
  const diagnostic = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} diagnostic`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no quick fix "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
}

describe('jail.conf language in a real VS Code', () => {
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folder, 'the test workspace is not open');
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'bad/jail.conf'));
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens the file as jailconf and shows the diagnostics FreeBSD would give', async () => {
    assert.equal(document.languageId, 'jailconf');
    await waitForDiagnostics(document.uri, ['6:5 unknown-parameter', '8:16 invalid-ipv4', '14:5 missing-semicolon']);
    const unknown = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'unknown-parameter');
    assert.equal(unknown?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown?.message ?? '', /web: unknown parameter: hostname — did you mean "host\.hostname"\?/);
  });

  it('answers a hover on a parameter with its description and value', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(6, 6));
    const markdown = hovers.flatMap((h) => h.contents.map(text)).join('\n');
    assert.match(markdown, /\*\*path\*\* — path, kernel parameter/);
    assert.match(markdown, /Directory that becomes the root of the jail/);
    assert.match(markdown, /In \*\*web\*\*: "\/usr\/local\/jails\/web"/);
  });

  it('completes parameter names where a statement starts', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(8, 4));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['persist', 'host.hostname', 'exec.start', 'allow.raw_sockets']) assert.ok(labels.includes(expected), `${expected} is not offered`);
  });

  it("applies the quick fixes for a forgotten ';' and a misspelt parameter", async () => {
    await applyQuickFix(document, 'missing-semicolon', "Insert the missing ';'");
    await waitForDiagnostics(document.uri, ['6:5 unknown-parameter', '8:16 invalid-ipv4']);
    await applyQuickFix(document, 'unknown-parameter', 'Change to "host.hostname"');
    await waitForDiagnostics(document.uri, ['8:16 invalid-ipv4']);
    assert.equal(document.lineAt(5).text, '    host.hostname = "web.example.org";');
    assert.equal(document.lineAt(13).text, '    persist;');
  });

  it('formats the document', async () => {
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 4, insertSpaces: true });
    assert.ok(edits.length > 0, 'the formatter proposed no edit');
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(document.lineAt(12).text, '    path = "/usr/local/jails/db";');
    const again = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 4, insertSpaces: true });
    assert.deepEqual(again ?? [], [], 'formatting twice changed the text again');
  });
});
