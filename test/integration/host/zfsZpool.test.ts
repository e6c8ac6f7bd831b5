/**
 * zfs(8) and zpool(8) output for scripts (-H: tab-separated, no header) and the operations a throwaway-jail
 * plan uses (snapshot, clone, destroy), with their refusals.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { ssh, useSimulatedHost } from './harness';

describe('zfs and zpool on a ZFS host', () => {
  const host = useSimulatedHost(() => scenario());

  it('prints five tab-separated columns with -H (name, used, avail, refer, mountpoint)', async () => {
    const lines = (await ssh(host(), 'zfs list -H')).stdout.trimEnd().split('\n');
    assert.ok(lines.length > 5);
    for (const line of lines) assert.equal(line.split('\t').length, 5, line);
    assert.match(lines[0], /^zroot\t\d+(\.\d+)?[BKMGT]\t\d+(\.\d+)?[BKMGT]\t\d+(\.\d+)?[BKMGT]\t\/zroot$/);
  });

  it('selects columns and types, and gives exact numbers with -p', async () => {
    assert.equal((await ssh(host(), 'zfs list -H -o name,mountpoint zroot/ROOT/default')).stdout, 'zroot/ROOT/default\t/\n');
    assert.equal((await ssh(host(), 'zfs list -H -o name -d 1 zroot/jails')).stdout, 'zroot/jails\nzroot/jails/containers\nzroot/jails/media\nzroot/jails/templates\n');
    assert.match((await ssh(host(), 'zfs list -Hp -o used zroot')).stdout, /^\d+\n$/);
    assert.equal((await ssh(host(), 'zpool list -H -o name')).stdout, 'zroot\n');
    assert.equal((await ssh(host(), 'zpool list -H -o name,health')).stdout, 'zroot\tONLINE\n');
  });

  it('gets properties with their sources', async () => {
    assert.equal((await ssh(host(), 'zfs get -H -o value,source compression zroot/jails')).stdout, 'lz4\tinherited from zroot\n');
    assert.equal((await ssh(host(), 'zfs get -H -o name,property,value,source mountpoint zroot/tmp')).stdout, 'zroot/tmp\tmountpoint\t/tmp\tlocal\n');
    assert.equal((await ssh(host(), 'zfs get -H -o value jailed zroot/jails')).stdout, 'off\n');
  });

  it('snapshots, clones (data included) and refuses to destroy what depends on it', async () => {
    const template = 'zroot/jails/templates/14.3-RELEASE';
    const made = await ssh(host(), `zfs create ${template} && echo base > /usr/local/jails/templates/14.3-RELEASE/marker`
      + ` && zfs snapshot ${template}@base && zfs clone ${template}@base zroot/jails/containers/t1 && cat /usr/local/jails/containers/t1/marker`);
    assert.deepEqual(made, { stdout: 'base\n', stderr: '', status: 0 });
    assert.equal((await ssh(host(), `zfs list -H -o name,origin zroot/jails/containers/t1`)).stdout, `zroot/jails/containers/t1\t${template}@base\n`);
    assert.deepEqual(await ssh(host(), `zfs snapshot ${template}@base`), { stdout: '', stderr: `cannot create snapshot '${template}@base': dataset already exists\n`, status: 1 });
    assert.deepEqual(await ssh(host(), `zfs destroy ${template}@base`), { stdout: '',
      stderr: `cannot destroy '${template}@base': snapshot has dependent clones\nuse '-R' to destroy the following datasets:\nzroot/jails/containers/t1\n`, status: 1 });
    assert.deepEqual(await ssh(host(), 'zfs destroy zroot/jails/templates'), { stdout: '',
      stderr: `cannot destroy 'zroot/jails/templates': filesystem has children\nuse '-r' to destroy the following datasets:\n${template}\n${template}@base\n`, status: 1 });
    assert.equal((await ssh(host(), `zfs destroy zroot/jails/containers/t1 && zfs destroy ${template}@base && zfs list -H -t snapshot -o name`)).stdout, '');
    assert.equal((await ssh(host(), 'ls /usr/local/jails/containers/t1 2>&1; echo $?')).stdout.trim().split('\n').pop(), '1');
  });

  it('reports missing datasets and parents', async () => {
    assert.deepEqual(await ssh(host(), 'zfs list zroot/nosuch'), { stdout: '', stderr: "cannot open 'zroot/nosuch': dataset does not exist\n", status: 1 });
    assert.deepEqual(await ssh(host(), 'zfs create zroot/a/b'), { stdout: '', stderr: "cannot create 'zroot/a/b': parent does not exist\n", status: 1 });
    assert.equal((await ssh(host(), 'zfs create -p zroot/a/b && zfs list -H -o mountpoint zroot/a/b')).stdout, '/zroot/a/b\n');
  });

  it('creates with -p a dataset that exists without complaint, and without -p refuses it', async () => {
    assert.deepEqual(await ssh(host(), 'zfs create -p zroot/p/q && zfs create -p zroot/p/q'), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await ssh(host(), 'zfs create zroot/p/q'), { stdout: '', stderr: "cannot create 'zroot/p/q': dataset already exists\n", status: 1 });
  });
});

describe('zfs and zpool on a UFS host', () => {
  const host = useSimulatedHost(() => scenario({ zfs: false }));

  it('has no datasets and no pools', async () => {
    assert.deepEqual(await ssh(host(), 'zfs list -H -o name,mountpoint'), { stdout: '', stderr: 'no datasets available\n', status: 0 });
    assert.deepEqual(await ssh(host(), 'zpool list -H -o name'), { stdout: '', stderr: 'no pools available\n', status: 0 });
    assert.equal((await ssh(host(), "mount -p | awk '$2==\"/\"{print $3}'")).stdout, 'ufs\n');
  });
});
