/**
 * Opens the extension's terminals: a login shell in a jail, one command in a jail, a log followed with
 * tail -F, and the host's own login shell. Each is an SSH pty on the host's one connection.
 */
import * as vscode from 'vscode';
import { jailCommandArgv, jailShellArgv, terminalRefusal, terminalTypeName } from '../../core/jails/jailShell';
import { followLogArgv } from '../../core/jails/jailLogs';
import type { TerminalRuns } from '../../core/jails/terminalSession';
import type { HostAccess } from '../tree/hostAccess';
import type { HostNode, JailNode } from '../tree/hostsTreeProvider';
import { SshPseudoterminal } from './sshPseudoterminal';

export class JailTerminals implements vscode.Disposable {
  private readonly open = new Map<vscode.Terminal, SshPseudoterminal>();
  private readonly hostOf = new Map<vscode.Terminal, string>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly access: HostAccess) {
    this.closing = vscode.window.onDidCloseTerminal((terminal) => {
      this.open.delete(terminal);
      this.hostOf.delete(terminal);
    });
  }

  /** What a terminal of ours has shown so far (for the extension tests). */
  transcript(terminal: vscode.Terminal): string | undefined {
    return this.open.get(terminal)?.transcript;
  }

  /** The terminals still open on a host's connection. */
  countOn(hostName: string): number {
    return [...this.hostOf.values()].filter((name) => name === hostName).length;
  }

  openJailShell(node: JailNode): vscode.Terminal {
    const refusal = terminalRefusal(node.jail);
    if (refusal) throw new Error(refusal);
    return this.start(`${node.jail.name} (${node.host.entry.name})`, node.host, jailShellArgv(node.jail.name), true, node.jail.name);
  }

  runInJail(node: JailNode, commandLine: string): vscode.Terminal {
    const refusal = terminalRefusal(node.jail);
    if (refusal) throw new Error(refusal);
    return this.start(`${node.jail.name}: ${commandLine}`, node.host, jailCommandArgv(node.jail.name, commandLine), true, node.jail.name, 'command');
  }

  followLog(host: HostNode, label: string, path: string): vscode.Terminal {
    const banner = `Following ${path} on ${host.entry.name}: new lines appear as they are written. Close the terminal to stop.`;
    return this.start(label, host, followLogArgv(path), this.access.capabilities(host)?.privilege !== 'none', undefined, 'shell', banner);
  }

  openHostShell(host: HostNode): vscode.Terminal {
    return this.start(host.entry.name, host, undefined, false);
  }

  private start(
    name: string, host: HostNode, argv: string[] | undefined, privileged: boolean, jailName?: string, runs: TerminalRuns = 'shell', banner?: string,
  ): vscode.Terminal {
    const pty = new SshPseudoterminal(
      async ({ columns, rows }) => (await this.access.runner(host)).openTerminal(argv, { cols: columns, rows, term: terminalTypeName, privileged, timeoutMs: 30_000 }),
      async () => {
        if (!jailName) return false;
        const state = await host.session.refreshAfterChange();
        return state.kind === 'connected' && !state.inventory.jails.some((j) => j.name === jailName && j.state === 'running');
      },
      runs,
      banner,
    );
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(jailName ? 'vm' : 'server') });
    this.open.set(terminal, pty);
    this.hostOf.set(terminal, host.entry.name);
    terminal.show();
    return terminal;
  }

  dispose(): void {
    this.closing.dispose();
  }
}
