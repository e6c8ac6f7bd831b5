// Workspace sync through the simulated host's 50 ms latency proxy: the initial upload of 1,000 files
// (20 MB), then single saves under Watch. "On the host" is the file's change time on the host, read from
// the simulated host's tree (same machine, same clock); bytes are counted on the client's TCP link.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario, startSimulatedHost } from '../test/host';
import { makeClientHome } from '../test/integration/support/clientHome';
import { CommandRunner } from '../src/core/ssh/commandRunner';
import { SyncWatcher } from '../src/core/sync/syncWatcher';
import { WorkspaceSync } from '../src/core/sync/workspaceSync';
import { median } from './stats';

const documentRoot = '/usr/local/jails/throwaway/jails/bench/usr/local/www/apache24/data';
const fileCount = 1000;
const totalBytes = 20 * 1024 * 1024;
const saves = 9;

/** A TCP relay that counts the bytes the client sends. */
async function countingRelay(port: number): Promise<{ port: number; sent: () => number; server: Server }> {
  let sent = 0;
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    client.on('data', (chunk: Buffer) => { sent += chunk.length; });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, sent: () => sent, server };
}

function workspace(): string {
  const folder = mkdtempSync(join(tmpdir(), 'jails-bench-sync-'));
  const size = Math.floor(totalBytes / fileCount);
  for (let i = 0; i < fileCount; i++) {
    const dir = join(folder, `module${i % 25}`, `part${i % 4}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `file${i}.php`), randomBytes(size));
  }
  return folder;
}

async function waitForChange(path: string, after: number): Promise<number> {
  for (;;) {
    try {
      const info = statSync(path);
      if (info.ctimeMs >= after) return info.ctimeMs;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export async function benchSync(): Promise<string[]> {
  const host = await startSimulatedHost(scenario({ zfs: false, latency: { delayMs: 50 } }));
  const relay = await countingRelay(host.port);
  const home = makeClientHome();
  const folder = workspace();
  const lines: string[] = [];
  try {
    home.writeConfig([`Host freebsd`, `  HostName ${host.host}`, `  Port ${relay.port}`, `  User ${host.user}`,
      `  IdentityFile ${host.privateKeyPath}`, `  UserKnownHostsFile ${home.knownHostsFile}`, ''].join('\n'));
    home.writeKnownHosts(host.knownHostsLine.replace(`:${host.port} `, `:${relay.port} `));
    const connection = home.connection('freebsd');
    const runner = new CommandRunner(connection, 'root');
    await runner.runScript(`mkdir -p ${documentRoot}`);
    const sync = () => new WorkspaceSync(runner, { jailRoot: documentRoot.replace(/\/usr\/local\/www.*$/, ''), directory: documentRoot },
      { folder, filter: { include: ['**/*'], exclude: [] } });

    let before = relay.sent();
    let started = Date.now();
    const initial = await sync().syncAll();
    lines.push(`sync initial: ${initial.uploaded.length} files, ${(totalBytes / 1048576).toFixed(0)} MB: ${Date.now() - started} ms, ${((relay.sent() - before) / 1048576).toFixed(1)} MB sent on the link`);
    before = relay.sent();
    started = Date.now();
    await sync().syncAll();
    lines.push(`sync again, nothing changed: ${Date.now() - started} ms, ${((relay.sent() - before) / 1024).toFixed(1)} KB sent`);

    const target = 'module7/part3/file7.php';
    const onHost = join(host.rootDir, documentRoot, target);
    for (const primed of [true, false]) {
      const landed: number[] = [];
      const acknowledged: number[] = [];
      const bytes: number[] = [];
      const watched = sync();
      const watcher = new SyncWatcher(watched, () => undefined);
      if (!primed) watched.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (let i = 0; i < saves; i++) {
        writeFileSync(join(folder, target), `<?php echo ${i};\n${'x'.repeat(2000)}\n`);
        const saved = Date.now();
        before = relay.sent();
        const onDisk = waitForChange(onHost, saved);
        watcher.changed(target);
        await watcher.settled();
        acknowledged.push(Date.now() - saved);
        landed.push(Math.max(0, (await onDisk) - saved));
        bytes.push(relay.sent() - before);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      watcher.dispose();
      const how = primed ? 'Watch, receiver waiting' : 'one exec per save';
      lines.push(`sync one saved file (${how}): on the host ${median(landed).toFixed(0)} ms after the save (target ≤ 300), `
        + `confirmed ${median(acknowledged)} ms, ${median(bytes)} bytes sent (median of ${saves})`);
    }
    connection.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
    relay.server.close();
    home.cleanup();
    await host.stop();
  }
  return lines;
}
