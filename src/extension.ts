import * as vscode from 'vscode';
import { registerHostCommands } from './vscode/commands/hostCommands';
import { onHostsChanged } from './vscode/hostSettings';
import { HostsTreeProvider } from './vscode/tree/hostsTreeProvider';

export function activate(context: vscode.ExtensionContext): void {
  const tree = new HostsTreeProvider();
  context.subscriptions.push(
    tree,
    vscode.window.createTreeView('jails.hosts', { treeDataProvider: tree, showCollapseAll: true }),
    onHostsChanged(() => tree.refresh()),
    ...registerHostCommands(tree),
  );
}

export function deactivate(): void {}
