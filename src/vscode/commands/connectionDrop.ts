/**
 * Disconnect, and Reconnect of a connected host, end what runs on the host's one connection: its terminals
 * and forwarded ports. When there are any, the user is asked first; callers that already asked (scripts,
 * tests) pass `confirmed`.
 */
import * as vscode from 'vscode';

export interface OpenOnConnection {
  terminals: { countOn(hostName: string): number };
  tunnels: { countOn(hostName: string): number };
}

const counted = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function alreadyConfirmed(clicked: unknown): boolean {
  return typeof clicked === 'object' && clicked !== null && (clicked as { confirmed?: unknown }).confirmed === true;
}

export async function confirmDroppingConnection(open: OpenOnConnection, hostName: string, action: 'Disconnect' | 'Reconnect', confirmed: boolean): Promise<boolean> {
  const terminals = open.terminals.countOn(hostName);
  const tunnels = open.tunnels.countOn(hostName);
  if (confirmed || terminals + tunnels === 0) return true;
  const what = [terminals ? counted(terminals, 'terminal') : '', tunnels ? counted(tunnels, 'forwarded port') : ''].filter(Boolean).join(' and ');
  const answer = await vscode.window.showWarningMessage(`${action} ${hostName}? Its ${what} will end.`, { modal: true }, action);
  return answer === action;
}
