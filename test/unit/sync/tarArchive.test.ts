import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tarArchive } from '../../../src/core/sync/tarArchive';

const deepPath = `${'folder-with-a-long-name/'.repeat(8)}file.php`;
const veryLongName = `${'n'.repeat(120)}.txt`;

function extractWith(tar: string[], archive: Buffer): string {
  const into = mkdtempSync(join(tmpdir(), 'jails-tar-'));
  const result = spawnSync(tar[0], [...tar.slice(1), '-xf', '-', '-C', into], { input: archive });
  assert.equal(result.status, 0, result.stderr.toString());
  return into;
}

describe('tar archive for sync', () => {
  const archive = tarArchive([
    { path: 'index.php', data: Buffer.from('<?php echo 1;\n'), mtime: 1_700_000_000 },
    { path: 'bin/run.sh', data: Buffer.from('#!/bin/sh\n'), mtime: 1_700_000_000, executable: true },
    { path: deepPath, data: Buffer.alloc(1000, 7), mtime: 1_700_000_000 },
    { path: `dir/${veryLongName}`, data: Buffer.from('long'), mtime: 1_700_000_000 },
    { path: 'empty.txt', data: Buffer.alloc(0), mtime: 1_700_000_000 },
  ]);

  it('is whole 512-byte blocks ending in two zero blocks', () => {
    assert.equal(archive.length % 512, 0);
    assert.ok(archive.subarray(-1024).every((b) => b === 0));
  });

  for (const [label, tar] of [['GNU tar', ['tar']], ['busybox tar', ['busybox', 'tar']]] as const) {
    it(`extracts with ${label}: contents, modes, times, long paths`, () => {
      const into = extractWith([...tar], archive);
      try {
        assert.equal(readFileSync(join(into, 'index.php'), 'utf8'), '<?php echo 1;\n');
        assert.equal(statSync(join(into, 'bin/run.sh')).mode & 0o777, 0o755);
        assert.equal(statSync(join(into, 'index.php')).mode & 0o777, 0o644);
        assert.equal(statSync(join(into, 'index.php')).mtimeMs, 1_700_000_000_000);
        assert.deepEqual(readFileSync(join(into, deepPath)), Buffer.alloc(1000, 7));
        assert.equal(readFileSync(join(into, 'dir', veryLongName), 'utf8'), 'long');
        assert.equal(readFileSync(join(into, 'empty.txt'), 'utf8'), '');
      } finally {
        rmSync(into, { recursive: true, force: true });
      }
    });
  }
});
