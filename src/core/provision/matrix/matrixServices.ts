/**
 * The matrix's services on a real host: the throwaway provisioner creates and destroys, the workspace sync
 * fills and refreshes document roots, the provisioner's HTTP probe asks for `/` through the SSH connection
 * (as the tunnel would), and the runner reads the PHP log from the host side.
 */
import { SyncShell, SyncSource, WorkspaceSync } from '../../sync/workspaceSync';
import type { ThrowawayMarker } from '../marker';
import type { ThrowawayProvisioner } from '../provisioner';
import { logTailCommand } from './logTail';
import type { MatrixJail, MatrixServices } from './phpMatrix';

export function matrixJail(marker: ThrowawayMarker): MatrixJail {
  return { name: marker.name, php: marker.php ?? '', path: marker.path, documentRoot: marker.documentRoot, address: marker.address, webPort: marker.webPort };
}

/** A sync of the workspace into a jail's document root (on the host: jail root + document root). */
export function jailSync(shell: SyncShell, jail: Pick<MatrixJail, 'path' | 'documentRoot'>, source: SyncSource): WorkspaceSync {
  return new WorkspaceSync(shell, { jailRoot: jail.path, directory: `${jail.path}${jail.documentRoot}` }, source);
}

/** Fills a new jail's document root while it is created (the provisioner gives its path on the host). */
export function populateFrom(shell: SyncShell, source: SyncSource): (hostPath: string, signal: AbortSignal) => Promise<void> {
  return async (hostPath, signal) => void (await new WorkspaceSync(shell, { jailRoot: hostPath, directory: hostPath }, source).syncAll(signal));
}

export function provisionerMatrixServices(provisioner: ThrowawayProvisioner, shell: SyncShell, source: SyncSource): MatrixServices {
  return {
    async create(spec, signal) {
      const result = await provisioner.create(spec, { signal, populateDocumentRoot: populateFrom(shell, source) });
      return result.ok ? { ok: true, jail: matrixJail(result.jail) } : { ok: false, message: `${result.stepTitle}: ${result.message}` };
    },
    async sync(jail, signal) {
      await jailSync(shell, jail, source).syncAll(signal);
    },
    request: (jail, signal) => provisioner.host.probeHttp(jail.address, jail.webPort ?? 80, signal),
    readLog: (_jail, path, offset, signal) => shell.run(logTailCommand(path, offset), { signal }),
    destroy: async (names) => (await provisioner.destroy(names)).map((o) => ({ name: o.name, ok: o.ok, message: o.message ?? (o.leftovers.length ? `left on the host: ${o.leftovers.join(', ')}` : undefined) })),
  };
}
