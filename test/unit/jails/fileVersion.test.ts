import { strict as assert } from 'node:assert';
import { fileVersion, needsContentCheck, sameStat } from '../../../src/core/jails/fileVersion';

describe('remote file versions (conflicts that a whole-second stat cannot show)', () => {
  const second = Date.UTC(2026, 0, 1, 12, 0, 0);
  const content = Buffer.from('mine\n');

  it('keeps the stat and a hash of the content read', () => {
    const version = fileVersion({ mtime: second, size: 5 }, content, second + 300);
    assert.match(version.sha256, /^[0-9a-f]{64}$/);
    assert.notEqual(fileVersion({ mtime: second, size: 5 }, Buffer.from('them\n'), second).sha256, version.sha256);
    assert.ok(sameStat(version, { mtime: second, size: 5 }));
    assert.ok(!sameStat(version, { mtime: second + 1000, size: 5 }));
    assert.ok(!sameStat(version, { mtime: second, size: 6 }));
  });

  it('asks for the content only when the file was modified within two seconds of the read, or later', () => {
    const readAt = (ms: number) => fileVersion({ mtime: second, size: 5 }, content, second + ms);
    assert.ok(needsContentCheck(readAt(0)));
    assert.ok(needsContentCheck(readAt(999)), 'read within the second it was modified in');
    assert.ok(needsContentCheck(readAt(1999)), 'a clock slightly behind the host');
    assert.ok(!needsContentCheck(readAt(2000)));
    assert.ok(!needsContentCheck(readAt(60_000)));
    assert.ok(needsContentCheck(readAt(-5000)), 'a modification time ahead of this clock');
  });
});
