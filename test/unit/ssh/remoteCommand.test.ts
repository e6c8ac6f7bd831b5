import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Invocation, planInvocation, planScript, PrivilegeMode, PrivilegeUnavailableError, privilegePrefix } from '../../../src/core/ssh/remoteCommand';

/** Stand-ins for doas and sudo that say who they are, then run the command (they need -n first). */
let standIns: string;
before(() => {
  standIns = mkdtempSync(join(tmpdir(), 'jails-priv-'));
  for (const name of ['doas', 'sudo']) {
    const path = join(standIns, name);
    writeFileSync(path, `#!/bin/sh\n[ "$1" = -n ] || { echo "${name}: would prompt" >&2; exit 1; }\nshift\necho "via ${name}" >&2\nexec "$@"\n`);
    chmodSync(path, 0o755);
  }
});
after(() => rmSync(standIns, { recursive: true, force: true }));

/** Runs an invocation the way sshd does: `loginShell -c commandLine`, stdin piped. */
function runLocally(invocation: Invocation, loginShell = '/usr/bin/tcsh') {
  const result = spawnSync(loginShell, ['-c', invocation.commandLine], {
    input: (invocation.stdin as string | undefined) ?? '', encoding: 'utf8', env: { PATH: `${standIns}:/usr/bin:/bin` },
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('privilegePrefix', () => {
  it('adds nothing for root, -n forms for doas and sudo, and refuses for none', () => {
    assert.deepEqual(privilegePrefix('root', 'jail'), []);
    assert.deepEqual(privilegePrefix('doas', 'jail'), ['doas', '-n']);
    assert.deepEqual(privilegePrefix('sudo', 'jail'), ['sudo', '-n']);
    assert.throws(() => privilegePrefix('none', 'jail'), (e: Error) => e instanceof PrivilegeUnavailableError && /"jail" needs root/.test(e.message));
  });
});

describe('planInvocation', () => {
  it('wraps argv as /bin/sh -c with one quoted word', () => {
    assert.deepEqual(planInvocation({ argv: ['jls', '--libxo', 'json'] }, 'none'), { commandLine: "'/bin/sh' '-c' ''\\''jls'\\'' '\\''--libxo'\\'' '\\''json'\\'''", stdin: undefined });
  });

  it('prefixes only privileged commands, per privilege mode', () => {
    const modes: PrivilegeMode[] = ['root', 'doas', 'sudo'];
    for (const mode of modes) {
      const r = runLocally(planInvocation({ argv: ['echo', 'started'], privileged: true }, mode));
      assert.equal(r.stdout, 'started\n');
      assert.equal(r.stderr, mode === 'root' ? '' : `via ${mode}\n`);
    }
    assert.equal(runLocally(planInvocation({ argv: ['echo', 'plain'] }, 'doas')).stderr, '');
    assert.throws(() => planInvocation({ argv: ['jail', '-c'], privileged: true }, 'none'), PrivilegeUnavailableError);
  });

  it('passes standard input through to the command', () => {
    const r = runLocally(planInvocation({ argv: ['cat'], stdin: "line 1\n'line 2'!\n" }, 'root'));
    assert.equal(r.stdout, "line 1\n'line 2'!\n");
  });

  it('sends a command with a newline in an argument on standard input to /bin/sh -s, csh or not', () => {
    for (const shell of ['/usr/bin/tcsh', '/bin/sh']) {
      const invocation = planInvocation({ argv: ['printf', '%s|', 'a\nb', "c'!d"], privileged: true }, 'sudo');
      assert.equal(invocation.commandLine, "'/bin/sh' '-s'");
      const r = runLocally(invocation, shell);
      assert.deepEqual([r.stdout, r.stderr, r.status], ["a\nb|c'!d|", 'via sudo\n', 0]);
    }
  });

  it('hands such a command its own standard input, exactly, and nothing of the script otherwise', () => {
    const fed = runLocally(planInvocation({ argv: ['sh', '-c', 'cat\n', 'x'], stdin: 'no newline at end' }, 'root'));
    assert.equal(fed.stdout, 'no newline at end');
    const unfed = runLocally(planInvocation({ argv: ['sh', '-c', 'cat; echo done\n'] }, 'root'));
    assert.equal(unfed.stdout, 'done\n');
  });

  it('keeps the exit status of the command', () => {
    assert.equal(runLocally(planInvocation({ argv: ['sh', '-c', 'exit 3'] }, 'root')).status, 3);
    assert.equal(runLocally(planInvocation({ argv: ['sh', '-c', 'exit 4\n'] }, 'root')).status, 4);
  });
});

describe('planScript', () => {
  it('sends a script to /bin/sh -s, under doas when privileged', () => {
    const script = "x='multi\nline'\necho \"$x\"\nexit 5\n";
    const plain = planScript(script, false, 'none');
    assert.deepEqual(plain, { commandLine: "'/bin/sh' '-s'", stdin: script });
    const r = runLocally(planScript(script, true, 'doas'));
    assert.deepEqual([r.stdout, r.stderr, r.status], ['multi\nline\n', 'via doas\n', 5]);
  });
});
