import { strict as assert } from 'node:assert';
import { LatencyProxy, startLatencyProxy } from '../../host/latencyProxy';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { PrivilegeUnavailableError, RemoteCommand } from '../../../src/core/ssh/remoteCommand';
import { ScriptRunner } from '../../../src/core/hosts/hostSession';
import { ClientHome, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { installPrivilegeStandIns, LoopbackSshd, startSshd } from '../support/sshd';

/** Everything a terminal channel prints until it closes. */
function outputOf(channel: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    channel.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    channel.on('close', () => resolve(text));
  });
}

/** A command whose parser returns everything it saw. */
function raw(argv: string[], extra: Partial<RemoteCommand<unknown>> = {}): RemoteCommand<{ stdout: string; stderr: string; exitCode: number }> {
  return { argv, ...extra, parse: (stdout, stderr, exitCode) => ({ stdout, stderr, exitCode }) };
}

const awkward = ['', "it's", 'a "quoted" $HOME `id` *', 'wow!', 'tab\there', 'ünïcødé 日本 😀', '\\', ';|&<>()'];

describe('the command runner over a real sshd with a csh login shell', function () {
  this.timeout(60_000);
  let server: LoopbackSshd;
  let proxy: LatencyProxy;
  let home: ClientHome;
  let runner: CommandRunner;

  before(async () => {
    server = await startSshd({ shell: '/usr/bin/tcsh' });
    installPrivilegeStandIns(server);
    proxy = await startLatencyProxy(server.port, { delayMs: 0 });
  });
  after(async () => {
    await proxy?.close();
    await server?.stop();
  });
  beforeEach(() => {
    home = makeClientHome();
    home.writeKnownHosts(`[127.0.0.1]:${proxy.port} ${server.hostPublicKey}\n${knownHostsLineFor(server)}`);
    home.writeConfig(`Host web\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${server.user}\n  IdentityFile ${server.clientKeyPath}\n`);
    runner = new CommandRunner(home.connection('web'));
  });
  afterEach(() => home.cleanup());

  it('runs under a tcsh login shell, which cannot change what the words mean', async () => {
    const r = await runner.run(raw(['sh', '-c', 'echo "$0"; printf "%s|" "$@"', 'SHELL=$SHELL', ...awkward]));
    assert.equal(r.stdout, `SHELL=$SHELL\n${awkward.join('|')}|`);
    assert.equal((await runner.run(raw(['sh', '-c', 'echo $SHELL']))).stdout, '/usr/bin/tcsh\n');
  });

  it('hands its output to the command\'s parser, exit status included', async () => {
    const parsed = await runner.run({ argv: ['sh', '-c', 'echo 3; echo warn >&2; exit 2'], parse: (out, err, code) => `${out.trim()}/${err.trim()}/${code}` });
    assert.equal(parsed, '3/warn/2');
  });

  it('feeds standard input, and sends a newline-bearing command to /bin/sh -s, which csh cannot quote', async () => {
    assert.equal((await runner.run(raw(['cat'], { stdin: "one\n'two'!\n" }))).stdout, "one\n'two'!\n");
    const multiLine = await runner.run(raw(['printf', '%s|', 'line 1\nline 2', 'x'], { stdin: 'ignored by printf' }));
    assert.deepEqual(multiLine, { stdout: 'line 1\nline 2|x|', stderr: '', exitCode: 0 });
    const both = await runner.run(raw(['sh', '-c', 'cat; echo "[$1]"', 'sh', 'arg\nwith newline'], { stdin: 'no newline at the end' }));
    assert.equal(both.stdout, 'no newline at the end[arg\nwith newline]\n');
  });

  it('runs multi-line scripts over one exec channel, as hosts/HostSession expects', async () => {
    const scriptRunner: ScriptRunner = runner;
    const script = "x='it''s'\nfor i in 1 2 3; do\n  echo \"$i $x\"\ndone\nexit 4\n";
    const result = await scriptRunner.runScript(script);
    assert.deepEqual([result.stdout, result.exitCode], ['1 its\n2 its\n3 its\n', 4]);
  });

  it('runs scripts one after another in one standing shell, each with its own exact output, errors and status', async () => {
    const parentOf = async (script: string) => (await runner.runScript(`${script}\necho "parent $PPID"\n`)).stdout.split('parent ')[1];
    const first = await parentOf('true');
    const outputs = [];
    for (const script of ['printf "no newline"', 'echo out; echo err >&2; exit 3', 'if then fi', 'echo "$(cat)"', 'printf "\\n\\n"']) {
      const result = await runner.runScript(script);
      outputs.push([result.stdout, result.stderr.replace(/^.*(syntax error|unexpected).*\n$/s, 'SYNTAX\n'), result.exitCode]);
    }
    assert.deepEqual(outputs, [['no newline', '', 0], ['out\n', 'err\n', 3], ['', 'SYNTAX\n', 2], ['\n', '', 0], ['\n\n', '', 0]]);
    assert.equal(await parentOf('true'), first, 'the same shell ran them all');
  });

  it('runs a script elsewhere while the standing shell is busy, and opens a new one after a timeout', async () => {
    const parents = await Promise.all([1, 2].map(async () => (await runner.runScript('sleep 1; echo $PPID')).stdout));
    assert.notEqual(parents[0], parents[1]);
    const before = (await runner.runScript('echo $PPID')).stdout;
    await assert.rejects(runner.runScript('sleep 20', { timeoutMs: 300 }), /did not finish within 0\.3 s/);
    const after = (await runner.runScript('echo $PPID')).stdout;
    assert.notEqual(after, before);
    assert.equal((await runner.runScript('echo $PPID')).stdout, after);
  });

  it('prefixes privileged commands with doas -n or sudo -n per privilege mode, and only those', async () => {
    for (const mode of ['doas', 'sudo'] as const) {
      const privileged = await runner.withPrivilege(mode).run(raw(['id', '-un'], { privileged: true }));
      assert.deepEqual(privileged, { stdout: `${server.user}\n`, stderr: `${mode} ran: id -un\n`, exitCode: 0 });
      assert.equal((await runner.withPrivilege(mode).run(raw(['id', '-un']))).stderr, '');
      const script = await runner.withPrivilege(mode).runScript('echo in script\n', { privileged: true });
      assert.equal(script.stderr, `${mode} ran: /bin/sh -s\n`);
    }
    assert.equal((await runner.withPrivilege('root').run(raw(['id', '-un'], { privileged: true }))).stderr, '');
    await assert.rejects(runner.run(raw(['jail', '-c'], { privileged: true })), PrivilegeUnavailableError);
  });

  it('makes one TCP connection for many concurrent operations', async () => {
    const logBefore = server.log().length;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => runner.run(raw(['echo', String(i)]))));
    assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 40 }, (_, i) => `${i}\n`));
    assert.equal(proxy.activeConnections(), 1);
    assert.equal(server.log().slice(logBefore).match(/Accepted publickey/g)?.length, 1);
  });

  it('opens terminals on a pseudo-terminal', async () => {
    const channel = await runner.openTerminal(['sh', '-c', 'tty; stty size'], { rows: 33, cols: 101 });
    const output = await new Promise<string>((resolve) => {
      let text = '';
      channel.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      channel.on('close', () => resolve(text));
    });
    assert.match(output, /^\/dev\/pts\/\d+\r\n33 101\r\n$/);
  });

  it('opens further terminals on a session kept ready, each with its own size and command', async () => {
    for (const [rows, cols] of [[24, 80], [40, 120], [50, 132]]) {
      const channel = await runner.openTerminal(['sh', '-c', 'stty size; echo "[$1]"', 'sh', "it's $HOME"], { rows, cols });
      assert.equal(await outputOf(channel), `${rows} ${cols}\r\n[it's $HOME]\r\n`);
    }
  });

  it('gives the session kept for the next terminal back when a host with a low MaxSessions refuses a command', async () => {
    const tight = await startSshd({ maxSessions: 2 });
    const tightHome = makeClientHome();
    try {
      tightHome.writeKnownHosts(knownHostsLineFor(tight));
      tightHome.writeConfig(`Host tight\n  HostName 127.0.0.1\n  Port ${tight.port}\n  User ${tight.user}\n  IdentityFile ${tight.clientKeyPath}\n`);
      const tightRunner = new CommandRunner(tightHome.connection('tight'));
      const terminal = await tightRunner.openTerminal(['sh', '-c', 'echo ready; cat'], { rows: 24, cols: 80 });
      await new Promise((resolve) => terminal.once('data', resolve));
      assert.equal((await tightRunner.run(raw(['echo', 'still room']))).stdout, 'still room\n');
      terminal.close();
    } finally {
      tightHome.cleanup();
      await tight.stop();
    }
  });

  it('reuses one SFTP session', async () => {
    const connection = home.connection('web');
    const sftp = await connection.sftp();
    assert.equal(await connection.sftp(), sftp);
    const entries = await new Promise<string[]>((resolve, reject) => sftp.readdir(server.dir, (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))));
    assert.ok(entries.includes('authorized_keys'));
    assert.equal(proxy.activeConnections(), 1);
  });

  it('forwards a TCP connection from the host', async () => {
    const channel = await home.connection('web').forwardOut('127.0.0.1', server.port);
    const banner = await new Promise<string>((resolve) => channel.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    channel.close();
    assert.match(banner, /^SSH-2\.0-OpenSSH/);
  });
});
