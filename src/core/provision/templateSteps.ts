/**
 * The two shared templates a jail is cloned from, each built once per host and then reused:
 *  - the release: base.txz fetched on the host from the mirror, its sha256 checked against the release's
 *    MANIFEST, extracted (reference §5.1, §5.6);
 *  - the stack template: the release plus the stack's packages, installed from the host with `pkg -r` so
 *    that the jail needs no network of its own, and the web server wired to PHP (§6).
 * On ZFS each is a dataset with a snapshot (@base, @ready) that the next one is cloned from; without ZFS a
 * directory built under a dot name and renamed when complete.
 */
import type { PlanStep } from './plan';
import { ensureDatasetLine, installFileLines, q, runAsRoot } from './hostScript';
import { hostStep, ProvisionContext } from './hostStep';
import type { Layout } from './layout';
import type { SharedResources } from './sharedResources';
import type { StackRecipe } from './stacks';

/** Removing a template or release: a kept one is still the origin of a clone, so it is in use. */
function removeTreeLines(layout: Layout, dataset: string | undefined, dir: string, snapshot: string): string[] {
  if (dataset) {
    return [
      `if zfs list -H -o name ${q(dataset)} >/dev/null 2>&1; then`,
      `  if zfs list -H -o origin -t filesystem | grep -qxF ${q(`${dataset}@${snapshot}`)}; then echo ${q(`${dataset} is in use by a clone; kept`)};`,
      `  else zfs destroy -r ${q(dataset)}; fi`,
      'fi',
    ];
  }
  const staging = layout.stagingDir(dir);
  return [`for d in ${q(staging)} ${q(dir)}; do if [ -e "$d" ]; then chflags -R noschg "$d"; rm -rf "$d"; fi; done`];
}

function sharedBuild(
  resources: SharedResources,
  key: string,
  build: (context: ProvisionContext, signal: AbortSignal) => Promise<void>,
  remove: (context: ProvisionContext) => Promise<void>,
): { run: (context: ProvisionContext, signal: AbortSignal) => Promise<void>; undo: (context: ProvisionContext) => Promise<void> } {
  let builtHere = false;
  return {
    run: (context, signal) => resources.exclusive(key, async () => {
      if (resources.isBuilt(key)) return;
      builtHere = true;
      await build(context, signal);
      resources.markBuilt(key);
    }),
    undo: async (context) => {
      if (!builtHere || resources.usedByOthers(key)) return;
      await remove(context);
      resources.forgetBuilt(key);
    },
  };
}

export interface ReleaseInput {
  layout: Layout;
  release: string;
  machine: string;
  machineArch: string;
  resources: SharedResources;
}

export function releaseKey(release: string): string {
  return `release:${release}`;
}

export function releaseScript(input: ReleaseInput): string {
  const { layout, release } = input;
  const url = `${layout.settings.mirror}/${input.machine}/${input.machineArch}/${release}`;
  const download = `${layout.root}/.download-${release}`;
  const finalDir = layout.releaseDir(release);
  const zfs = layout.storage.kind === 'zfs';
  const target = zfs ? finalDir : layout.stagingDir(finalDir);
  const lines = [
    `rm -rf ${q(download)}`,
    `mkdir -p ${q(download)} ${q(`${layout.root}/releases`)}`,
    `fetch -q -o ${q(`${download}/MANIFEST`)} ${q(`${url}/MANIFEST`)}`,
    `fetch -q -o ${q(`${download}/base.txz`)} ${q(`${url}/base.txz`)}`,
    `want=$(awk '$1 == "base.txz" { print $2 }' ${q(`${download}/MANIFEST`)})`,
    `got=$(sha256 -q ${q(`${download}/base.txz`)})`,
    `if [ -z "$want" ] || [ "$want" != "$got" ]; then echo "base.txz of ${release}: sha256 $got does not match the MANIFEST's \${want:-(none)}" >&2; exit 1; fi`,
  ];
  if (zfs) {
    const dataset = layout.releaseDataset(release);
    lines.push(
      ensureDatasetLine(layout.zfsDataset(), ['-o', `mountpoint=${layout.root}`]),
      ensureDatasetLine(`${layout.zfsDataset()}/releases`),
      `if zfs list -H -o name ${q(dataset)} >/dev/null 2>&1; then zfs destroy -r ${q(dataset)}; fi`,
      `zfs create ${q(dataset)}`,
    );
  } else {
    lines.push(`if [ -e ${q(target)} ]; then chflags -R noschg ${q(target)}; rm -rf ${q(target)}; fi`, `mkdir -p ${q(target)}`);
  }
  lines.push(
    `tar -xf ${q(`${download}/base.txz`)} -C ${q(target)} --unlink`,
    `cp /etc/resolv.conf ${q(`${target}/etc/resolv.conf`)} 2>/dev/null || true`,
    `cp /etc/localtime ${q(`${target}/etc/localtime`)} 2>/dev/null || true`,
    zfs ? `zfs snapshot ${q(`${layout.releaseDataset(release)}@base`)}` : `mv ${q(target)} ${q(finalDir)}`,
    `rm -rf ${q(download)}`,
  );
  return lines.join('\n');
}

