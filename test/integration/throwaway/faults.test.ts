/**
 * A fault at every step of a cold create, one run per step, and Cancel at every step: each run ends with
 * the step named, its message, and nothing of it left on the host (templates included, as they were made
 * by that run). The fault makes the step's script fail after it has done its work, the worst case for undo.
 */
import { strict as assert } from 'node:assert';
import { ThrowawayProvisioner } from '../../../src/core/provision/provisioner';
import { scenario } from '../../host';
import { useSimulatedHost } from '../host/harness';
import { connect, Connected, hostFootprint, spec, tracking } from './support';

function upload(c: Connected) {
  return async (hostPath: string, signal: AbortSignal) => {
    const output = await c.shell.runScript(`printf 'uploaded' > '${hostPath}/index.html'\n`, { privileged: true, signal });
    if (output.exitCode !== 0) throw new Error(output.stderr.trim());
  };
}

const steps = ['release', 'template', 'reserve', 'clone', 'configure', 'document-root', 'start', 'provision'];

/** Every step a create can have: packages, an upload (a page written through the host shell) and a provisioning command. */
const fullSpec = (name: string) => spec(name, { stack: 'bare', php: undefined, packages: ['curl'], provision: ['touch /root/provisioned'] });

for (const zfs of [true, false]) {
  describe(`a fault or Cancel at every step of a create (${zfs ? 'ZFS' : 'no ZFS'})`, function () {
    this.timeout(600_000);
    const host = useSimulatedHost(() => scenario({ zfs }));
    let c: Connected;
    before(async () => { c = await connect(host()); });
    after(() => c?.home.cleanup());
    afterEach(() => { c.shell.faultInStep = undefined; });

    for (const step of steps) {
      it(`a fault in "${step}" is reported with FreeBSD's message and undone`, async () => {
        c.shell.faultInStep = step;
        const result = await c.provisioner.create(fullSpec(`tw-${step}`), tracking(c.shell, { populateDocumentRoot: upload(c) }));
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.equal(result.failedStep, step);
        assert.match(result.message, /No space left on device/);
        assert.deepEqual(result.leftovers, []);
        assert.equal(await hostFootprint(host(), c.settings.root, { templates: true }), '');
      });
    }

    it('a web server that never answers is reported at "http", and undone', async () => {
      const silent = new ThrowawayProvisioner({ ...c.provisioner.host, probeHttp: async () => { throw new Error('Connection refused'); } },
        { ...c.settings, httpTimeoutMs: 500 });
      const result = await silent.create(spec('tw-http'), tracking(c.shell));
      assert.equal(!result.ok && result.failedStep, 'http');
      assert.match(!result.ok ? result.message : '', /no HTTP answer from 127\.213\.0\.\d+ port 80 within 1 s \(Connection refused\)/);
      assert.equal(await hostFootprint(host(), c.settings.root), '');
    });

    for (const step of steps) {
      it(`Cancel during "${step}" undoes everything`, async () => {
        const cancel = new AbortController();
        const result = await c.provisioner.create(fullSpec(`tw-c-${step}`),
          tracking(c.shell, { signal: cancel.signal, populateDocumentRoot: upload(c), onEvent: (e) => { if (e.kind === 'started' && e.step === step) cancel.abort(); } }));
        assert.equal(!result.ok && result.cancelled, true);
        assert.equal(!result.ok && result.failedStep, step);
        assert.equal(await hostFootprint(host(), c.settings.root, { templates: true }), '');
      });
    }
  });
}
