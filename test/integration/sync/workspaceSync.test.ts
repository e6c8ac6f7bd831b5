import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario, SimulatedHost, startSimulatedHost } from '../../host';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { SshConnection } from '../../../src/core/ssh/sshConnection';
import { SyncWatcher, WatchEvent } from '../../../src/core/sync/syncWatcher';
import { updateCommand } from '../../../src/core/sync/syncCommands';
import { WorkspaceSync } from '../../../src/core/sync/workspaceSync';
import { ClientHome, makeClientHome } from '../support/clientHome';

/** A jail's tree on the host, made by hand (the sync works on the host side, running jail or not). */
const jailRoot = '/usr/local/jails/throwaway/jails/synctest';
const documentRoot = `${jailRoot}/usr/local/www/apache24/data`;

describe('workspace sync against the simulated host', function () {
  this.timeout(120_000);
  let host: SimulatedHost;
  let home: ClientHome;
  let connection: SshConnection;
  let runner: CommandRunner;
  let folder: string;
  const onHost = (path: string) => join(host.rootDir, path);

  before(async () => {
    host = await startSimulatedHost(scenario({ zfs: false, latency: { delayMs: 0 } }));
    home = makeClientHome();
    home.writeConfig([`Host freebsd`, `  HostName ${host.host}`, `  Port ${host.port}`, `  User ${host.user}`,
      `  IdentityFile ${host.privateKeyPath}`, `  UserKnownHostsFile ${host.knownHostsFile}`, '  StrictHostKeyChecking yes', ''].join('\n'));
    connection = home.connection('freebsd');
    runner = new CommandRunner(connection, 'root');
  });
  after(async () => {
    connection?.close();
    home?.cleanup();
    await host?.stop();
  });
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'jails-ws-'));
    mkdirSync(join(folder, 'src'), { recursive: true });
    mkdirSync(join(folder, 'node_modules'), { recursive: true });
    writeFileSync(join(folder, 'index.php'), '<?php require "src/app.php";\n');
    writeFileSync(join(folder, 'src/app.php'), '<?php echo "hello";\n');
    writeFileSync(join(folder, "it's a file.txt"), 'odd name');
    writeFileSync(join(folder, 'node_modules/dep.js'), 'not sent');
    const made = await runner.runScript(`rm -rf ${jailRoot}; mkdir -p ${documentRoot}; echo '<h1>first page</h1>' > ${documentRoot}/index.html; mkdir -p ${documentRoot}/cache; echo kept > ${documentRoot}/cache/x`);
    assert.equal(made.exitCode, 0, made.stderr);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const newSync = () => new WorkspaceSync(runner, { jailRoot, directory: documentRoot }, { folder, filter: { include: ['**/*'], exclude: ['node_modules/**', 'cache/**'] } });

  it('uploads the selected files in one update, removes what the workspace lacks, keeps excluded files; a second run sends nothing', async () => {
    const first = await newSync().syncAll();
    assert.deepEqual([first.uploaded, first.deleted], [["index.php", "it's a file.txt", 'src/app.php'], ['index.html']]);
    assert.equal(readFileSync(onHost(`${documentRoot}/src/app.php`), 'utf8'), '<?php echo "hello";\n');
    assert.equal(readFileSync(onHost(`${documentRoot}/it's a file.txt`), 'utf8'), 'odd name');
    assert.equal(existsSync(onHost(`${documentRoot}/index.html`)), false);
    assert.equal(existsSync(onHost(`${documentRoot}/node_modules`)), false);
    assert.equal(readFileSync(onHost(`${documentRoot}/cache/x`), 'utf8'), 'kept\n');
    const second = await newSync().syncAll();
    assert.deepEqual([second.uploaded, second.deleted, second.bytesSent, second.unchanged], [[], [], 0, 3]);
  });

  it('watch: a saved file, and only it, reaches the host; a deleted folder is removed on the host', async () => {
    await newSync().syncAll();
    const events: WatchEvent[] = [];
    const watcher = new SyncWatcher(newSync(), (e) => events.push(e));
    try {
      writeFileSync(join(folder, 'src/app.php'), '<?php echo "changed";\n');
      watcher.changed('src/app.php');
      await watcher.settled();
      assert.deepEqual(events.map((e) => (e.kind === 'synced' ? e.report.uploaded : e.message)), [['src/app.php']]);
      assert.equal(readFileSync(onHost(`${documentRoot}/src/app.php`), 'utf8'), '<?php echo "changed";\n');
      writeFileSync(join(folder, 'index.php'), 'second save');
      watcher.changed('index.php');
      await watcher.settled();
      assert.equal(readFileSync(onHost(`${documentRoot}/index.php`), 'utf8'), 'second save');
      unlinkSync(join(folder, 'src/app.php'));
      rmSync(join(folder, 'src'), { recursive: true });
      watcher.deleted();
      await watcher.settled();
      assert.deepEqual(events.slice(2).map((e) => (e.kind === 'synced' ? e.report.deleted : e.message)), [['src/app.php']]);
      assert.equal(existsSync(onHost(`${documentRoot}/src`)), false, 'the emptied folder goes too');
    } finally {
      watcher.dispose();
    }
  });

  it('watch: a save after the link was cut reaches the host over a new connection', async () => {
    await newSync().syncAll();
    const events: WatchEvent[] = [];
    const watcher = new SyncWatcher(newSync(), (e) => events.push(e));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      host.proxy?.cut('reset');
      host.proxy?.restore();
      writeFileSync(join(folder, 'index.php'), 'after the cut');
      watcher.changed('index.php');
      await watcher.settled();
      assert.deepEqual(events.map((e) => (e.kind === 'synced' ? e.report.uploaded : e.message)), [['index.php']]);
      assert.equal(readFileSync(onHost(`${documentRoot}/index.php`), 'utf8'), 'after the cut');
    } finally {
      watcher.dispose();
    }
  });

  it('refuses a document root that leads outside the jail through a symbolic link', async () => {
    const made = await runner.runScript(`rm -rf ${documentRoot}; mkdir -p /var/outside; ln -s /var/outside ${documentRoot}`);
    assert.equal(made.exitCode, 0, made.stderr);
    await assert.rejects(newSync().syncAll(), /leads outside the jail/);
    assert.deepEqual(await runner.run({ argv: ['ls', '/var/outside'], parse: (out) => out }), '');
  });

  it('never deletes through a folder the jail turned into a symbolic link', async () => {
    const made = await runner.runScript([`mkdir -p /var/kept ${documentRoot}/own`, 'echo host > /var/kept/app.php', `echo jail > ${documentRoot}/own/app.php`,
      `ln -s /var/kept ${documentRoot}/src`].join('; '));
    assert.equal(made.exitCode, 0, made.stderr);
    await runner.run(updateCommand({ jailRoot, directory: documentRoot }, ['src/app.php', 'own/app.php'], undefined));
    assert.equal(readFileSync(onHost('/var/kept/app.php'), 'utf8'), 'host\n');
    assert.equal(existsSync(onHost(`${documentRoot}/own`)), false);
  });

  it('never uploads through a folder the jail turned into a symbolic link: refused by tar, with its words', async () => {
    const made = await runner.runScript(`mkdir -p /var/kept2; ln -s /var/kept2 ${documentRoot}/src`);
    assert.equal(made.exitCode, 0, made.stderr);
    await assert.rejects(newSync().syncAll(), /src\/app\.php: Cannot extract through symlink src\ntar: Error exit delayed from previous errors\./);
    assert.deepEqual(await runner.run({ argv: ['ls', '-A', '/var/kept2'], parse: (out) => out }), '');
  });
});
