import * as vscode from 'vscode';
import { HostEntry, readHosts } from '../hostSettings';

/** A configured host. Connection state and jails under it come from the hosts feature (issue #5). */
export class HostNode {
  constructor(readonly entry: HostEntry) {}
}

export class HostsTreeProvider implements vscode.TreeDataProvider<HostNode> {
  private readonly changed = new vscode.EventEmitter<HostNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: HostNode): HostNode[] {
    if (element) return [];
    return readHosts().map((entry) => new HostNode(entry));
  }

  getTreeItem(node: HostNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.entry.name, vscode.TreeItemCollapsibleState.None);
    item.id = `host:${node.entry.name}`;
    item.description = node.entry.destination;
    item.iconPath = new vscode.ThemeIcon('server');
    item.contextValue = 'host';
    item.tooltip = new vscode.MarkdownString(`**${node.entry.name}**\n\nSSH destination: \`${node.entry.destination}\``);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