export function releaseStep(input: ReleaseInput): PlanStep<ProvisionContext> {
  const { layout, release } = input;
  const dataset = layout.storage.kind === 'zfs' ? layout.releaseDataset(release) : undefined;
  const build = sharedBuild(
    input.resources,
    releaseKey(release),
    async (context, signal) => {
      await runAsRoot(context.shell, `Fetching FreeBSD ${release}`, releaseScript(input), { signal, timeoutMs: Infinity });
    },
    async (context) => {
      const lines = [...removeTreeLines(layout, dataset, layout.releaseDir(release), 'base'), `rm -rf ${q(`${layout.root}/.download-${release}`)}`];
      await runAsRoot(context.shell, `Removing FreeBSD ${release}`, lines.join('\n'));
    },
  );
  return hostStep('release', `Fetching FreeBSD ${release} (base.txz, checked against its MANIFEST)`, build.run, build.undo);
}

export interface TemplateInput {
  layout: Layout;
  release: string;
  name: string;
  recipe: StackRecipe;
  resources: SharedResources;
}

export function templateKey(name: string): string {
  return `template:${name}`;
}

export function templateScript(input: TemplateInput): string {
  const { layout, recipe } = input;
  const finalDir = layout.templateDir(input.name);
  const zfs = layout.storage.kind === 'zfs';
  const target = zfs ? finalDir : layout.stagingDir(finalDir);
  const lines: string[] = [];
  if (zfs) {
    const dataset = layout.templateDataset(input.name);
    lines.push(
      ensureDatasetLine(`${layout.zfsDataset()}/templates`),
      `if zfs list -H -o name ${q(dataset)} >/dev/null 2>&1; then zfs destroy -r ${q(dataset)}; fi`,
      `zfs clone ${q(`${layout.releaseDataset(input.release)}@base`)} ${q(dataset)}`,
    );
  } else {
    lines.push(
      `mkdir -p ${q(`${layout.root}/templates`)}`,
      `if [ -e ${q(target)} ]; then chflags -R noschg ${q(target)}; rm -rf ${q(target)}; fi`,
      `cp -a ${q(layout.releaseDir(input.release))} ${q(target)}`,
    );
  }
  if (recipe.packages.length > 0) {
    // stdin from /dev/null: pkg must never read the rest of this script as an answer to a question.
    lines.push(`env IGNORE_OSVERSION=yes ASSUME_ALWAYS_YES=yes pkg -r ${q(target)} install -y ${recipe.packages.map(q).join(' ')} </dev/null`);
  }
  for (const [path, content] of Object.entries(recipe.files)) lines.push(...installFileLines(`${target}${path}`, content));
  if (recipe.phpPackage) {
    const etc = `${target}/usr/local/etc`;
    lines.push(`if [ -f ${q(`${etc}/php.ini-production`)} ] && [ ! -f ${q(`${etc}/php.ini`)} ]; then cp ${q(`${etc}/php.ini-production`)} ${q(`${etc}/php.ini`)}; fi`);
  }
  const settings = Object.entries(recipe.rcConf).map(([k, v]) => q(`${k}=${v}`));
  if (settings.length > 0) lines.push(`sysrc -f ${q(`${target}/etc/rc.conf`)} ${settings.join(' ')} >/dev/null`);
  lines.push(zfs ? `zfs snapshot ${q(`${layout.templateDataset(input.name)}@ready`)}` : `mv ${q(target)} ${q(finalDir)}`);
  return lines.join('\n');
}

export function templateStep(input: TemplateInput): PlanStep<ProvisionContext> {
  const { layout } = input;
  const dataset = layout.storage.kind === 'zfs' ? layout.templateDataset(input.name) : undefined;
  const what = input.recipe.packages.length > 0 ? `Installing ${input.recipe.packages.join(', ')} into the ${input.name} template` : `Making the ${input.name} template`;
  const build = sharedBuild(
    input.resources,
    templateKey(input.name),
    async (context, signal) => {
      await runAsRoot(context.shell, what, templateScript(input), { signal, timeoutMs: Infinity });
    },
    async (context) => {
      await runAsRoot(context.shell, `Removing the ${input.name} template`, removeTreeLines(layout, dataset, layout.templateDir(input.name), 'ready').join('\n'));
    },
  );
  return hostStep('template', what, build.run, build.undo);
}
