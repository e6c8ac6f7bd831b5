/**
 * Login shells as the scenario sets them: root with csh (FreeBSD before 14.0), where a multi-line
 * single-quoted script breaks but the same script on standard input to /bin/sh -s works.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

describe('a host whose root logs in with csh', () => {
  const host = useSimulatedHost(() => scenario({ rootShell: '/bin/csh' }));

  it('runs commands through csh', async () => {
    assert.equal((await ssh(host(), 'echo $SHELL')).stdout, '/bin/csh\n');
  });

  it("rejects a newline inside single quotes, as tcsh does", async () => {
    const result = await ssh(host(), "sh -c 'echo one\necho two'");
    assert.ok(result.stderr.startsWith("Unmatched '''.\n"), result.stderr);
    assert.notEqual(result.status, 0);
  });

  it('runs the same script sent on standard input to /bin/sh -s', async () => {
    assert.deepEqual(await ssh(host(), '/bin/sh -s', { input: "echo 'one'\necho two\njls -N name\n" }), { stdout: 'one\ntwo\n', stderr: '', status: 0 });
  });
});
