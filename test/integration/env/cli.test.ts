/** `jails up` and `jails down` on the simulated host: the same core as the editor's Up and Down. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { scenario } from '../../host';
import { useSimulatedHost } from '../host/harness';

const cli = join(mkdtempSync(join(tmpdir(), 'jails-cli-env-')), 'jails.js');
buildSync({ entryPoints: [join(__dirname, '../../../src/cli/jails.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', external: ['cpu-features', '*/sshcrypto.node'], logLevel: 'error' });

function jails(args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'jails-home-')), SSH_AUTH_SOCK: '' } }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, status: error ? Number(error.code) : 0 }),
    );
  });
}

describe('jails up and down against the simulated host', function () {
  this.timeout(300_000);
  const host = useSimulatedHost(() => scenario({ zfs: true }));
  const workspace = join(mkdtempSync(join(tmpdir(), 'jails-cli-ws-')), 'shop');
  const file = join(workspace, '.jails.yaml');
  const options = () => ['--host', `root@127.0.0.1:${host().port}`, '-i', host().privateKeyPath, '--known-hosts', host().knownHostsFile, '--pool', '127.213.0.0/24'];

  before(() => {
    mkdirSync(workspace, { recursive: true });
    writeFileSync(file, 'environments:\n  web:\n    host: lab\n    stack: nginx-php-fpm\n    php: "8.5"\n    sync: { exclude: [".jails.yaml"] }\n');
    writeFileSync(join(workspace, 'index.php'), '<?php echo "cli";\n');
  });
  after(() => {
    rmSync(join(cli, '..'), { recursive: true, force: true });
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  });

  it('up creates, up again changes nothing, a schema error is reported at its line, down destroys', async () => {
    const first = await jails(['up', file, ...options()]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^shop-web created at 127\.213\.0\.\d+; 1 file\(s\) uploaded, 1 deleted$/m, 'the stack\'s own first page gives way to the workspace');
    assert.match(first.stderr, /^tunnel its ports with: ssh -L 8080:127\.213\.0\.\d+:80 -p \d+ root@127\.0\.0\.1, then http:\/\/localhost:8080\/$/m);
    const second = await jails(['up', file, 'web', ...options()]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, 'shop-web is up to date; files up to date\n');
    writeFileSync(file, 'environments:\n  web:\n    host: lab\n    stack: nginx-php-fpm\n    php: 8.5\n');
    const invalid = await jails(['up', file, ...options()]);
    assert.deepEqual([invalid.status, invalid.stderr], [1, `${file}:5:10: environments.web.php must be string\n`]);
    const down = await jails(['down', file, '--json', ...options()]).catch(() => undefined);
    assert.equal(down?.status, 1, 'down reads the same file, and refuses it while it is invalid');
    writeFileSync(file, 'environments:\n  web:\n    host: lab\n    stack: nginx-php-fpm\n    php: "8.5"\n');
    const destroyed = await jails(['down', file, ...options()]);
    assert.deepEqual([destroyed.status, destroyed.stdout], [0, 'shop-web destroyed\n'], destroyed.stderr);
  });
});
