import * as vscode from 'vscode';
import type { InventoryJail } from '../../core/hosts/inventory';
import type { HostState } from '../../core/hosts/hostSession';
import { jailContextValue } from '../../core/jails/jailCapabilities';
import { primaryAddress } from '../../core/jails/jailAddress';
import type { JailGroup, ManagerGroupKey } from '../../core/jails/jailGroups';
import type { PortTunnel } from '../../core/ssh/portTunnel';

const stateIcons: Record<InventoryJail['state'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('testing.iconPassed')),
  stopped: new vscode.ThemeIcon('circle-outline'),
  dying: new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('list.warningForeground')),
};

/** The extension's throwaway jails show a flask (the New Throwaway Jail… icon), in their state's colour. */
const throwawayIcons: Record<InventoryJail['state'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('beaker', new vscode.ThemeColor('testing.iconPassed')),
  stopped: new vscode.ThemeIcon('beaker'),
  dying: stateIcons.dying,
};

function markdownCode(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

export function jailDescription(jail: InventoryJail): string {
  return [primaryAddress(jail), jail.running?.osrelease, jail.manager].filter(Boolean).join(' · ');
}

function configValue(jail: InventoryJail, key: string): string | undefined {
  const v = jail.config?.parameters[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function jailTooltip(jail: InventoryJail): vscode.MarkdownString {
  const rows: [string, string | undefined][] = [
    ['State', jail.state],
    ['JID', jail.running ? String(jail.running.jid) : undefined],
    ['Path', jail.running?.path || configValue(jail, 'path')],
    ['Hostname', jail.running?.hostname || configValue(jail, 'host.hostname')],
    ['IPv4', jail.running ? jail.running.ip4.join(', ') : configValue(jail, 'ip4.addr')],
    ['IPv6', jail.running ? jail.running.ip6.join(', ') : configValue(jail, 'ip6.addr')],
    ['Release', jail.running?.osrelease],
    ['exec.start', configValue(jail, 'exec.start')],
    ['Manager', jail.manager],
    ['Configured in', jail.config?.source.file],
    ['Started at boot', jail.enabledAtBoot ? 'yes (jail_list)' : undefined],
  ];
  const md = new vscode.MarkdownString(`**${jail.name}**\n\n`);
  md.appendMarkdown(rows.filter(([, v]) => v).map(([k, v]) => `${k}: ${markdownCode(v as string)}`).join('  \n'));
  return md;
}

export function jailTreeItem(hostName: string, jail: InventoryJail, canBecomeRoot: boolean, hasTunnels: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(jail.name, hasTunnels ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `jail:${hostName}/${jail.name}`;
  item.description = jailDescription(jail);
  item.iconPath = (jail.manager === 'throwaway' ? throwawayIcons : stateIcons)[jail.state];
  item.tooltip = jailTooltip(jail);
  item.contextValue = jailContextValue(jail, canBecomeRoot);
  return item;
}

/** A group shows its state in the jails' own colours without their motion, or a sign of its manager. */
const stateGroupIcons: Record<InventoryJail['state'], vscode.ThemeIcon> = {
  running: stateIcons.running,
  stopped: stateIcons.stopped,
  dying: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
};

const managerGroupIcons: Record<ManagerGroupKey, vscode.ThemeIcon> = {
  'jail.conf': new vscode.ThemeIcon('file-code'),
  bastille: new vscode.ThemeIcon('package'),
  iocage: new vscode.ThemeIcon('package'),
  appjail: new vscode.ThemeIcon('package'),
  pot: new vscode.ThemeIcon('package'),
  throwaway: new vscode.ThemeIcon('beaker'),
  unconfigured: new vscode.ThemeIcon('terminal'),
};

const managerGroupTooltips: Record<ManagerGroupKey, string> = {
  'jail.conf': 'Jails configured in /etc/jail.conf, its includes or /etc/jail.conf.d (started by rc.d/jail)',
  bastille: 'Jails made by Bastille',
  iocage: 'Jails made by iocage',
  appjail: 'Jails made by AppJail',
  pot: 'Jails made by pot',
  throwaway: 'Throwaway jails this extension made',
  unconfigured: 'Running jails that no configuration file describes (created by hand with jail -c)',
};

export function groupTreeItem(hostName: string, group: JailGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${hostName}/${group.by}/${group.key}`;
  item.iconPath = group.by === 'state' ? stateGroupIcons[group.key] : managerGroupIcons[group.key];
  const count = group.jails.length;
  item.tooltip = group.by === 'state' ? `${count} ${group.key} ${count === 1 ? 'jail' : 'jails'} on ${hostName}` : managerGroupTooltips[group.key];
  item.contextValue = 'group';
  return item;
}

export function tunnelTreeItem(hostName: string, jailName: string, tunnel: PortTunnel): vscode.TreeItem {
  const item = new vscode.TreeItem(`localhost:${tunnel.localPort} → ${tunnel.remoteHost}:${tunnel.remotePort}`, vscode.TreeItemCollapsibleState.None);
  item.id = `tunnel:${hostName}/${jailName}/${tunnel.localPort}`;
  item.iconPath = new vscode.ThemeIcon('plug');
  item.description = 'forwarded';
  item.tooltip = `http://127.0.0.1:${tunnel.localPort}/ reaches port ${tunnel.remotePort} of ${jailName} over the host's SSH connection.`;
  item.contextValue = 'tunnel';
  item.command = { command: 'jails.openTunnelInBrowser', title: 'Open in Browser', arguments: [{ localPort: tunnel.localPort }] };
  return item;
}

export function hostPresentation(state: HostState): { description: string; icon: vscode.ThemeIcon; context: string } {
  switch (state.kind) {
    case 'idle':
      return { description: 'disconnected', icon: new vscode.ThemeIcon('debug-disconnect'), context: 'host disconnected' };
    case 'connecting':
      return { description: 'connecting…', icon: new vscode.ThemeIcon('loading~spin'), context: 'host connecting' };
    case 'connected': {
      const count = state.inventory.jails.length;
      return {
        description: `FreeBSD ${state.capabilities.userlandVersion} · ${count} ${count === 1 ? 'jail' : 'jails'}`,
        icon: new vscode.ThemeIcon('server'),
        context: 'host connected',
      };
    }
    case 'failed':
      return { description: state.message.split('\n')[0], icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')), context: 'host failed' };
  }
}
