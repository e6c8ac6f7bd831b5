/**
 * Up on a jail that exists: stopped (the host rebooted, or the user stopped it), Up starts it from its
 * private jail.conf and tunnels its ports again; a second Up changes nothing. A changed `ports` entry moves
 * the web server to the new first port and the tunnels to the new ports; a jail can be made on another port.
 */
import { strict as assert } from 'node:assert';
import { get } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironmentFile } from '../../../src/core/env/environmentFile';
import { specForEnvironment } from '../../../src/core/env/environmentSpec';
import { ConnectionTunnels } from '../../../src/core/env/environmentTunnels';
import { upEnvironment } from '../../../src/core/env/environmentUp';
import { scenario } from '../../host';
import { ssh, useSimulatedHost } from '../host/harness';
import { connect, Connected } from '../throwaway/support';

function page(localPort: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: localPort, path: '/' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const file = (stack: string, ports: string, name = 'web') => `environments:
  ${name}:
    host: freebsd
    stack: ${stack}
    php: "8.4"
    ports: ${ports}
`;

// Apache on a ZFS clone, nginx in a thin jail (whose private jail.conf mounts its template again when started).
for (const [stack, zfs] of [['apache-mod_php', true], ['nginx-php-fpm', false]] as const) {
  describe(`Up on an existing ${stack} jail (${zfs ? 'ZFS clone' : 'thin jail'}): stopped, or with changed ports`, function () {
    this.timeout(300_000);
    const host = useSimulatedHost(() => scenario({ zfs }));
    let c: Connected;
    let folder: string;
    let tunnels: ConnectionTunnels;
    before(async () => {
      c = await connect(host());
      tunnels = new ConnectionTunnels(c.connection);
      folder = mkdtempSync(join(tmpdir(), 'jails-env-'));
      writeFileSync(join(folder, 'index.php'), '<?php\necho "shop on PHP ", phpversion();\n');
    });
    after(async () => {
      await tunnels?.closeAll();
      c?.home.cleanup();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });
    const specOf = (text: string) => {
      const parsed = parseEnvironmentFile(text);
      assert.deepEqual(parsed.problems, []);
      return specForEnvironment(parsed.environments[0], 'shop');
    };
    const up = (ports: string, name?: string) => upEnvironment({ provisioner: c.provisioner, shell: c.runner, tunnels },
      specOf(file(stack, ports, name)), { folder, filter: { include: ['**/*'], exclude: [] } });

    it('Up on a stopped jail starts it through its jail.conf and opens its tunnel again; a second Up changes nothing', async () => {
      const created = await up('[80]');
      assert.equal(created.ok && created.action, 'created', created.summary);
      if (!created.ok) return;
      assert.match((await page(created.tunnels[0].localPort)).body, /shop on PHP 8\.4/);
      const stopped = await ssh(host(), `jail -f ${created.jail.conf} -r shop-web >/dev/null && jls -n name`);
      assert.equal(stopped.status, 0, stopped.stderr);
      assert.doesNotMatch(stopped.stdout, /shop-web/);
      // As the editor's registry does when a jail stops.
      for (const tunnel of tunnels.forJail('shop-web')) await tunnel.close();

      const restarted = await up('[80]');
      assert.ok(restarted.ok, restarted.summary);
      if (!restarted.ok) return;
      assert.deepEqual([restarted.action, restarted.started, restarted.tunnels.map((t) => [t.port, t.opened])], ['unchanged', true, [[80, true]]]);
      assert.match(restarted.summary, /^shop-web was stopped and is started again; shop-web is up to date; files up to date; tunnel localhost:\d+ → port 80$/);
      const running = await ssh(host(), 'jls -n name path');
      assert.match(running.stdout, new RegExp(`name=shop-web path=${created.jail.path}`));
      assert.match((await page(restarted.tunnels[0].localPort)).body, /shop on PHP 8\.4/);

      const again = await up('[80]');
      assert.ok(again.ok, again.summary);
      if (!again.ok) return;
      assert.deepEqual([again.action, again.started, again.tunnels], ['unchanged', false, [{ port: 80, localPort: restarted.tunnels[0].localPort, opened: false }]]);
      assert.equal(again.summary, 'shop-web is up to date; files up to date');
    });

    it('Up after a ports change moves the web server to the new first port and the tunnels to the new ports', async () => {
      const before = tunnels.forJail('shop-web').map((t) => t.localPort);
      const moved = await up('[8080, 8443]');
      assert.ok(moved.ok, moved.summary);
      if (!moved.ok) return;
      assert.equal(moved.action, 'updated');
      assert.match(moved.summary, /^shop-web: move the web server from port 80 to 8080; tunnel ports 8080, 8443; files up to date; tunnel localhost:\d+ → port 8080, localhost:\d+ → port 8443$/);
      assert.deepEqual(tunnels.forJail('shop-web').map((t) => t.remotePort).sort(), [8080, 8443]);
      assert.ok(!tunnels.forJail('shop-web').some((t) => before.includes(t.localPort)), 'the tunnel to port 80 is closed');
      assert.match((await page(moved.tunnels[0].localPort)).body, /shop on PHP 8\.4/);
      const config = stack === 'nginx-php-fpm' ? 'usr/local/etc/nginx/nginx.conf' : 'usr/local/etc/apache24/httpd.conf';
      const onHost = await ssh(host(), `grep -i -E '^ *listen' ${moved.jail.path}/${config}; cat ${moved.jail.conf.replace(/\.conf$/, '.json')}`);
      assert.match(onHost.stdout, stack === 'nginx-php-fpm' ? /^ +listen 8080;$/m : /^Listen 8080$/m);
      assert.doesNotMatch(onHost.stdout, /listen 80\b/i);
      assert.match(onHost.stdout, /"webPort":8080/);
      await assert.rejects(host().openConnection(moved.jail.address, 80), /ECONNREFUSED/);

      const unchanged = await up('[8080, 8443]');
      assert.deepEqual(unchanged.ok && [unchanged.action, unchanged.tunnels.map((t) => t.opened)], ['unchanged', [false, false]], unchanged.summary);

      const back = await up('[80]');
      assert.ok(back.ok, back.summary);
      if (!back.ok) return;
      assert.match(back.summary, /^shop-web: move the web server from port 8080 to 80; tunnel ports 80;/);
      assert.deepEqual(tunnels.forJail('shop-web').map((t) => t.remotePort), [80]);
      assert.match((await page(back.tunnels[0].localPort)).body, /shop on PHP 8\.4/);
      await assert.rejects(host().openConnection(back.jail.address, 8080), /ECONNREFUSED/);
    });

    it('a jail made with another first port serves there from the start', async () => {
      const created = await up('[8081]', 'alt');
      assert.ok(created.ok, created.summary);
      if (!created.ok) return;
      assert.equal(created.jail.webPort, 8081);
      assert.match((await page(created.tunnels[0].localPort)).body, /shop on PHP 8\.4/);
      await assert.rejects(host().openConnection(created.jail.address, 80), /ECONNREFUSED/);
      const again = await up('[8081]', 'alt');
      assert.equal(again.ok && again.action, 'unchanged', again.summary);
    });
  });
}
