// code-server with the packaged extension and one simulated FreeBSD host in jails.hosts, named "lab": a home
// of its own whose known_hosts already trusts the host, no agent, and the Jails view open on the host's jails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageExtension } from '../../scripts/package.mjs';
import { demoScenario, Scenario, SimulatedHost, startSimulatedHost } from '../host';
import { openWorkbench, Workbench } from './workbench';

export interface LabWorkbench {
  host: SimulatedHost;
  workbench: Workbench;
  close(): Promise<void>;
}

/** `lab` is the demo scenario unless another is given. */
export async function openLabWorkbench(settings: Record<string, unknown> = {}, lab: Scenario = demoScenario()): Promise<LabWorkbench> {
  const host = await startSimulatedHost(lab);
  const home = mkdtempSync(join(tmpdir(), 'freebsd-jails-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(join(home, '.ssh/known_hosts'), `${host.knownHostsLine}\n`);
  const { vsixPath } = packageExtension({ quiet: true });
  const workbench = await openWorkbench(vsixPath, { HOME: home, SSH_AUTH_SOCK: '' }, {
    'jails.hosts': [{ name: 'lab', destination: `root@127.0.0.1:${host.port}`, identityFile: host.privateKeyPath }],
    ...settings,
  });
  await workbench.page.locator('.activitybar .action-item a[aria-label^="FreeBSD Jails"]').click();
  return {
    host,
    workbench,
    async close() {
      await workbench.close();
      await host.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
