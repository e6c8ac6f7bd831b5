/**
 * jail(8)'s notes, messages and exit statuses (freebsd-reference.md §1.11, §4.1), each produced byte for
 * byte by the simulated host: config lexer and grammar errors, includes, variables, values, paths,
 * commands, mounts, kernel refusals and privilege.
 */
import { strict as assert } from 'node:assert';
import { scenario, SimulatedHost } from '../../host/index';
import { makeJailRoot, ssh, SshResult, useSimulatedHost, writeRemoteFile } from './harness';

async function jailWithConfig(host: SimulatedHost, config: string, args = '-c a'): Promise<SshResult> {
  await writeRemoteFile(host, '/tmp/t.conf', config);
  return ssh(host, `jail -f /tmp/t.conf ${args}`);
}

const failsWith = (result: SshResult, stderr: string) => {
  assert.equal(result.stderr, stderr);
  assert.equal(result.status, 1);
};

describe('jail(8) notes, messages and exit statuses', () => {
  const host = useSimulatedHost(() => scenario({ jails: [{ name: 'www', running: false, configuredIn: 'jail.conf', ip4: '127.213.0.10' }] }));
  before(() => makeJailRoot(host(), '/j/a', 'a'));

  it('notes creation, refuses a second start, notes removal, then reports it gone', async () => {
    assert.deepEqual(await ssh(host(), 'jail -c www'), { stdout: 'www: created\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -c www'), { stdout: '', stderr: 'jail: "www" already exists\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jail -r www'), { stdout: 'www: removed\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -r www'), { stdout: '', stderr: 'jail: "www" not found\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'jail -q -c www && jail -q -r www'), { stdout: '', stderr: '', status: 0 });
  });

  it("writes /etc/rc's and /etc/rc.shutdown's messages to the console log (exec.consolelog)", async () => {
    const log = '/var/log/jail_console_www.log';
    assert.equal((await ssh(host(), `rm -f ${log}; jail -q -c www && jail -q -r www`)).status, 0);
    const lines = (await ssh(host(), `cat ${log}`)).stdout.split('\n');
    assert.deepEqual(lines.slice(0, 9), ['Setting hostname: www.', 'ELF ldconfig path: /lib /usr/lib', 'Updating /var/run/os-release done.',
      'Creating and/or trimming log files.', 'Updating motd:.', 'Clearing /tmp (X related).', 'Starting syslogd.', 'Starting cron.', '']);
    assert.match(lines[9], /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/);
    assert.deepEqual(lines.slice(10), ['Stopping cron.', 'Stopping syslogd.', '.', '']);
  });

  it('prints only the jid with -i, nothing for a command-line jail, and "updated" for -m from the config', async () => {
    const created = await ssh(host(), 'jail -i -c www');
    assert.match(created.stdout, /^\d+\n$/);
    assert.deepEqual(await ssh(host(), 'jail -c name=cl path=/j/a persist'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -m www'), { stdout: 'www: updated\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -m name=cl host.hostname=changed'), { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jls -j cl host.hostname')).stdout, 'changed\n');
    assert.equal((await ssh(host(), 'jail -r www cl')).stdout, 'www: removed\ncl: removed\n');
  });

  it('reports lexer errors with file and line', async () => {
    failsWith(await jailWithConfig(host(), 'a {\n  path = "/j/a;\n}\n'), 'jail: /tmp/t.conf line 2: unterminated string\n');
    failsWith(await jailWithConfig(host(), 'a { persist; }\n/* open\n'), 'jail: /tmp/t.conf line 2: unterminated comment\n');
    failsWith(await jailWithConfig(host(), 'a { path = "${x"; }\n'), 'jail: /tmp/t.conf line 1: unterminated variable\n');
  });

  it('reports grammar errors with the offending token, and a premature end', async () => {
    failsWith(await jailWithConfig(host(), 'foo.* { persist; }\n'), 'jail: /tmp/t.conf line 1: *: syntax error\n');
    failsWith(await jailWithConfig(host(), 'a {\n  persist\n}\n'), 'jail: /tmp/t.conf line 3: }: syntax error\n');
    failsWith(await jailWithConfig(host(), 'a { persist;\n'), 'jail: /tmp/t.conf: unexpected EOF\n');
  });

  it('handles .include: variables refused, missing files, depth, globs and relative paths', async () => {
    failsWith(await jailWithConfig(host(), '.include "$x.conf";\n'), "jail: /tmp/t.conf line 1: variables not permitted in '.include' filename\n");
    failsWith(await jailWithConfig(host(), '.include "/tmp/nonexistent.conf";\n'), 'jail: /tmp/nonexistent.conf: No such file or directory\n');
    failsWith(await jailWithConfig(host(), '.include "/tmp/t.conf";\n'), 'jail: maximum include depth exceeded\n');
    await writeRemoteFile(host(), '/tmp/sub.conf', 'a { path = "/j/a"; persist; }\n');
    const included = await jailWithConfig(host(), '.include "/tmp/none/*.conf";\n.include "sub.conf";\n');
    assert.deepEqual(included, { stdout: 'a: created\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'jail -q -r a')).status, 0);
    // Inside a block, the included file's parameters are the block's; a '}' in it is its own syntax error.
    await writeRemoteFile(host(), '/tmp/inner.conf', 'path = "/j/b";\npersist;\n');
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; }\nb {\n  .include "inner.conf";\n}\n', '-e "|"'),
      { stdout: 'name=a|path=/j/a\nname=b|path=/j/b|persist\n', stderr: '', status: 0 });
    await writeRemoteFile(host(), '/tmp/stray.conf', 'persist;\n}\n');
    failsWith(await jailWithConfig(host(), 'a {\n  path = "/j/a";\n  .include "stray.conf";\n}\n'), 'jail: /tmp/stray.conf line 2: }: syntax error\n');
  });

  it('reports variable errors', async () => {
    failsWith(await jailWithConfig(host(), 'a { path = "$nope"; persist; }\n'), 'jail: a: path: variable "nope" not found\n');
    failsWith(await jailWithConfig(host(), 'a { $x = "$y"; $y = "$x"; path = "$x"; persist; }\n'), 'jail: a: x: variable loop\n');
    failsWith(await jailWithConfig(host(), 'a { $l = "p", "q"; path = "/j/${l}x"; persist; }\n'), 'jail: a: path: array cannot be substituted inline\n');
    failsWith(await jailWithConfig(host(), 'a { $path = "/x"; path = "/j/a"; persist; }\n'), 'jail: a: variable "$path" cannot have the same name as a parameter.\n');
    failsWith(await jailWithConfig(host(), 'a { name = "b"; persist; }\n'), 'jail: a: cannot redefine parameter "name".\n');
  });

  it('reports bad values and unknown parameters', async () => {
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist = maybe; }\n'), 'jail: a: persist: unknown boolean value "maybe"\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist; exec.timeout = soon; }\n'), 'jail: a: exec.timeout: non-integer value "soon"\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist; nosuch = 1; }\n'), 'jail: a: unknown parameter: nosuch\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist; nopath; }\n'), 'jail: a: mismatched boolean: nopath\n');
    failsWith(await ssh(host(), 'jail -c name=x path=/j/a persist bogus.param=1'), 'jail: unknown parameter: bogus.param\n');
  });

  it('checks the path before creating', async () => {
    failsWith(await jailWithConfig(host(), 'a { path = "relative"; persist; }\n'), 'jail: a: path relative: not an absolute pathname\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/nonexistent"; persist; }\n'), 'jail: a: path /nonexistent: No such file or directory\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/etc/passwd"; persist; }\n'), 'jail: a: path /etc/passwd: Not a directory\n');
  });

  it('reports a failing command and undoes the creation', async () => {
    const result = await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "/usr/bin/false"; }\n');
    assert.deepEqual(result, { stdout: 'a: created\na: removed\n', stderr: 'jail: a: /usr/bin/false: failed\n', status: 1 });
    assert.equal((await ssh(host(), 'jls -N name')).stdout, '');
  });

  it('shows a failing command\'s own output, then only jail(8)\'s lines', async () => {
    const result = await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "echo starting; echo broken >&2; exit 3"; }\n');
    assert.deepEqual(result, { stdout: 'a: created\nstarting\na: removed\n', stderr: 'broken\njail: a: /bin/sh -c echo starting; echo broken >&2; exit 3: failed\n', status: 1 });
  });

  it('reports a command that cannot be executed as command.c\'s child does', async () => {
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "/usr/bin/nothere start"; }\n'),
      { stdout: 'a: created\na: removed\n', stderr: 'jail: a: exec /usr/bin/nothere: No such file or directory\njail: a: /usr/bin/nothere start: failed\n', status: 1 });
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "nothere"; }\n'),
      { stdout: 'a: created\na: removed\n', stderr: 'jail: a: exec nothere: No such file or directory\njail: a: nothere: failed\n', status: 1 });
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "/etc/rc.conf"; }\n'),
      { stdout: 'a: created\na: removed\n', stderr: 'jail: a: exec /etc/rc.conf: Permission denied\njail: a: /etc/rc.conf: failed\n', status: 1 });
    await ssh(host(), "printf '#!/usr/local/bin/bash\\necho never\\n' > /j/a/etc/start.bash && chmod 755 /j/a/etc/start.bash");
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; exec.start = "/etc/start.bash"; }\n'),
      { stdout: 'a: created\na: removed\n', stderr: 'jail: a: exec /etc/start.bash: No such file or directory\njail: a: /etc/start.bash: failed\n', status: 1 });
    assert.deepEqual(await jailWithConfig(host(), 'a { path = "/j/a"; persist; exec.prestart = "/nonexistent/prepare"; }\n'),
      { stdout: '', stderr: 'jail: a: exec /nonexistent/prepare: No such file or directory\njail: a: /nonexistent/prepare: failed\n', status: 1 });
    assert.equal((await ssh(host(), 'jls -N name')).stdout, '');
  });

  it('reports mount errors', async () => {
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist; mount.fstab = "/nonexistent.fstab"; }\n'), 'jail: a: mount.fstab: /nonexistent.fstab: No such file or directory\n');
    failsWith(await jailWithConfig(host(), 'a { path = "/j/a"; persist; mount = "onlyone"; }\n'), 'jail: a: mount: onlyone: missing information\n');
  });

  it('refuses to change a create-only parameter of a running jail', async () => {
    assert.equal((await jailWithConfig(host(), 'a { path = "/j/a"; persist; }\n', '-q -c a')).status, 0);
    failsWith(await jailWithConfig(host(), 'a { path = "/"; persist; }\n', '-m a'), 'jail: a: path cannot be changed after creation\n');
    assert.equal((await ssh(host(), 'jail -q -r a')).status, 0);
  });

  it('passes on the kernel refusals', async () => {
    failsWith(await ssh(host(), 'jail -c name=123 path=/j/a persist'), 'jail: name cannot be numeric (unless it is the jid)\n');
    failsWith(await ssh(host(), 'jail -c name=v path=/j/a vnet ip4.addr=127.213.0.99 persist'), 'jail: vnet jails cannot have IP address restrictions\n');
    failsWith(await ssh(host(), 'jail -c name=nop.child path=/j/a persist'), 'jail: jail "nop" not found\n');
    failsWith(await ssh(host(), 'jail -c name=z path=/j/a osreldate=0 persist'), 'jail: osreldate cannot be 0\n');
    assert.equal((await ssh(host(), 'jail -c jid=5 name=x1 path=/j/a ip4.addr=127.213.0.50 persist')).status, 0);
    failsWith(await ssh(host(), 'jail -c name=x2 path=/j/a ip4.addr=127.213.0.50 persist'), 'jail: IPv4 addresses clash\n');
    failsWith(await ssh(host(), 'jail -c jid=5 name=x3 path=/j/a persist'), 'jail: "5" already exists\n');
    assert.equal((await ssh(host(), 'jail -r x1')).status, 0);
  });

  it('prints the configured jails with -e (5BSD jail_config_test sample)', async () => {
    const config = '$empty = "";\na { path = "/srv/a"; host.hostname = "pre${empty}post"; exec.start = "${empty}"; }\n'
      + 'a.child { path = "/srv/$name"; host.hostname = "child"; }\n';
    const result = await jailWithConfig(host(), config, "-e '|'");
    assert.deepEqual(result, { stdout: 'name=a|path=/srv/a|host.hostname=prepost|exec.start=""\nname=a.child|path=/srv/a.child|host.hostname=child\n', stderr: '', status: 0 });
  });

  it('starts dependencies first, skips running jails when starting all, and stops dependents first', async () => {
    const config = 'a { path = "/j/a"; persist; depend = b; }\nb { path = "/j/a"; persist; }\n';
    assert.deepEqual(await jailWithConfig(host(), config, '-c a'), { stdout: 'b: created\na: created\n', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'jail -f /tmp/t.conf -c'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), "jail -f /tmp/t.conf -r '*'"), { stdout: 'a: removed\nb: removed\n', stderr: '', status: 0 });
  });

  it('prints its usage for an incomplete command line', async () => {
    const result = await ssh(host(), 'jail');
    assert.ok(result.stderr.startsWith('usage: jail [-dhilqv] [-J jid_file] [-u username] [-U username]\n'), result.stderr);
    assert.equal(result.status, 1);
    assert.equal((await ssh(host(), 'jail -r')).status, 1);
  });
});

describe('jail(8) as a user without privilege', () => {
  const host = useSimulatedHost(() => scenario({ doasUser: 'deploy' }));

  it('cannot create or remove jails but can list them', async () => {
    failsWith(await ssh(host(), 'jail -c name=t path=/ persist', { user: 'deploy' }), 'jail: jail_set: Operation not permitted\n');
    assert.equal((await ssh(host(), 'jail -c name=t path=/ persist')).status, 0);
    failsWith(await ssh(host(), 'jail -r t', { user: 'deploy' }), 'jail: t: jail_remove: Operation not permitted\n');
    assert.equal((await ssh(host(), 'jls name', { user: 'deploy' })).stdout, 't\n');
  });
});
