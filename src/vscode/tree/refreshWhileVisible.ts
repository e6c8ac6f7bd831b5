/**
 * The tree's slow poll (`jails.refreshInterval` seconds, 0 = off), running only while the Jails view is
 * visible and only for hosts that are connected: a disconnected host stays so until asked.
 */
import * as vscode from 'vscode';
import { RefreshSchedule } from '../../core/jails/refreshSchedule';
import type { HostsTreeProvider, TreeNode } from './hostsTreeProvider';

function intervalMs(): number {
  const seconds = vscode.workspace.getConfiguration('jails').get<number>('refreshInterval', 30);
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
}

export function refreshWhileVisible(tree: HostsTreeProvider, view: vscode.TreeView<TreeNode>): { schedule: RefreshSchedule; disposable: vscode.Disposable } {
  const schedule = new RefreshSchedule(() => {
    for (const host of tree.hostNodes()) if (host.session.state.kind === 'connected') void host.session.refresh();
  });
  schedule.setInterval(intervalMs());
  schedule.setVisible(view.visible);
  const disposable = vscode.Disposable.from(
    view.onDidChangeVisibility((e) => schedule.setVisible(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('jails.refreshInterval')) schedule.setInterval(intervalMs());
      if (e.affectsConfiguration('jails.tree')) tree.redraw();
    }),
    { dispose: () => schedule.dispose() },
  );
  return { schedule, disposable };
}
