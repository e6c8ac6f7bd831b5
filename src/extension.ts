import * as vscode from 'vscode';
import { registerHostCommands } from './vscode/commands/hostCommands';
import { onHostsChanged } from './vscode/hostSettings';
import { HostsTreeProvider } from './vscode/tree/hostsTreeProvider';

/** What activate() returns: the live objects behind the UI, for the extension tests to read real state. */
export interface ExtensionApi {
  hostsTree: HostsTreeProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const hostsTree = new HostsTreeProvider();
  context.subscriptions.push(
    hostsTree,
    vscode.window.createTreeView('jails.hosts', { treeDataProvider: hostsTree, showCollapseAll: true }),
    onHostsChanged(() => hostsTree.refresh()),
    ...registerHostCommands(hostsTree),
  );
  return { hostsTree };
}

export function deactivate(): void {}
