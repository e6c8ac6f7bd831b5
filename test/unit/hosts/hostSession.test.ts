import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { HostSession, HostState, ScriptRunner } from '../../../src/core/hosts/hostSession';

/** Runs scripts in this machine's own sh: a real shell, and a host that is not FreeBSD. */
const localShell: ScriptRunner = {
  runScript: (script) =>
    new Promise((resolve) => {
      const child = execFile('/bin/sh', ['-s'], (error, stdout) => resolve({ stdout, exitCode: error ? 1 : 0 }));
      child.stdin?.end(script);
    }),
};

function cannedFreeBSD(calls: string[]): ScriptRunner {
  return {
    async runScript(script) {
      const nonce = /@@(\w+) begin/.exec(script)?.[1] ?? '';
      const section = (name: string, body: string) => `@@${nonce} begin ${name}\n${body}\n@@${nonce} end ${name} 0`;
      calls.push(script.includes('freebsd-version') ? 'probe' : 'inventory');
      await new Promise((r) => setTimeout(r, 5));
      if (script.includes('freebsd-version')) {
        const answers: Record<string, string> = {
          uname: 'FreeBSD', version: '15.0-RELEASE\n15.0-RELEASE', osreldate: '1500068', jailed: '0', vimage: '1', params: '',
          zpools: '', libxo: 'yes', 'jail-e': 'no', managers: '', user: 'root\n0', privilege: '',
        };
        return { stdout: Object.entries(answers).map(([k, v]) => section(k, v)).join('\n'), exitCode: 0 };
      }
      const jls = '{"__version": "2", "jail-information": {"jail": [{"jid":"1","name":"www","host.hostname":"www","path":"/j/www","dying":false}]}}';
      return { stdout: [section('jls', jls), section('rcconf', ''), section('config-texts', '')].join('\n'), exitCode: 0 };
    },
  };
}

describe('HostSession', () => {
  it('refuses a host that is not FreeBSD, through a real shell', async () => {
    const session = new HostSession('linux', async () => localShell);
    const state = await session.refresh();
    assert.equal(state.kind, 'failed');
    assert.match((state as { message: string }).message, /^this host is not FreeBSD \(uname -s says "Linux"\)$/);
  });

  it('probes once, then costs one round trip per refresh, shared by concurrent callers', async () => {
    const calls: string[] = [];
    const seen: HostState['kind'][] = [];
    const session = new HostSession('bsd', async () => cannedFreeBSD(calls));
    session.onDidChange((s) => seen.push(s.kind));
    const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
    assert.equal(a, b);
    assert.deepEqual(calls, ['probe', 'inventory']);
    assert.equal(a.kind, 'connected');
    if (a.kind === 'connected') {
      assert.equal(a.capabilities.kernelVersion, '15.0-RELEASE');
      assert.deepEqual(a.inventory.jails.map((j) => j.name), ['www']);
    }
    await session.refresh();
    assert.deepEqual(calls, ['probe', 'inventory', 'inventory']);
    assert.deepEqual(seen, ['connecting', 'connected', 'connected']);
  });

  it('reads the host again after a change, even while a refresh that began before the change is in flight', async () => {
    let jailRunning = false;
    let inventoriesStarted = 0;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => { releaseFirst = resolve; });
    const canned = cannedFreeBSD([]);
    const host: ScriptRunner = {
      async runScript(script) {
        if (script.includes('freebsd-version')) return canned.runScript(script);
        inventoriesStarted++;
        const running = jailRunning;
        if (inventoriesStarted === 2) await firstHeld;
        const answer = await canned.runScript(script);
        return running ? answer : { ...answer, stdout: answer.stdout.replace(/\{"jid".*?\}/, '') };
      },
    };
    const session = new HostSession('bsd', async () => host);
    await session.refresh();
    const poll = session.refresh();
    await new Promise((r) => setTimeout(r, 20));
    jailRunning = true;
    const afterStart = session.refreshAfterChange();
    const alsoAfterStart = session.refreshAfterChange();
    releaseFirst();
    const [polled, fresh, shared] = await Promise.all([poll, afterStart, alsoAfterStart]);
    const names = (s: HostState) => (s.kind === 'connected' ? s.inventory.jails.map((j) => j.name) : []);
    assert.deepEqual(names(polled), [], 'the poll read the host before the start');
    assert.deepEqual(names(fresh), ['www']);
    assert.equal(fresh, shared);
    assert.equal(inventoriesStarted, 3);
    assert.equal(await session.refreshAfterChange() === fresh, false, 'with nothing in flight it reads the host once more');
  });

  it('turns a failed connection into a state with its message, and tries again on the next refresh', async () => {
    let attempts = 0;
    const session = new HostSession('down', async () => {
      attempts++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    });
    assert.deepEqual(await session.refresh(), { kind: 'failed', message: 'connect ECONNREFUSED 127.0.0.1:1', capabilities: undefined });
    await session.refresh();
    assert.equal(attempts, 2);
  });
});
