/**
 * A thin jail as jail managers make it: the template nullfs-mounted on the jail's /.base and absolute
 * symbolic links into it ("usr/local/sbin -> /.base/usr/local/sbin"). Tools that work on a jail's files
 * from the host (pkg -j, freebsd-version -j) follow those links inside the jail's root, as FreeBSD does
 * after jail_attach(2): into the template when it is mounted read-write, and into pkg's own
 * "Read-only file system" complaint when it is mounted read-only.
 */
import { strict as assert } from 'node:assert';
import { scenario } from '../../host/index';
import { makeJailRoot, ssh, useSimulatedHost } from './harness';

const TEMPLATE = '/usr/local/jails/templates/thin-base';

/** The thin layout of the extension's jails: read-only parts linked into /.base, the rest copied. */
function thinJailScript(jailDir: string, fstab: string, mode: 'ro' | 'rw'): string {
  return [
    `mkdir -p ${jailDir}/.base ${jailDir}/usr/local`,
    `cd ${TEMPLATE} && for e in *; do case "$e" in bin|sbin|lib|libexec) ln -s "/.base/$e" ${jailDir}/"$e" ;; usr) ;; *) cp -a "$e" ${jailDir}/"$e" ;; esac; done`,
    `cd ${TEMPLATE}/usr && for e in *; do case "$e" in local) ;; *) ln -s "/.base/usr/$e" ${jailDir}/usr/"$e" ;; esac; done`,
    `cd ${TEMPLATE}/usr/local && for e in *; do case "$e" in etc|www|var) cp -a "$e" ${jailDir}/usr/local/"$e" ;; *) ln -s "/.base/usr/local/$e" ${jailDir}/usr/local/"$e" ;; esac; done`,
    `printf '%s\\t%s\\tnullfs\\t${mode}\\t0\\t0\\n' ${TEMPLATE} ${jailDir}/.base > ${fstab}`,
  ].join('\n');
}

describe('simulated host: thin jails (absolute links into a nullfs base)', function () {
  this.timeout(60000);
  const host = useSimulatedHost(() => scenario({}));

  before(async () => {
    makeJailRoot(host(), TEMPLATE, 'template');
    const prepared = await ssh(host(), `pkg -r ${TEMPLATE} bootstrap -y >/dev/null && mkdir -p ${TEMPLATE}/usr/local/etc ${TEMPLATE}/usr/local/sbin ${TEMPLATE}/usr/local/bin`
      + ` && ${thinJailScript('/usr/local/jails/containers/thin', '/etc/fstab.thin', 'ro')}`
      + ` && ${thinJailScript('/usr/local/jails/containers/open', '/etc/fstab.open', 'rw')}`
      + ' && jail -c name=thin path=/usr/local/jails/containers/thin mount.fstab=/etc/fstab.thin persist'
      + ' && jail -c name=open path=/usr/local/jails/containers/open mount.fstab=/etc/fstab.open persist');
    assert.equal(prepared.status, 0, prepared.stderr);
  });

  it('installs through the jail\'s links into a read-write base', async () => {
    const installed = await ssh(host(), 'pkg -j open install -y -q nginx');
    assert.deepEqual(installed, { status: 0, stdout: '', stderr: '' });
    assert.equal((await ssh(host(), `ls ${TEMPLATE}/usr/local/sbin/nginx; jexec open ls /usr/local/sbin/nginx; pkg -j open info -e nginx && echo listed`)).stdout,
      `${TEMPLATE}/usr/local/sbin/nginx\n/usr/local/sbin/nginx\nlisted\n`);
    assert.equal((await ssh(host(), 'freebsd-version -j open')).stdout, `${host().scenario.release}\n`);
  });

  it('fails with pkg\'s words where the links lead to a read-only base', async () => {
    const result = await ssh(host(), 'pkg -j thin install -y -q php84');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^pkg: Fail to create temporary file for \/usr\/local\/(s?bin|lib)\/\S+:Read-only file system\n$/);
  });
});
