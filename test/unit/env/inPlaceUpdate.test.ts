import { strict as assert } from 'node:assert';
import { diffEnvironment, InPlaceChange } from '../../../src/core/env/environmentDiff';
import { describeFailure, inPlaceScript, inPlaceSteps, parseInPlace } from '../../../src/core/env/inPlaceUpdate';
import { markerKind, ThrowawayMarker } from '../../../src/core/provision/marker';
import type { ThrowawaySpec } from '../../../src/core/provision/throwawaySpec';

const jail: ThrowawayMarker = {
  kind: markerKind, version: 1, id: 'abc', name: 'shop-dev', host: 'lab', path: '/tw/jails/shop-dev', conf: '/tw/conf/shop-dev.conf',
  address: '10.213.0.2', interfaceName: 'lo1', release: '14.3-RELEASE', stack: 'apache-mod_php', php: '8.4', template: 't',
  documentRoot: '/usr/local/www/apache24/data', webPort: 80, createdAt: '2026-11-29T00:00:00Z',
};

function spec(edit: (s: ThrowawaySpec) => void = () => undefined): ThrowawaySpec {
  const s: ThrowawaySpec = {
    host: 'lab', name: 'shop-dev', release: '14.3-RELEASE', stack: 'apache-mod_php', php: '8.4', packages: [], phpExtensions: [], phpIni: {},
    webServerSnippets: [], sysrc: {}, provision: [], ports: [80],
  };
  edit(s);
  return s;
}

function changesOf(wanted: ThrowawaySpec): InPlaceChange[] {
  const diff = diffEnvironment(wanted, spec());
  assert.equal(diff.kind, 'update');
  return diff.kind === 'update' ? diff.changes : [];
}

describe('in-place Up: steps, script and report', () => {
  const everything = spec((s) => {
    s.packages = ['curl']; s.phpExtensions = ['intl']; s.phpIni = { memory_limit: '1G' }; s.webServerSnippets = ['ServerTokens Prod'];
    s.sysrc = { shop_mode: 'dev' }; s.provision = ['touch /root/x']; s.ports = [8080];
  });

  it('orders the steps packages, configuration, rc.conf, restart, provision, record; only provision has no undo', () => {
    const steps = inPlaceSteps(jail, everything, changesOf(everything));
    assert.deepEqual(steps.map((s) => [s.id, s.title, s.undo !== undefined]), [
      ['packages', 'Installing curl, php84-intl', true],
      ['configuration', "Writing php.ini, the web server snippets, the web server's port (8080) and checking the configuration", true],
      ['rc.conf', 'Setting shop_mode in rc.conf', true],
      ['restart', 'Restarting apache24', true],
      ['provision', 'Running 1 new provisioning command', false],
      ['record', 'Recording what Up applied', true],
    ]);
    const configuration = steps[1].lines.join('\n');
    assert.match(configuration, /sed -e 's\/\^Listen\[\[:space:\]\]\.\*\/Listen 8080\/' '\/tw\/jails\/shop-dev\/usr\/local\/etc\/apache24\/httpd\.conf'/);
    assert.match(configuration, /service -j 'shop-dev' 'apache24' configtest$/);
    assert.match(steps[5].lines.join('\n'), /'\/tw\/conf\/shop-dev\.json'/, 'the marker takes the new web port');
    assert.match(steps[0].undo?.join('\n') ?? '', /if pkg -j 'shop-dev' info -e 'curl'; then env ASSUME_ALWAYS_YES=yes pkg -j 'shop-dev' delete -y 'curl'; fi/);
  });

  it('only records when nothing changes in place (a jail just created), and leaves the marker alone', () => {
    const steps = inPlaceSteps(jail, spec(), []);
    assert.deepEqual(steps.map((s) => s.id), ['record']);
    assert.doesNotMatch(steps[0].lines.join('\n'), /shop-dev\.json/);
  });

  it('undoes the failed step and those before it, in reverse, restarting last', () => {
    const steps = inPlaceSteps(jail, everything, changesOf(everything));
    const script = inPlaceScript(steps, 'N0');
    const failedAtProvision = script.slice(script.indexOf("echo '@@N0 step provision'"));
    assert.match(failedAtProvision, /echo '@@N0 failed provision'; printf '%s\\n' "\$out"; undo_2; undo_1; undo_0; undo_3; rm -rf "\$B"; exit 1/);
    assert.match(script, /^B=\$\(mktemp -d \/tmp\/throwaway-up\.X{8}\) \|\| exit 1$/m);
  });

  it('reads which step failed, FreeBSD\'s message and what was put back', () => {
    const steps = inPlaceSteps(jail, everything, changesOf(everything));
    const stdout = ['@@N0 step packages', '@@N0 done packages', '@@N0 step configuration', '@@N0 done configuration', '@@N0 step rc.conf', '@@N0 done rc.conf',
      '@@N0 step restart', '@@N0 done restart', '@@N0 step provision', '@@N0 failed provision', '# touch /root/x', 'touch: /root/x: Read-only file system',
      '@@N0 undoing rc.conf', '@@N0 undone rc.conf', '@@N0 undoing configuration', '@@N0 undone configuration', '@@N0 undoing packages',
      '@@N0 undo-failed packages', 'pkg: Cannot delete curl: No space left on device', '@@N0 undoing restart', '@@N0 undone restart', ''].join('\n');
    const outcome = parseInPlace(steps, 'N0', stdout, '', 1);
    assert.deepEqual(outcome, {
      ok: false, step: 'provision', stepTitle: 'Running 1 new provisioning command', message: '# touch /root/x\ntouch: /root/x: Read-only file system',
      undone: ['rc.conf', 'configuration', 'restart'], undoFailed: [{ step: 'packages', message: 'pkg: Cannot delete curl: No space left on device' }], notUndone: ['provision'],
    });
    if (outcome.ok) return;
    assert.equal(describeFailure('shop-dev', steps, outcome), [
      'Up of shop-dev failed at "Running 1 new provisioning command": # touch /root/x\ntouch: /root/x: Read-only file system',
      'Could not be put back: installing curl, php84-intl (pkg: Cannot delete curl: No space left on device).',
      'What the provisioning commands did cannot be undone; they run again at the next Up.',
    ].join('\n'));
    assert.deepEqual(parseInPlace(steps, 'N0', '@@N0 step record\n@@N0 done record\n', '', 0), { ok: true, restarted: true });
  });
});
