/**
 * Up on an existing jail: the in-place changes as named steps, run in one round trip, each with its way
 * back. In order:
 *
 *   packages       pkg -j install / delete                     undo: delete what it added, reinstall what it removed
 *   configuration  php.ini, web server snippets, web port,     undo: the previous files put back
 *                  then every service's configtest
 *   rc.conf        sysrc                                        undo: the previous rc.conf put back
 *   restart        the stack's services restarted               undo: restarted again once the rest is put back
 *   provision      the new provisioning commands (jexec)        cannot be undone: said so in the report
 *   record         what Up applied, inside the jail, and the    undo: the previous record and marker put back
 *                  marker when the web port changed
 *
 * When a step fails, it and every step before it are undone, in reverse (the restart last, on the restored
 * configuration), so the jail is as it was before this Up, except for what provisioning commands did. The
 * record is then the old one, and the next Up tries the same changes again (new provisioning commands
 * included, so they should be safe to run twice). Previous files are kept in a private directory on the
 * host, outside the jail, removed when the script ends. The script is not interrupted, neither by Cancel
 * (which takes effect once it has ended) nor by a lost connection (it ignores the hangup and finishes).
 */
import { freebsdPath } from '../freebsd/sectionedScript';
import { listenPortLines } from '../provision/jailSteps';
import { markerFileOf, markerOnly, markerText, ThrowawayMarker } from '../provision/marker';
import { jailFiles, jailWebPort, nginxConfigFile, phpDigits, stackRecipe } from '../provision/stacks';
import type { ThrowawaySpec } from '../provision/throwawaySpec';
import { shellQuote as q } from '../ssh/shellQuote';
import type { RemoteCommand } from '../ssh/remoteCommand';
import type { InPlaceChange } from './environmentDiff';

export const appliedRecordPath = '/var/db/freebsd-jails/environment.json';

export type UpStepId = 'packages' | 'configuration' | 'rc.conf' | 'restart' | 'provision' | 'record';

export interface UpStep {
  id: UpStepId;
  title: string;
  /** Run in order, stopping at the first that fails. */
  lines: string[];
  /** All run, whatever fails; the undo failed if one did. */
  undo?: string[];
}

export type InPlaceOutcome =
  | { ok: true; restarted: boolean }
  | {
      ok: false;
      step: UpStepId | 'script';
      stepTitle: string;
      /** What FreeBSD said, the last lines of the step's output. */
      message: string;
      undone: UpStepId[];
      undoFailed: { step: UpStepId; message: string }[];
      /** Steps that ran and cannot be undone (provisioning commands). */
      notUndone: UpStepId[];
    };

/** mktemp(1) replaces the template's trailing run of X with random characters. */
const BACKUP_DIR_TEMPLATE = `/tmp/throwaway-up.${'X'.repeat(8)}`;
const messageLines = 12;

/** A file replaced by a step: its new content, none (removed), or an edit (lines that rewrite it). */
interface Replacement {
  path: string;
  content?: string;
  edit?: string[];
}

/**
 * Called before every write under the jail's root. That tree belongs to the jail's processes: a link made
 * there (usr/local/etc -> /etc), followed from the host as root, would aim Up's writes at the host's own
 * files. The file's directory, links resolved, must stay inside the jail's root, and the file must not be a
 * link itself.
 */
const insideJailFunction = [
  'inside_jail() {',
  '  d=${2%/*}',
  '  while [ ! -e "$d" ] && [ "$d" != "${d%/*}" ]; do d=${d%/*}; done',
  '  a=$(realpath "$d") && r=$(realpath "$1") || return 1',
  '  case "$a/" in "$r"/*) ;; *) echo "$2 leads outside the jail (to $a): Up writes nothing there" >&2; return 1 ;; esac',
  '  if [ -L "$2" ]; then echo "$2 is a symbolic link in the jail: Up does not write through it" >&2; return 1; fi',
  '}',
];

