/**
 * zfs send and zfs receive on the simulated host: a snapshot streamed through a pipe becomes a new
 * filesystem with that snapshot, incrementals (-i) apply on top of their source, -R carries a tree with
 * every snapshot, and the refusals are libzfs_sendrecv.c's messages. The stream starts with a DRR_BEGIN
 * record carrying ZFS's magic number, as a real one does.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

const SOURCE = '/usr/local/jails/src';

describe('zfs send and receive', () => {
  const host = useSimulatedHost(() => scenario());

  before(async () => {
    const prepared = await ssh(host(), `zfs create zroot/jails/src && echo one > ${SOURCE}/hello && zfs snapshot zroot/jails/src@one`);
    assert.equal(prepared.status, 0, prepared.stderr);
  });

  it('streams a snapshot into a new filesystem', async () => {
    assert.deepEqual(await ssh(host(), 'zfs send zroot/jails/src@one | zfs receive zroot/jails/copy'), { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'cat /usr/local/jails/copy/hello; zfs list -H -t all -o name,mountpoint -r zroot/jails/copy')).stdout,
      'one\nzroot/jails/copy\t/usr/local/jails/copy\nzroot/jails/copy@one\t-\n');
    assert.equal((await ssh(host(), 'zfs send zroot/jails/src@one | head -c 16 | od -A n -t x1')).stdout.trim().split(/\s+/).join(' '),
      '00 00 00 00 00 00 00 00 ac cb ba f5 02 00 00 00');
  });

  it('refuses to overwrite, with and without -F', async () => {
    assert.deepEqual(await ssh(host(), 'zfs send zroot/jails/src@one | zfs receive zroot/jails/copy'), { stdout: '', status: 1,
      stderr: "cannot receive new filesystem stream: destination 'zroot/jails/copy' exists\nmust specify -F to overwrite it\n" });
    assert.deepEqual(await ssh(host(), 'zfs send zroot/jails/src@one | zfs receive -F zroot/jails/copy'), { stdout: '', status: 1,
      stderr: 'cannot receive new filesystem stream: destination has snapshots (eg. zroot/jails/copy@one)\nmust destroy them to overwrite it\n' });
    assert.deepEqual(await ssh(host(), 'zfs send zroot/jails/src@one | zfs receive zroot/nosuch/copy'), { stdout: '', status: 1,
      stderr: 'cannot receive new filesystem stream: dataset does not exist\n' });
  });

  it('applies an incremental stream on top of its source snapshot only', async () => {
    assert.equal((await ssh(host(), `echo two > ${SOURCE}/hello && zfs snapshot zroot/jails/src@two`)).status, 0);
    const verbose = await ssh(host(), 'zfs send -i @one zroot/jails/src@two | zfs receive -v zroot/jails/copy');
    assert.equal(verbose.status, 0, verbose.stderr);
    assert.match(verbose.stdout, /^receiving incremental stream of zroot\/jails\/src@two into zroot\/jails\/copy@two\nreceived [\d.]+K?B stream in 1 seconds \([\d.]+K?B\/sec\)\n$/);
    assert.equal((await ssh(host(), 'cat /usr/local/jails/copy/hello')).stdout, 'two\n');
    assert.deepEqual(await ssh(host(), 'zfs send -i @one zroot/jails/src@two | zfs receive zroot/jails/copy'), { stdout: '', status: 1,
      stderr: 'cannot receive incremental stream: most recent snapshot of zroot/jails/copy does not\nmatch incremental source\n' });
    assert.deepEqual(await ssh(host(), 'zfs send -i @one zroot/jails/src@two | zfs receive zroot/jails/other'), { stdout: '', status: 1,
      stderr: "cannot receive incremental stream: destination 'zroot/jails/other' does not exist\n" });
  });

  it('replicates a tree with -R, every snapshot included', async () => {
    assert.equal((await ssh(host(), 'zfs create zroot/jails/src/child && zfs snapshot -r zroot/jails/src@three')).status, 0);
    assert.deepEqual(await ssh(host(), 'zfs send -R zroot/jails/src@three | zfs receive zroot/jails/replica'), { stdout: '', stderr: '', status: 0 });
    assert.equal((await ssh(host(), 'zfs list -H -t all -o name -r zroot/jails/replica')).stdout,
      'zroot/jails/replica\nzroot/jails/replica@one\nzroot/jails/replica@two\nzroot/jails/replica@three\nzroot/jails/replica/child\nzroot/jails/replica/child@three\n');
  });

  it('estimates with -n and reports bad streams', async () => {
    const estimate = await ssh(host(), 'zfs send -nP zroot/jails/src@one');
    assert.match(estimate.stderr, /^full\tzroot\/jails\/src@one\t(\d+)\nsize\t\1\n$/);
    assert.deepEqual(await ssh(host(), 'head -c 400 /dev/zero | zfs receive zroot/jails/junk'), { stdout: '', stderr: 'cannot receive: invalid stream (bad magic number)\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'echo hello | zfs receive zroot/jails/junk'), { stdout: '', stderr: 'cannot receive: failed to read from stream\n', status: 1 });
    assert.deepEqual(await ssh(host(), 'zfs send zroot/jails/src@nosuch'), { stdout: '', stderr: "cannot open 'zroot/jails/src@nosuch': dataset does not exist\n", status: 1 });
  });
});
