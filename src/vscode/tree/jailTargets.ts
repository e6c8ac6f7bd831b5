/**
 * Turns what a command was given into the jails (or host) it acts on: the clicked node and the tree's
 * multi-selection, `{ host, jail }` from scripts and tests, or, from the command palette, a quick pick of
 * the jails that can take the action.
 */
import * as vscode from 'vscode';
import type { JailCapability } from '../../core/jails/jailCapabilities';
import { jailCapabilities } from '../../core/jails/jailCapabilities';
import { HostNode, HostsTreeProvider, JailNode, TreeNode } from './hostsTreeProvider';

/** What scripts, keybindings and tests may pass instead of a tree node. */
export interface JailArgs {
  host: string;
  jail: string;
  /** Skips the confirmation of disruptive actions. */
  confirmed?: boolean;
}

export interface HostArgs {
  host: string;
}

function isJailArgs(value: unknown): value is JailArgs {
  return typeof value === 'object' && value !== null && typeof (value as JailArgs).host === 'string' && typeof (value as JailArgs).jail === 'string';
}

function canDo(node: JailNode, capability: JailCapability): boolean {
  const state = node.host.session.state;
  const root = state.kind === 'connected' && state.capabilities.privilege !== 'none';
  return jailCapabilities(node.jail, root).includes(capability);
}

export function jailNodes(tree: HostsTreeProvider): JailNode[] {
  return tree.hostNodes().flatMap((host) => tree.jailNodes(host));
}

function findJail(tree: HostsTreeProvider, args: JailArgs): JailNode {
  const host = tree.findHost(args.host);
  if (!host) throw new Error(`There is no host named "${args.host}" in the Jails view.`);
  const node = tree.jailNodes(host).find((n) => n.jail.name === args.jail);
  if (!node) throw new Error(`${args.jail} is not on ${args.host} (any more): refresh the view to see its jails now.`);
  return node;
}

export interface Targets {
  jails: JailNode[];
  confirmed: boolean;
}

/** Undefined when the user cancelled the pick. */
export async function jailTargets(tree: HostsTreeProvider, capability: JailCapability, clicked?: unknown, selected?: unknown, pickTitle = 'Choose a jail'): Promise<Targets | undefined> {
  if (isJailArgs(clicked)) return { jails: [findJail(tree, clicked)], confirmed: clicked.confirmed === true };
  if (clicked instanceof JailNode) {
    const many = Array.isArray(selected) ? (selected as TreeNode[]).filter((n): n is JailNode => n instanceof JailNode) : [];
    const jails = many.some((n) => n.jail.name === clicked.jail.name && n.host === clicked.host) ? many : [clicked];
    // Not filtered by capability: a jail that cannot take the action says why (already stopped, say).
    return { jails, confirmed: false };
  }
  const candidates = jailNodes(tree).filter((n) => canDo(n, capability));
  if (candidates.length === 0) throw new Error('No jail in the Jails view can take this action now.');
  const multiple = tree.hostNodes().length > 1;
  const picked = await vscode.window.showQuickPick(
    candidates.map((node) => ({ label: node.jail.name, description: multiple ? node.host.entry.name : node.jail.state, node })),
    { title: pickTitle, matchOnDescription: true },
  );
  return picked ? { jails: [picked.node], confirmed: false } : undefined;
}

export async function hostTarget(tree: HostsTreeProvider, clicked?: unknown, pickTitle = 'Choose a host'): Promise<HostNode | undefined> {
  if (clicked instanceof HostNode) return clicked;
  if (typeof clicked === 'object' && clicked !== null && typeof (clicked as HostArgs).host === 'string') {
    const host = tree.findHost((clicked as HostArgs).host);
    if (!host) throw new Error(`There is no host named "${(clicked as HostArgs).host}" in the Jails view.`);
    return host;
  }
  const hosts = tree.hostNodes();
  if (hosts.length === 1) return hosts[0];
  const picked = await vscode.window.showQuickPick(hosts.map((host) => ({ label: host.entry.name, description: host.entry.destination, host })), { title: pickTitle });
  return picked?.host;
}
