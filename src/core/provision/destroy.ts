/**
 * Destroying throwaway jails: only those with the extension's marker. For each: stop it, unmount what is
 * still mounted under it, remove its dataset or tree (file flags cleared first), its jail.conf, fstab,
 * console log and address reservation, and the marker last. Then, in the same round trip, a check that
 * lists whatever the extension made for it that is still on the host.
 */
import { buildSectionedScript, freebsdPath, Section, splitSections } from '../freebsd/sectionedScript';
import { q } from './hostScript';
import { removeJailRootLines } from './jailSteps';
import { markerFileOf, ThrowawayMarker } from './marker';

export interface DestroyOutcome {
  name: string;
  ok: boolean;
  /** FreeBSD's message when a step of the removal failed. */
  message?: string;
  /** What is still on the host after it: "dataset zroot/throwaway/jails/x", "file …", "mount …". */
  leftovers: string[];
}

function consoleLog(marker: ThrowawayMarker): string {
  return marker.conf.replace(/\.conf$/, '.console.log');
}

function addressDir(marker: ThrowawayMarker): string {
  return `${marker.conf.replace(/\/conf\/[^/]+$/, '')}/addresses/${marker.address}`;
}

export function destroyLines(marker: ThrowawayMarker): string[] {
  const name = q(marker.name);
  const conf = q(marker.conf);
  return [
    'set -e',
    `if [ ! -f ${q(markerFileOf(marker))} ]; then echo ${q(`${marker.name} has no marker of the extension; not destroyed`)}; exit 3; fi`,
    `if jls -j ${name} jid >/dev/null 2>&1; then if [ -f ${conf} ]; then jail -f ${conf} -r ${name}; else jail -r ${name}; fi; fi`,
    ...removeJailRootLines(marker.path, marker.dataset),
    `if ifconfig ${q(marker.interfaceName)} 2>/dev/null | grep -qF ${q(`inet ${marker.address} `)}; then ifconfig ${q(marker.interfaceName)} inet ${q(marker.address)} -alias; fi`,
    `rm -f ${conf} ${marker.fstab ? q(marker.fstab) : ''} ${q(consoleLog(marker))}`,
    `rm -rf ${q(addressDir(marker))}`,
    `rm -f ${q(markerFileOf(marker))}`,
  ];
}

/** One line per thing still there. */
export function leftoverLines(marker: ThrowawayMarker): string[] {
  const files = [marker.conf, marker.fstab, consoleLog(marker), markerFileOf(marker), addressDir(marker)].filter((f): f is string => f !== undefined);
  return [
    `if jls -j ${q(marker.name)} jid >/dev/null 2>&1; then echo ${q(`jail ${marker.name} (still running)`)}; fi`,
    ...(marker.dataset ? [`if zfs list -H -o name ${q(marker.dataset)} >/dev/null 2>&1; then echo ${q(`dataset ${marker.dataset}`)}; fi`] : []),
    `if [ -e ${q(marker.path)} ]; then echo ${q(`directory ${marker.path}`)}; fi`,
    `for f in ${files.map(q).join(' ')}; do if [ -e "$f" ]; then echo "file $f"; fi; done`,
    `mount -p | awk -v p=${q(marker.path)} '($2 == p && $3 != "zfs") || index($2, p "/") == 1 { print "mount " $2 }'`,
    `if ifconfig ${q(marker.interfaceName)} 2>/dev/null | grep -qF ${q(`inet ${marker.address} `)}; then echo ${q(`address ${marker.address} on ${marker.interfaceName}`)}; fi`,
    'true',
  ];
}

function sections(markers: ThrowawayMarker[]): Section[] {
  return [
    ...markers.map((m, i) => ({ name: `destroy-${i}`, script: destroyLines(m).join('\n') })),
    ...markers.map((m, i) => ({ name: `check-${i}`, script: leftoverLines(m).join('\n') })),
  ];
}

/** mktemp(1) replaces the template's trailing run of X with random characters. */
const OUTPUT_DIR_TEMPLATE = `/tmp/throwaway-destroy.${'X'.repeat(8)}`;

/**
 * The jails are removed at once (stopping one waits for its processes to end, up to stop.timeout), each
 * into a file of its own; their output is then given in order, in the sections the parser expects, and the
 * leftover check runs when all are done.
 */
export function destroyScript(markers: ThrowawayMarker[], nonce: string): string {
  const lines = [
    `PATH=${freebsdPath}; export PATH`,
    `out=$(mktemp -d ${OUTPUT_DIR_TEMPLATE})`,
    ...markers.map((m, i) => `{ ( ${destroyLines(m).join('\n')}\n) > "$out/${i}" 2>&1; echo $? > "$out/${i}.status"; } &`),
    'wait',
    ...markers.flatMap((_, i) => [`echo '@@${nonce} begin destroy-${i}'`, `cat "$out/${i}"`, `echo "@@${nonce} end destroy-${i} $(cat "$out/${i}.status")"`]),
    'rm -rf "$out"',
  ];
  return `${lines.join('\n')}\n${leftoverScript(markers, nonce)}`;
}

/** A check alone (after a failed create, say): the same lines, without removing anything. */
export function leftoverScript(markers: ThrowawayMarker[], nonce: string): string {
  return buildSectionedScript(markers.map((m, i) => ({ name: `check-${i}`, script: leftoverLines(m).join('\n') })), nonce);
}

export function parseLeftovers(stdout: string, markers: ThrowawayMarker[], nonce: string): string[][] {
  const results = splitSections(stdout, nonce, markers.map((_, i) => `check-${i}`));
  return markers.map((_, i) => (results.get(`check-${i}`)?.output ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== ''));
}

export function parseDestroy(stdout: string, markers: ThrowawayMarker[], nonce: string): DestroyOutcome[] {
  const results = splitSections(stdout, nonce, sections(markers).map((s) => s.name));
  const leftovers = parseLeftovers(stdout, markers, nonce);
  return markers.map((marker, i) => {
    const removal = results.get(`destroy-${i}`);
    const ok = removal?.status === 0;
    const message = ok ? undefined : (removal?.output ?? '').split('\n').filter((l) => l.trim() !== '').slice(-15).join('\n');
    return { name: marker.name, ok: ok && leftovers[i].length === 0, message, leftovers: leftovers[i] };
  });
}