function backupLines(files: Replacement[], first: number): string[] {
  return files.map((f, i) => `if [ -e ${q(f.path)} ]; then cp -p ${q(f.path)} "$B/${first + i}"; else : > "$B/${first + i}.absent"; fi`);
}

/** Beside a file while its new content is written, so that the file is replaced whole or not at all (a marker cut short would no longer be one). */
const newSuffix = '.jails-new';

function restoreLines(files: Replacement[], first: number): string[] {
  return files.map((f, i) => `rm -f ${q(f.path + newSuffix)}; if [ -e "$B/${first + i}.absent" ]; then rm -f ${q(f.path)}; elif [ -e "$B/${first + i}" ]; then cp -p "$B/${first + i}" ${q(f.path)}; fi`);
}

function writeLines(file: Replacement): string[] {
  if (file.edit) return file.edit;
  if (file.content === undefined) return [`rm -f ${q(file.path)}`];
  const next = q(file.path + newSuffix);
  return [`mkdir -p ${q(file.path.slice(0, file.path.lastIndexOf('/')))}`, `rm -f ${next}`, `printf '%s' ${q(file.content)} > ${next}`, `mv -f ${next} ${q(file.path)}`];
}

/** The steps that take the jail from what it records to `wanted`; only those with something to do. */
export function inPlaceSteps(jail: ThrowawayMarker, wanted: ThrowawaySpec, changes: InPlaceChange[]): UpStep[] {
  const recipe = stackRecipe(wanted.stack, wanted.php, wanted.phpExtensions, wanted.packages);
  const webPort = jailWebPort(recipe, wanted.ports);
  const files = jailFiles(recipe, jail.documentRoot, wanted.webServerSnippets, wanted.phpIni, webPort);
  const name = q(jail.name);
  const root = jail.path;
  const steps: UpStep[] = [];
  let backups = 0;
  const replacing = (replaced: Replacement[]) => {
    const first = backups;
    backups += replaced.length;
    const guard = replaced.filter((f) => f.path.startsWith(`${root}/`)).map((f) => `inside_jail ${q(root)} ${q(f.path)}`);
    return { backup: [...guard, ...backupLines(replaced, first)], restore: restoreLines(replaced, first) };
  };

  const added: string[] = [];
  const removed: string[] = [];
  for (const change of changes) {
    if (change.kind !== 'packages' && change.kind !== 'phpExtensions') continue;
    const names = (list: string[]) => (change.kind === 'packages' ? list : list.map((e) => `php${phpDigits(wanted.php ?? '')}-${e}`));
    added.push(...names(change.add));
    removed.push(...names(change.remove));
  }
  if (added.length || removed.length) {
    const pkg = `env ASSUME_ALWAYS_YES=yes pkg -j ${name}`;
    steps.push({
      id: 'packages',
      title: [added.length ? `installing ${added.join(', ')}` : '', removed.length ? `removing ${removed.join(', ')}` : ''].filter(Boolean).join(' and ').replace(/^./, (c) => c.toUpperCase()),
      lines: [...(added.length ? [`${pkg} install -y ${added.map(q).join(' ')}`] : []), ...(removed.length ? [`${pkg} delete -y ${removed.map(q).join(' ')}`] : [])],
      undo: [
        ...added.map((p) => `if pkg -j ${name} info -e ${q(p)}; then ${pkg} delete -y ${q(p)}; fi`),
        ...removed.map((p) => `if ! pkg -j ${name} info -e ${q(p)}; then ${pkg} install -y ${q(p)}; fi`),
      ],
    });
  }

  const replaced: Replacement[] = [];
  const what: string[] = [];
  const fileChange = (path: string | undefined, content: string | undefined, label: string) => {
    if (!path) return;
    replaced.push({ path: `${root}${path}`, content });
    what.push(label);
  };
  for (const change of changes) {
    if (change.kind === 'phpIni') fileChange(recipe.phpIniFile, recipe.phpIniFile && files[recipe.phpIniFile], 'php.ini');
    if (change.kind === 'webServerSnippets') fileChange(recipe.jailSnippetFile, recipe.jailSnippetFile && files[recipe.jailSnippetFile], 'the web server snippets');
    if (change.kind === 'ports' && change.webPort && webPort !== undefined) {
      if (recipe.listenFile) {
        replaced.push({ path: `${root}${recipe.listenFile}`, edit: listenPortLines(recipe, root, webPort) });
        what.push(`the web server's port (${webPort})`);
      } else {
        fileChange(nginxConfigFile, files[nginxConfigFile] ?? recipe.files[nginxConfigFile], `the web server's port (${webPort})`);
      }
    }
  }
  if (replaced.length) {
    const { backup, restore } = replacing(replaced);
    steps.push({
      id: 'configuration',
      title: `Writing ${what.join(', ')} and checking the configuration`,
      lines: [...backup, ...replaced.flatMap(writeLines), ...recipe.services.map((service) => `service -j ${name} ${q(service)} configtest`)],
      undo: restore,
    });
  }

  const sysrc = changes.find((c): c is Extract<InPlaceChange, { kind: 'sysrc' }> => c.kind === 'sysrc');
  if (sysrc) {
    const rcConf = `${root}/etc/rc.conf`;
    const { backup, restore } = replacing([{ path: rcConf }]);
    const set = Object.entries(sysrc.set).map(([k, v]) => q(`${k}=${v}`));
    steps.push({
      id: 'rc.conf',
      title: `Setting ${[...Object.keys(sysrc.set), ...sysrc.unset].join(', ')} in rc.conf`,
      lines: [...backup, ...(set.length ? [`sysrc -f ${q(rcConf)} ${set.join(' ')} >/dev/null`] : []), ...(sysrc.unset.length ? [`sysrc -f ${q(rcConf)} -x ${sysrc.unset.map(q).join(' ')}`] : [])],
      undo: restore,
    });
  }

  if (recipe.services.length > 0 && steps.length > 0) {
    const restart = recipe.services.map((service) => `service -j ${name} ${q(service)} restart`);
    steps.push({ id: 'restart', title: `Restarting ${recipe.services.join(', ')}`, lines: restart, undo: restart });
  }

  const provision = changes.find((c): c is Extract<InPlaceChange, { kind: 'provision' }> => c.kind === 'provision');
  if (provision) {
    steps.push({
      id: 'provision',
      title: `Running ${provision.commands.length} new provisioning command${provision.commands.length === 1 ? '' : 's'}`,
      lines: provision.commands.flatMap((command) => [`echo ${q(`# ${command}`)}`, `jexec -l ${name} /bin/sh -c ${q(command)}`]),
    });
  }

  const record: Replacement[] = [{ path: `${root}${appliedRecordPath}`, content: `${JSON.stringify(wanted)}\n` }];
  if (webPort !== jail.webPort) {
    record.push({ path: markerFileOf(jail), content: markerText({ ...markerOnly(jail), webPort }) });
  }
  const { backup, restore } = replacing(record);
  steps.push({ id: 'record', title: 'Recording what Up applied', lines: [...backup, ...record.flatMap(writeLines)], undo: restore });
  return steps;
}

/** Runs `lines` (joined by `joiner`) in a subshell with their output kept; `then` and `otherwise` follow. */
function guarded(lines: string[], joiner: string, then: string[], otherwise: string[]): string {
  return `if out=$( { ${lines.join(joiner)}\n} 2>&1 ); then ${[...then, ':'].join('; ')}; else ${[...otherwise, ':'].join('; ')}; fi`;
}

export function inPlaceScript(steps: UpStep[], nonce: string): string {
  const mark = (word: string, id: string) => `echo ${q(`@@${nonce} ${word} ${id}`)}`;
  const show = `printf '%s\\n' "$out"`;
  // A lost connection must not stop the script half way: it goes on to the end, or to its rollback.
  const lines = [`PATH=${freebsdPath}; export PATH`, 'umask 022', "trap '' HUP PIPE", ...insideJailFunction, `B=$(mktemp -d ${BACKUP_DIR_TEMPLATE}) || exit 1`];
  steps.forEach((step, i) => {
    if (!step.undo) return;
    const undo = [`r=0`, ...step.undo.map((line) => `${line} || r=1`), '[ "$r" = 0 ]'];
    lines.push(`undo_${i}() {`, mark('undoing', step.id), guarded(undo, '\n', [mark('undone', step.id)], [mark('undo-failed', step.id), show]), '}');
  });
  steps.forEach((step, i) => {
    const reached = steps.slice(0, i + 1).map((s, index) => ({ s, index })).filter(({ s }) => s.undo).reverse();
    // Services restart last, on the configuration put back.
    const order = [...reached.filter(({ s }) => s.id !== 'restart'), ...reached.filter(({ s }) => s.id === 'restart')];
    lines.push(mark('step', step.id), guarded(step.lines, ' &&\n', [mark('done', step.id)],
      [mark('failed', step.id), show, ...order.map(({ index }) => `undo_${index}`), 'rm -rf "$B"', 'exit 1']));
  });
  lines.push('rm -rf "$B"');
  return `${lines.join('\n')}\n`;
}

function lastLines(text: string): string {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-messageLines).join('\n');
}

export function parseInPlace(steps: UpStep[], nonce: string, stdout: string, stderr: string, exitCode: number): InPlaceOutcome {
  const events: { word: string; id: UpStepId; text: string }[] = [];
  for (const line of stdout.split('\n')) {
    const m = new RegExp(`^@@${nonce} (\\S+) (\\S+)$`).exec(line);
    if (m) events.push({ word: m[1], id: m[2] as UpStepId, text: '' });
    else if (events.length > 0) events[events.length - 1].text += `${line}\n`;
  }
  const failed = events.find((e) => e.word === 'failed');
  if (!failed) {
    if (exitCode === 0) return { ok: true, restarted: steps.some((s) => s.id === 'restart') };
    return { ok: false, step: 'script', stepTitle: 'Up', message: lastLines(stderr || stdout) || `exit status ${exitCode}`, undone: [], undoFailed: [], notUndone: [] };
  }
  const index = steps.findIndex((s) => s.id === failed.id);
  return {
    ok: false,
    step: failed.id,
    stepTitle: steps[index]?.title ?? failed.id,
    message: lastLines(failed.text) || lastLines(stderr) || 'failed',
    undone: events.filter((e) => e.word === 'undone').map((e) => e.id),
    undoFailed: events.filter((e) => e.word === 'undo-failed').map((e) => ({ step: e.id, message: lastLines(e.text) })),
    notUndone: steps.slice(0, index + 1).filter((s) => !s.undo).map((s) => s.id),
  };
}

/** The in-place update as one command for the runner (as root); it never throws for a failed step. */
export function inPlaceCommand(steps: UpStep[], nonce: string): RemoteCommand<InPlaceOutcome> {
  return {
    argv: ['/bin/sh', '-c', inPlaceScript(steps, nonce)],
    privileged: true,
    parse: (stdout, stderr, exitCode) => parseInPlace(steps, nonce, stdout, stderr, exitCode),
  };
}

/** One paragraph for a failed in-place Up: the step, FreeBSD's message, and what was put back. */
export function describeFailure(jailName: string, steps: UpStep[], outcome: Extract<InPlaceOutcome, { ok: false }>): string {
  const title = (id: UpStepId) => steps.find((s) => s.id === id)?.title.replace(/^./, (c) => c.toLowerCase()) ?? id;
  const parts = [`Up of ${jailName} failed at "${outcome.stepTitle}": ${outcome.message}`];
  if (outcome.undoFailed.length) parts.push(`Could not be put back: ${outcome.undoFailed.map((u) => `${title(u.step)} (${u.message})`).join('; ')}.`);
  else if (outcome.step !== 'script') parts.push(outcome.undone.length ? 'Everything this Up changed was put back as it was.' : 'Nothing had changed yet.');
  if (outcome.notUndone.includes('provision')) parts.push('What the provisioning commands did cannot be undone; they run again at the next Up.');
  return parts.join('\n');
}
