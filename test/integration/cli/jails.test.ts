import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { demoScenario, scenario } from '../../host';
import { useSimulatedHost } from '../host/harness';

const cli = join(mkdtempSync(join(tmpdir(), 'jails-cli-')), 'jails.js');
buildSync({ entryPoints: [join(__dirname, '../../../src/cli/jails.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', external: ['cpu-features', '*/sshcrypto.node'], logLevel: 'error' });

function jails(args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'jails-home-')), SSH_AUTH_SOCK: '' } }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, status: error ? Number(error.code) : 0 }),
    );
  });
}

describe('the jails command line against the simulated host', function () {
  this.timeout(120000);
  const host = useSimulatedHost(() => demoScenario());
  const linux = useSimulatedHost(() => scenario({ linuxHost: true, jails: [] }));
  const auth = () => ['-i', host().privateKeyPath, '--known-hosts', host().knownHostsFile];

  after(() => rmSync(join(cli, '..'), { recursive: true, force: true }));

  it('probes the host', async () => {
    const r = await jails(['probe', `root@127.0.0.1:${host().port}`, ...auth()]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^FreeBSD 14\.\d-RELEASE/m);
    assert.match(r.stdout, /^user root, privilege root$/m);
    assert.match(r.stdout, /jls libxo yes, jail -e yes/);
  });

  it('lists running, stopped and Bastille jails, as a table and as JSON', async () => {
    const table = await jails(['ls', `root@127.0.0.1:${host().port}`, ...auth()]);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+STATE\s+JID\s+ADDRESS\s+MANAGER\s+PATH$/m);
    assert.match(table.stdout, /^www\s+running\s+\d+\s+127\.213\.0\.\d+/m);
    assert.match(table.stdout, /^build\s+stopped\s+-/m);
    const json = await jails(['ls', `root@127.0.0.1:${host().port}`, '--json', ...auth()]);
    const { jails: list } = JSON.parse(json.stdout) as { jails: { name: string; state: string; manager?: string }[] };
    assert.deepEqual(
      list.filter((j) => ['www', 'db', 'build', 'mail', 'bastion'].includes(j.name)).map((j) => [j.name, j.state, j.manager ?? '']),
      [['bastion', 'running', 'bastille'], ['build', 'stopped', ''], ['db', 'running', ''], ['mail', 'stopped', ''], ['www', 'running', '']],
    );
  });

  it('refuses an unknown host key instead of asking', async () => {
    const emptyKnownHosts = join(mkdtempSync(join(tmpdir(), 'jails-kh-')), 'known_hosts');
    writeFileSync(emptyKnownHosts, '');
    const r = await jails(['ls', `root@127.0.0.1:${host().port}`, '-i', host().privateKeyPath, '--known-hosts', emptyKnownHosts]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /SHA256:/);
    assert.equal(r.stdout, '');
  });

  it('refuses a host that is not FreeBSD', async () => {
    const r = await jails(['probe', `root@127.0.0.1:${linux().port}`, '-i', linux().privateKeyPath, '--known-hosts', linux().knownHostsFile]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /this host is not FreeBSD \(uname -s says "Linux"\)/);
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const r = await jails(['ls']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no HOST given\nusage: jails probe HOST/);
  });
});
