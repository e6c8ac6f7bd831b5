import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemoteCommand } from '../../../src/core/ssh/remoteCommand';
import { SyncWatcher, WatchEvent } from '../../../src/core/sync/syncWatcher';
import { SyncShell, WorkspaceSync } from '../../../src/core/sync/workspaceSync';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A host that answers the listing with `remote` and records each update's deletions and archive. */
class RecordingShell implements SyncShell {
  updates: { deleted: string[]; archive?: Buffer }[] = [];
  started = 0;
  constructor(public remote: Record<string, string>) {}
  async run<T>(command: RemoteCommand<T>): Promise<T> {
    const script = command.argv[2];
    if (script.includes('sha256 -r')) {
      return command.parse(Object.entries(this.remote).map(([path, text]) => `${sha(text)} ./${path}\n`).join(''), '', 0);
    }
    this.started++;
    const archive = command.stdin === undefined ? undefined : Buffer.from(await command.stdin);
    this.updates.push({ deleted: command.argv.slice(7), archive });
    return command.parse('', '', 0);
  }
}

/** File names in a ustar archive (enough for these short names). */
function names(archive: Buffer | undefined): string[] {
  const found: string[] = [];
  for (let offset = 0; archive && offset + 512 <= archive.length;) {
    const name = archive.subarray(offset, offset + 100).toString().replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(archive.subarray(offset + 124, offset + 136).toString(), 8);
    found.push(name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

describe('workspace sync', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'jails-sync-'));
    mkdirSync(join(folder, 'lib'));
    mkdirSync(join(folder, 'node_modules'));
    writeFileSync(join(folder, 'index.php'), 'same');
    writeFileSync(join(folder, 'lib/new.php'), 'new');
    writeFileSync(join(folder, 'lib/changed.php'), 'changed here');
    writeFileSync(join(folder, 'node_modules/x.js'), 'never');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const target = { jailRoot: '/j/web', directory: '/j/web/usr/local/www/apache24/data' };
  const filter = { include: ['**/*'], exclude: ['node_modules/**', 'cache/**'] };

  it('sends only what differs from the host, and deletes only selected files gone here, in one update', async () => {
    const shell = new RecordingShell({ 'index.php': 'same', 'lib/changed.php': 'old', 'gone.php': 'x', 'cache/kept.bin': 'made by PHP' });
    const report = await new WorkspaceSync(shell, target, { folder, filter }).syncAll();
    assert.deepEqual([report.uploaded, report.deleted, report.unchanged], [['lib/changed.php', 'lib/new.php'], ['gone.php'], 1]);
    assert.equal(shell.updates.length, 1);
    assert.deepEqual(shell.updates[0].deleted, ['gone.php']);
    assert.deepEqual(names(shell.updates[0].archive), ['lib/changed.php', 'lib/new.php']);
  });

  it('does nothing when the host already has every file (a second sync changes nothing)', async () => {
    const shell = new RecordingShell({ 'index.php': 'same', 'lib/new.php': 'new', 'lib/changed.php': 'changed here' });
    const report = await new WorkspaceSync(shell, target, { folder, filter }).syncAll();
    assert.deepEqual([report.uploaded, report.deleted, report.bytesSent, shell.updates.length], [[], [], 0, 0]);
  });

  it('watch: a save goes to the receiver already waiting, which is replaced for the next save; unselected files are ignored', async () => {
    const shell = new RecordingShell({});
    const events: WatchEvent[] = [];
    const sync = new WorkspaceSync(shell, target, { folder, filter });
    const watcher = new SyncWatcher(sync, (e) => events.push(e));
    assert.equal(shell.started, 1, 'a receiver waits before any save');
    watcher.changed('node_modules/x.js');
    watcher.changed('lib/new.php');
    await watcher.settled();
    assert.deepEqual(events.map((e) => (e.kind === 'synced' ? e.report.uploaded : e.message)), [['lib/new.php']]);
    assert.deepEqual(names(shell.updates[0].archive), ['lib/new.php']);
    assert.equal(shell.started, 2, 'the next receiver is started');
    watcher.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(names(shell.updates[1].archive), [], 'the waiting receiver is ended with an empty archive');
  });

  it('watch: when the waiting receiver fails as it is fed, the save goes by an ordinary update', async () => {
    const shell = new RecordingShell({});
    const run = shell.run.bind(shell);
    let first = true;
    shell.run = async <T>(command: RemoteCommand<T>) => {
      if (first && command.stdin instanceof Promise) {
        first = false;
        await command.stdin;
        throw new Error('connection to freebsd lost');
      }
      return run(command);
    };
    const events: WatchEvent[] = [];
    const watcher = new SyncWatcher(new WorkspaceSync(shell, target, { folder, filter }), (e) => events.push(e));
    watcher.changed('index.php');
    await watcher.settled();
    assert.deepEqual(events.map((e) => (e.kind === 'synced' ? e.report.uploaded : e.message)), [['index.php']]);
    assert.deepEqual(names(shell.updates[0].archive), ['index.php']);
    watcher.dispose();
  });

  it('a save that changed nothing since the last upload sends nothing', async () => {
    const shell = new RecordingShell({});
    const sync = new WorkspaceSync(shell, target, { folder, filter });
    assert.deepEqual((await sync.update(['index.php'])).uploaded, ['index.php']);
    assert.deepEqual(await sync.update(['index.php']), { uploaded: [], deleted: [], unchanged: 1, bytesSent: 0 });
    writeFileSync(join(folder, 'index.php'), 'edited');
    assert.deepEqual((await sync.update(['index.php'])).uploaded, ['index.php']);
    assert.equal(shell.updates.length, 2);
  });

  it('watch: a deletion runs a full sync that deletes the missing selected files', async () => {
    const shell = new RecordingShell({ 'index.php': 'same', 'lib/new.php': 'new', 'lib/changed.php': 'changed here', 'old/a.php': 'a' });
    const events: WatchEvent[] = [];
    const watcher = new SyncWatcher(new WorkspaceSync(shell, target, { folder, filter }), (e) => events.push(e));
    watcher.deleted();
    await watcher.settled();
    assert.deepEqual(events.map((e) => (e.kind === 'synced' ? e.report.deleted : e.message)), [['old/a.php']]);
    watcher.dispose();
  });
});
