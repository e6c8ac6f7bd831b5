import { strict as assert } from 'node:assert';
import { ConnectionPool } from '../../../src/core/ssh/connectionPool';
import { CommandRunner } from '../../../src/core/ssh/commandRunner';
import { nonInteractivePrompts } from '../../../src/core/ssh/prompts';
import type { DemoHost } from '../../../src/vscode/demoHost';
import { HostConnections } from '../../../src/vscode/hostConnections';
import { ClientHome, hostBlock, knownHostsLineFor, makeClientHome } from '../support/clientHome';
import { LoopbackSshd, startSshd } from '../support/sshd';

/** Edit Host Destination… checks the new destination before saving it; a failed check leaves the host as it was. */
describe('a new destination for a host in use (HostConnections.verify over a real sshd)', function () {
  this.timeout(60_000);
  let server: LoopbackSshd;
  let home: ClientHome;
  let pool: ConnectionPool;

  before(async () => { server = await startSshd(); });
  after(async () => { await server?.stop(); });
  beforeEach(() => {
    home = makeClientHome();
    home.writeConfig(hostBlock('lab', server));
    home.writeKnownHosts(knownHostsLineFor(server));
    pool = new ConnectionPool({ system: home.system, prompts: nonInteractivePrompts });
  });
  afterEach(() => {
    pool.closeAll();
    home.cleanup();
  });

  it('keeps the connection in use when the new destination refuses, and runs commands on it still', async () => {
    const connections = new HostConnections(pool, undefined as unknown as DemoHost);
    const inUse = await connections.connection({ name: 'lab', destination: 'lab' });
    const runner = new CommandRunner(inUse);
    assert.equal((await runner.runScript('echo before')).stdout, 'before\n');

    await assert.rejects(connections.verify({ name: 'lab', destination: 'root@127.0.0.1:1' }, undefined, true), /connection refused/);

    assert.notEqual(inUse.state.kind, 'closed');
    assert.equal(await connections.connection({ name: 'lab', destination: 'lab' }), inUse, 'the pool still hands out the same connection');
    assert.equal((await runner.runScript('echo after')).stdout, 'after\n');
  });
});
