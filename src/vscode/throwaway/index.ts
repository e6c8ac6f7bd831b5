/** Throwaway jails in the editor: the New Throwaway Jail… wizard, Destroy and Destroy All. */
import * as vscode from 'vscode';
import type { HostAccess } from '../tree/hostAccess';
import type { TunnelRegistry } from '../tunnels/tunnelRegistry';
import { registerThrowawayCommands } from './throwawayCommands';

export function registerThrowawayJails(access: HostAccess, tunnels: TunnelRegistry, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return registerThrowawayCommands({ access, tunnels, log });
}
