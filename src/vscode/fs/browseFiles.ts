/**
 * Browse Files: shows a jail's root (a `jails://` folder) in the Explorer. Adding a folder to a window that
 * is not yet a multi-root workspace makes VS Code enter a new workspace, which restarts this window's
 * extensions (in a browser, reloads the page): the jail terminals and forwarded ports of the Jails view close.
 * So that happens only when the user agrees; a new window or a file picker at the root are the other choices.
 */
import * as vscode from 'vscode';

/** Where the files go: the Explorer of this window, a new window, or an open dialog at the jail's root. */
export type BrowsePlacement = 'workspace' | 'newWindow' | 'pick';

const choices: Record<BrowsePlacement, string> = {
  workspace: 'Add to Workspace',
  newWindow: 'Open in New Window',
  pick: 'Pick Files…',
};

function placementOf(label: string | undefined): BrowsePlacement | undefined {
  return (Object.keys(choices) as BrowsePlacement[]).find((p) => choices[p] === label);
}

async function askPlacement(name: string): Promise<BrowsePlacement | undefined> {
  const answer = await vscode.window.showInformationMessage(`Browse the files of ${name}`, {
    modal: true,
    detail: 'Adding its root to the Explorer turns this window into a multi-root workspace, which restarts the extensions of this window: open jail terminals and forwarded ports close.',
  }, ...Object.values(choices));
  return placementOf(answer);
}

async function pickAndOpen(root: vscode.Uri, name: string): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ defaultUri: root, canSelectMany: true, openLabel: 'Open', title: `Files of ${name}` });
  for (const uri of picked ?? []) await vscode.window.showTextDocument(uri, { preview: false });
}

/** `placement` comes from scripts and tests; without it, a window that would restart asks first. */
export async function showJailFiles(root: vscode.Uri, name: string, placement?: BrowsePlacement): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const shown = folders.some((f) => f.uri.toString() === root.toString());
  // In a multi-root workspace a folder added after the first one restarts nothing.
  const where = shown || vscode.workspace.workspaceFile ? 'workspace' : placement ?? (await askPlacement(name));
  if (where === 'workspace') {
    if (!shown) vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri: root, name });
    await vscode.commands.executeCommand('workbench.view.explorer');
  } else if (where === 'newWindow') {
    await vscode.commands.executeCommand('vscode.openFolder', root, { forceNewWindow: true });
  } else if (where === 'pick') {
    await pickAndOpen(root, name);
  }
}
