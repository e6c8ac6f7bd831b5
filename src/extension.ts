import * as vscode from 'vscode';
import { ConnectionPool } from './core/ssh/connectionPool';
import { nodeLocalSystem } from './core/ssh/localSystem';
import { registerHostCommands } from './vscode/commands/hostCommands';
import { JailsApi, registerJailFeatures } from './vscode/commands/jailCommands';
import { DemoHost } from './vscode/demoHost';
import { editorPrompts, registerPassphraseCommands } from './vscode/editorPrompts';
import { HostConnections } from './vscode/hostConnections';
import { onHostsChanged } from './vscode/hostSettings';
import { JailConfLanguage, registerJailConfLanguage } from './vscode/language';
import { HostsTreeProvider } from './vscode/tree/hostsTreeProvider';
import { EnvironmentsApi, registerEnvironments } from './vscode/env';
import { HostAccess } from './vscode/tree/hostAccess';
import { registerThrowawayJails } from './vscode/throwaway';

/** What activate() returns: the live objects behind the UI, for the extension tests to read real state. */
export interface ExtensionApi {
  hostsTree: HostsTreeProvider;
  jailConf: JailConfLanguage;
  jails: JailsApi;
  environments: EnvironmentsApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('FreeBSD Jails', { log: true });
  const pool = new ConnectionPool({ system: nodeLocalSystem(), prompts: editorPrompts(context.secrets), log: (host, line) => log.info(`${host}: ${line}`) });
  const demo = new DemoHost(context.extensionPath, (line) => log.info(line));
  const connections = new HostConnections(pool, demo);
  const hostsTree = new HostsTreeProvider(connections.connect, (line) => log.error(line));
  const jailConf = registerJailConfLanguage(context);
  const hostsView = vscode.window.createTreeView('jails.hosts', { treeDataProvider: hostsTree, showCollapseAll: true, canSelectMany: true });
  const jails = registerJailFeatures({ tree: hostsTree, view: hostsView, connections, demo, log, jailConf });
  const environments = registerEnvironments(new HostAccess(hostsTree, connections, demo), jails.api.tunnels, (line) => log.info(line));
  context.subscriptions.push(
    log,
    { dispose: () => pool.closeAll() },
    demo,
    hostsTree,
    hostsView,
    onHostsChanged(() => hostsTree.refresh()),
    ...registerHostCommands(hostsTree, connections, demo, jails.api),
    registerPassphraseCommands(context.secrets),
    ...jails.disposables,
    ...environments.disposables,
    ...registerThrowawayJails(new HostAccess(hostsTree, connections, demo), jails.api.tunnels, log),
  );
  return { hostsTree, jailConf, jails: jails.api, environments: { matrix: environments.matrix, watching: environments.watching } };
}

export function deactivate(): void {}
