/**
 * The host's files over SFTP: reading, listing, atomic saves that keep FILE~, conflicts with changes made
 * on the host, and jail.conf checked by the host's own parser before it is replaced.
 */
import { strict as assert } from 'node:assert';
import { locateJailDefinition, remoteConfigFileSystem } from '../../../src/core/jails/jailBlock';
import { jailConfCheck } from '../../../src/core/jails/jailConfCheck';
import { RemoteFileError, RemoteFiles } from '../../../src/core/jails/remoteFiles';
import { onHost, useJailsHost } from './support';

const text = (data: Buffer) => data.toString('utf8');

describe('remote files over SFTP', function () {
  this.timeout(60_000);
  const env = useJailsHost();
  const files = () => new RemoteFiles(() => env().connection.sftp());

  it("reads the host's jail.conf and lists a jail's root", async () => {
    const conf = text(await files().readFile('/etc/jail.conf'));
    assert.match(conf, /^www \{/m);
    const entries = new Map(await files().readDirectory('/usr/local/jails/containers/www'));
    assert.equal(entries.get('etc'), 'directory');
    assert.equal(entries.get('.'), undefined);
    const stat = await files().stat('/etc/jail.conf');
    assert.equal(stat.type, 'file');
    assert.equal(stat.size, Buffer.byteLength(conf));
    await assert.rejects(files().readFile('/etc/nonexistent'), (e: RemoteFileError) => e.kind === 'not-found');
    await assert.rejects(files().readFile('/etc'), (e: RemoteFileError) => e.kind === 'is-a-directory');
  });

  it('saves atomically, keeping the previous version as FILE~ with the same mode', async () => {
    const { runner } = env();
    await onHost(runner, 'printf "one\\n" > /tmp/note.txt && chmod 640 /tmp/note.txt && rm -f /tmp/note.txt~');
    const stat = await files().writeFile('/tmp/note.txt', Buffer.from('two\n'), { create: false, overwrite: true });
    assert.equal(stat.size, 4);
    assert.equal(await onHost(runner, 'cat /tmp/note.txt; cat /tmp/note.txt~; stat -c %a /tmp/note.txt; ls -a /tmp | grep -c jails- || true'), 'two\none\n640\n0\n');
    await files().writeFile('/tmp/note.txt', Buffer.from('three\n'), { create: false, overwrite: true });
    assert.equal(await onHost(runner, 'cat /tmp/note.txt~'), 'two\n');
  });

  it('replaces the file a symbolic link points to, leaving the link', async () => {
    const { runner } = env();
    await onHost(runner, 'printf "a\\n" > /tmp/real.txt && ln -sf /tmp/real.txt /tmp/link.txt');
    await files().writeFile('/tmp/link.txt', Buffer.from('b\n'), { create: false, overwrite: true });
    assert.equal(await onHost(runner, 'cat /tmp/real.txt; [ -L /tmp/link.txt ] && echo link; cat /tmp/real.txt~'), 'b\nlink\na\n');
  });

  it('creates new files only when asked, and never overwrites unless asked', async () => {
    const { runner } = env();
    await onHost(runner, 'rm -f /tmp/new.txt');
    await assert.rejects(files().writeFile('/tmp/new.txt', Buffer.from('x'), { create: false, overwrite: true }), (e: RemoteFileError) => e.kind === 'not-found');
    await files().writeFile('/tmp/new.txt', Buffer.from('x'), { create: true, overwrite: false });
    assert.equal(await onHost(runner, 'cat /tmp/new.txt; [ -e /tmp/new.txt~ ] || echo " no backup"'), 'x no backup\n');
    await assert.rejects(files().writeFile('/tmp/new.txt', Buffer.from('y'), { create: true, overwrite: false }), (e: RemoteFileError) => e.kind === 'exists');
  });

  it('refuses to overwrite a file changed on the host since it was read', async () => {
    const { runner } = env();
    await onHost(runner, 'printf "mine\\n" > /tmp/shared.txt && touch -d "2020-01-01 00:00:00" /tmp/shared.txt');
    const read = await files().stat('/tmp/shared.txt');
    await onHost(runner, 'printf "theirs\\n" > /tmp/shared.txt');
    await assert.rejects(files().writeFile('/tmp/shared.txt', Buffer.from('mine, edited\n'), { create: false, overwrite: true, expected: read }),
      (e: RemoteFileError) => e.kind === 'conflict' && /changed on the host since it was opened/.test(e.message));
    assert.equal(await onHost(runner, 'cat /tmp/shared.txt'), 'theirs\n');
  });

  it('refuses to overwrite a change made on the host within the same second and of the same size', async () => {
    const { runner } = env();
    // One fixed second for both versions: what a change made within the second of the read looks like over
    // SFTP, whose times are whole seconds. (A second not yet reached by the clock that reads it, so the
    // version read is one the stat cannot vouch for, whenever the test runs.)
    const second = '2099-01-01 00:00:00';
    await onHost(runner, `printf "mine\\n" > /tmp/racy.txt && touch -d "${second}" /tmp/racy.txt && rm -f /tmp/racy.txt~`);
    const { content, version } = await files().readVersioned('/tmp/racy.txt');
    assert.equal(text(content), 'mine\n');
    await onHost(runner, `printf "them\\n" > /tmp/racy.txt && touch -d "${second}" /tmp/racy.txt`);
    assert.deepEqual(await files().stat('/tmp/racy.txt').then((s) => [s.mtime, s.size]), [version.mtime, version.size], 'the stat cannot tell');
    await assert.rejects(files().writeFile('/tmp/racy.txt', Buffer.from('mine, edited\n'), { create: false, overwrite: true, expected: version }),
      (e: RemoteFileError) => e.kind === 'conflict' && /changed on the host since it was opened/.test(e.message));
    assert.equal(await onHost(runner, 'cat /tmp/racy.txt; [ -e /tmp/racy.txt~ ] || echo no backup'), 'them\nno backup\n');
  });

  it('saves over a file whose stat is ambiguous when its content is still what was read', async () => {
    const { runner } = env();
    await onHost(runner, 'printf "mine\\n" > /tmp/same.txt && touch -d "2099-01-01 00:00:00" /tmp/same.txt');
    const { version } = await files().readVersioned('/tmp/same.txt');
    await onHost(runner, 'printf "mine\\n" > /tmp/same.txt && touch -d "2099-01-01 00:00:00" /tmp/same.txt');
    await files().writeFile('/tmp/same.txt', Buffer.from('mine, edited\n'), { create: false, overwrite: true, expected: version });
    assert.equal(await onHost(runner, 'cat /tmp/same.txt /tmp/same.txt~'), 'mine, edited\nmine\n');
  });

  it("checks a jail.conf with the host's jail -e before replacing it, naming the real file in its errors", async () => {
    const { runner } = env();
    const before = text(await files().readFile('/etc/jail.conf'));
    const check = async (candidate: string) => {
      const verdict = await runner.run(jailConfCheck(candidate, '/etc/jail.conf'));
      if (!verdict.ok) throw new RemoteFileError('refused', verdict.errors.map((e) => e.message).join('\n'));
    };
    const broken = before.replace('allow.raw_sockets;', 'allow.raw_sockets = "oops;');
    await assert.rejects(files().writeFile('/etc/jail.conf', Buffer.from(broken), { create: false, overwrite: true, check }),
      (e: RemoteFileError) => e.kind === 'refused' && /^\/etc\/jail\.conf line \d+: unterminated string$/.test(e.message));
    assert.equal(text(await files().readFile('/etc/jail.conf')), before, 'the refused text never reached the file');
    assert.equal(await onHost(runner, 'ls -a /etc | grep -c jails- || true'), '0\n', 'no candidate file left behind');
    const fixed = before.replace('allow.raw_sockets;', 'allow.raw_sockets;\n  # checked');
    await files().writeFile('/etc/jail.conf', Buffer.from(fixed), { create: false, overwrite: true, check });
    assert.equal(text(await files().readFile('/etc/jail.conf')), fixed);
    assert.equal(text(await files().readFile('/etc/jail.conf~')), before);
  });

  it('creates directories, renames, and deletes one file or empty directory at a time', async () => {
    const { runner } = env();
    await onHost(runner, 'rm -rf /tmp/tree');
    await files().createDirectory('/tmp/tree');
    await files().writeFile('/tmp/tree/a', Buffer.from('a'), { create: true, overwrite: false });
    await files().rename('/tmp/tree/a', '/tmp/tree/b', false);
    await assert.rejects(files().delete('/tmp/tree'));
    await files().delete('/tmp/tree/b');
    await files().delete('/tmp/tree');
    assert.equal(await onHost(runner, '[ -e /tmp/tree ] || echo gone'), 'gone\n');
  });

  it("finds a jail's block on the host, following /etc/jail.conf's include of jail.conf.d", async () => {
    const fs = remoteConfigFileSystem(files());
    const www = await locateJailDefinition('/etc/jail.conf', 'www', fs);
    assert.equal(www?.file, '/etc/jail.conf');
    assert.equal(text(await files().readFile('/etc/jail.conf')).split('\n')[www?.range.start.line ?? -1], 'www {');
    const db = await locateJailDefinition('/etc/jail.conf', 'db', fs);
    assert.deepEqual([db?.file, db?.range.start.line], ['/etc/jail.conf.d/db.conf', 0]);
  });
});
