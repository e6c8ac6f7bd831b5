/**
 * A throwaway provisioner for a host of the tree, made for each command from the host's current pooled
 * connection (a host removed and added again has a new one) and the jails.throwaway settings. Making one is
 * cheap: what creations on a host share is serialised per host by the core, not per provisioner.
 */
import * as vscode from 'vscode';
import { httpProbeOver } from '../../core/provision/httpProbe';
import { ThrowawayProvisioner } from '../../core/provision/provisioner';
import { provisionSettings } from '../../core/provision/settings';
import type { CommandRunner } from '../../core/ssh/commandRunner';
import type { HostAccess } from '../tree/hostAccess';
import type { HostNode } from '../tree/hostsTreeProvider';

export async function hostProvisioner(access: HostAccess, host: HostNode): Promise<{ provisioner: ThrowawayProvisioner; runner: CommandRunner }> {
  const runner = await access.runner(host);
  const capabilities = access.capabilities(host);
  if (!capabilities) throw new Error(`${host.entry.name} is not connected`);
  const connection = await access.connection(host);
  const config = vscode.workspace.getConfiguration('jails.throwaway');
  // The demo host is the simulated one, whose jails live on loopback addresses.
  const pool = host.entry.demo ? '127.213.0.0/24' : config.get<string>('addressPool');
  const settings = provisionSettings({ root: config.get<string>('root'), addressPool: pool, interfaceName: config.get<string>('interface') });
  const probeHttp = httpProbeOver((address, port, signal) => connection.forwardOut(address, port, { signal }));
  return { provisioner: new ThrowawayProvisioner({ name: host.entry.name, shell: runner, capabilities, probeHttp }, settings), runner };
}
