/** The harness names what to install, in one line, when a prerequisite is missing. */
import { strict as assert } from 'node:assert';
import { findPrerequisites, MissingPrerequisiteError, requireProgram } from '../../host/prerequisites';

describe('simulated host prerequisites', () => {
  it('fails with one line naming the Debian package to install', () => {
    assert.throws(() => requireProgram('/nonexistent/sbin/sshd', 'apt-get install -y openssh-server'), (error: unknown) => {
      assert.ok(error instanceof MissingPrerequisiteError);
      assert.equal(error.message, '/nonexistent/sbin/sshd not found: apt-get install -y openssh-server');
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  });

  it('finds everything on this machine', () => {
    const found = findPrerequisites('/srv/freebsd-jails-sim/.cache');
    assert.equal(found.sshd, '/usr/sbin/sshd');
    assert.match(found.busyboxDynamic, /busybox$/);
  });
});
