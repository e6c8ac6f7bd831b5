import * as vscode from 'vscode';
import { HostSession, ScriptRunner } from '../../core/hosts/hostSession';
import type { InventoryJail } from '../../core/hosts/inventory';
import { privilegeProblem } from '../../core/hosts/probe';
import type { PortTunnel } from '../../core/ssh/portTunnel';
import { JailGroup, groupJails } from '../../core/jails/jailGroups';
import { HostEntry, readHosts } from '../hostSettings';
import { groupTreeItem, hostPresentation, jailTreeItem, tunnelTreeItem } from './jailItems';
import { arrangeJails, groupingSetting } from './jailOrder';

export class HostNode {
  constructor(
    readonly entry: HostEntry,
    readonly session: HostSession,
  ) {}
}

export class JailNode {
  constructor(
    readonly host: HostNode,
    readonly jail: InventoryJail,
  ) {}
}

/** A group of a host's jails (`jails.tree.groupBy`): "Running (3)", "Bastille (1)". */
export class GroupNode {
  constructor(
    readonly host: HostNode,
    readonly group: JailGroup,
  ) {}
}

/** A forwarded port under the jail it reaches, with a Close action. */
export class TunnelNode {
  constructor(
    readonly host: HostNode,
    readonly jailName: string,
    readonly tunnel: PortTunnel,
  ) {}
}

/** A row that explains what went wrong with a host instead of leaving it empty. */
export class MessageNode {
  constructor(
    readonly host: HostNode,
    readonly message: string,
    readonly icon: string,
    readonly offersReconnect = false,
  ) {}
}

export type TreeNode = HostNode | GroupNode | JailNode | TunnelNode | MessageNode;

export type Connector = (entry: HostEntry) => Promise<ScriptRunner>;

/** The open tunnels of one jail (tunnels/tunnelRegistry.ts). */
export type TunnelSource = (hostName: string, jailName: string) => readonly PortTunnel[];

const noTunnels: TunnelSource = () => [];

export class HostsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly hosts = new Map<string, HostNode>();
  private tunnels: TunnelSource = noTunnels;

  constructor(
    private readonly connector: Connector,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  setTunnelSource(source: TunnelSource): void {
    this.tunnels = source;
    this.changed.fire(undefined);
  }

  /** Redraws without asking any host (tunnels opened or closed, display settings changed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Reads the hosts again, refreshing every one (Refresh button, setting changes). */
  refresh(): void {
    for (const node of this.hostNodes()) void node.session.refresh();
    this.changed.fire(undefined);
  }

  hostNodes(): HostNode[] {
    const entries = readHosts();
    const wanted = new Set(entries.map((e) => `${e.name}\u0000${e.destination}`));
    for (const [key] of this.hosts) if (!wanted.has(key)) this.hosts.delete(key);
    return entries.map((entry) => {
      const key = `${entry.name}\u0000${entry.destination}`;
      let node = this.hosts.get(key);
      if (!node) {
        const session = new HostSession(entry.name, () => this.connector(entry), undefined, () => ({
          throwawayRoot: vscode.workspace.getConfiguration('jails.throwaway').get<string>('root') || undefined,
        }));
        node = new HostNode(entry, session);
        const created = node;
        session.onDidChange((state) => {
          if (state.kind === 'failed') this.log(`${entry.name}: ${state.message}`);
          this.changed.fire(created);
        });
        this.hosts.set(key, node);
        void session.refresh();
      }
      return node;
    });
  }

  /** Refreshes one host now (after our own actions, or its Refresh button), reading what those actions changed. */
  refreshHost(node: HostNode): Promise<unknown> {
    return node.session.refreshAfterChange();
  }

  findHost(name: string): HostNode | undefined {
    return this.hostNodes().find((h) => h.entry.name === name);
  }

  /** The jails of a host the tree shows (filtered and sorted), whatever groups they sit in. */
  jailNodes(host: HostNode): JailNode[] {
    const state = host.session.state;
    return state.kind === 'connected' ? arrangeJails(state.inventory.jails).map((jail) => new JailNode(host, jail)) : [];
  }

  private groups(host: HostNode): GroupNode[] {
    const state = host.session.state;
    if (state.kind !== 'connected') return [];
    return groupJails(arrangeJails(state.inventory.jails), groupingSetting()).map((group) => new GroupNode(host, group));
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) return this.hostNodes();
    if (element instanceof JailNode) return this.tunnels(element.host.entry.name, element.jail.name).map((t) => new TunnelNode(element.host, element.jail.name, t));
    if (element instanceof GroupNode) {
      // Read again from the host's state, so that a group redrawn alone shows the jails it has now.
      const group = this.groups(element.host).find((g) => g.group.key === element.group.key);
      return (group?.group.jails ?? []).map((jail) => new JailNode(element.host, jail));
    }
    if (!(element instanceof HostNode)) return [];
    const state = element.session.state;
    if (state.kind === 'failed') return [new MessageNode(element, state.message, 'error', true)];
    if (state.kind === 'idle') return [new MessageNode(element, 'Disconnected. Click to reconnect and see its jails.', 'debug-disconnect', true)];
    if (state.kind !== 'connected') return [];
    const lacking = privilegeProblem(state.capabilities);
    const rows: TreeNode[] = [
      ...(lacking ? [new MessageNode(element, lacking, 'shield')] : []),
      ...state.inventory.configErrors.map((e) => new MessageNode(element, `${e.file}: ${e.message}`, 'warning')),
    ];
    if (state.inventory.jails.length === 0) rows.push(new MessageNode(element, 'No jails on this host yet', 'info'));
    const grouped = groupingSetting() !== 'none';
    return [...rows, ...(grouped ? this.groups(element) : this.jailNodes(element))];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element instanceof HostNode) return undefined;
    if (element instanceof TunnelNode) {
      const state = element.host.session.state;
      const jail = state.kind === 'connected' ? state.inventory.jails.find((j) => j.name === element.jailName) : undefined;
      return jail ? new JailNode(element.host, jail) : element.host;
    }
    if (element instanceof JailNode) {
      return this.groups(element.host).find((g) => g.group.jails.some((j) => j.name === element.jail.name)) ?? element.host;
    }
    return element.host;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node instanceof JailNode) {
      const state = node.host.session.state;
      const canBecomeRoot = state.kind === 'connected' && state.capabilities.privilege !== 'none';
      return jailTreeItem(node.host.entry.name, node.jail, canBecomeRoot, this.tunnels(node.host.entry.name, node.jail.name).length > 0);
    }
    if (node instanceof TunnelNode) return tunnelTreeItem(node.host.entry.name, node.jailName, node.tunnel);
    if (node instanceof GroupNode) return groupTreeItem(node.host.entry.name, node.group);
    if (node instanceof MessageNode) {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.message;
      item.contextValue = node.offersReconnect ? 'message reconnectable' : 'message';
      if (node.offersReconnect) item.command = { command: 'jails.reconnect', title: 'Reconnect', arguments: [node.host] };
      return item;
    }
    const { description, icon, context } = hostPresentation(node.session.state);
    const item = new vscode.TreeItem(node.entry.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `host:${node.entry.name}`;
    item.description = description;
    item.iconPath = icon;
    item.contextValue = node.entry.demo ? `${context} demo` : context;
    item.tooltip = new vscode.MarkdownString(`**${node.entry.name}**\n\nSSH destination: \`${node.entry.destination}\`\n\n${description}`);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
