/**
 * Start, Stop and Restart from the tree: asks before disruptive or multi-jail actions, runs each jail's
 * command (core jailLifecycle) with progress, shows FreeBSD's own error with a link to the jail.conf line it
 * names, writes the full output to the log, and refreshes the hosts it touched.
 */
import * as vscode from 'vscode';
import { LifecycleAction, LifecycleOutcome, LifecycleRefusal, lifecycleRemoteCommand } from '../../core/freebsd/jailLifecycle';
import { HostAccess, remoteUri } from './hostAccess';
import type { HostNode, JailNode } from './hostsTreeProvider';
import { jailTargets } from './jailTargets';

const verbs: Record<LifecycleAction, { title: string; doing: string; warning?: string }> = {
  start: { title: 'Start', doing: 'Starting' },
  stop: { title: 'Stop', doing: 'Stopping', warning: 'Its processes are ended; nothing is deleted.' },
  restart: { title: 'Restart', doing: 'Restarting', warning: 'Its processes are ended and started again; nothing is deleted.' },
};

export interface JailOutcome {
  jail: string;
  host: string;
  ok: boolean;
  summary: string;
}

export class LifecycleActions {
  constructor(
    private readonly access: HostAccess,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Returns what happened to each jail, or undefined when the user cancelled. */
  async run(action: LifecycleAction, clicked?: unknown, selected?: unknown): Promise<JailOutcome[] | undefined> {
    const targets = await jailTargets(this.access.tree, action, clicked, selected, `${verbs[action].title} which jail?`);
    if (!targets || targets.jails.length === 0) return undefined;
    if (!targets.confirmed && !(await this.confirm(action, targets.jails))) return undefined;
    const outcomes: JailOutcome[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${verbs[action].doing}…` }, async (progress) => {
      for (const node of targets.jails) {
        progress.report({ message: node.jail.name });
        outcomes.push(await this.runOne(action, node));
      }
    });
    const hosts = new Set<HostNode>(targets.jails.map((n) => n.host));
    await Promise.all([...hosts].map((host) => this.access.tree.refreshHost(host)));
    const done = outcomes.filter((o) => o.ok);
    if (done.length > 0) vscode.window.setStatusBarMessage(done.map((o) => o.summary).join(' '), 5000);
    return outcomes;
  }

  private async confirm(action: LifecycleAction, jails: JailNode[]): Promise<boolean> {
    const { title, warning } = verbs[action];
    if (!warning && jails.length === 1) return true;
    const names = jails.length === 1 ? jails[0].jail.name : `${jails.length} jails (${jails.map((n) => n.jail.name).join(', ')})`;
    const hosts = [...new Set(jails.map((n) => n.host.entry.name))].join(', ');
    const answer = await vscode.window.showWarningMessage(`${title} ${names} on ${hosts}?`, { modal: true, detail: warning }, title);
    return answer === title;
  }

  private async runOne(action: LifecycleAction, node: JailNode): Promise<JailOutcome> {
    const identity = { jail: node.jail.name, host: node.host.entry.name };
    let outcome: LifecycleOutcome;
    try {
      const installed = this.access.capabilities(node.host)?.managers.map((m) => m.name) ?? [];
      const command = lifecycleRemoteCommand(node.jail, action, installed);
      outcome = await (await this.access.runner(node.host)).run(command, { timeoutMs: 300_000 });
    } catch (error) {
      const summary = error instanceof Error ? error.message : String(error);
      if (error instanceof LifecycleRefusal) void vscode.window.showInformationMessage(summary);
      else void vscode.window.showErrorMessage(`Could not ${action} ${node.jail.name}: ${summary}`);
      return { ...identity, ok: false, summary };
    }
    this.log.info(`${node.host.entry.name}: ${action} ${node.jail.name}\n${outcome.output}`);
    if (!outcome.ok) void this.showFailure(node, outcome);
    return { ...identity, ok: outcome.ok, summary: outcome.summary };
  }

  private async showFailure(node: JailNode, outcome: LifecycleOutcome): Promise<void> {
    const located = outcome.errors.find((e) => e.file && e.line);
    const openLine = located ? `Open ${located.file} line ${located.line}` : undefined;
    const choice = await vscode.window.showErrorMessage(outcome.summary, ...(openLine ? [openLine] : []), 'Show Output');
    if (choice === 'Show Output') this.log.show(true);
    if (choice === openLine && located?.file && located.line) {
      const document = await vscode.workspace.openTextDocument(remoteUri(node.host, located.file));
      const line = located.line - 1;
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0), preview: false });
    }
  }
}
