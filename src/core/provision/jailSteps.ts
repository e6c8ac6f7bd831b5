/**
 * The steps that make one throwaway jail from a finished template: reserve its name and address (the
 * marker), clone its root, configure it, and undo each in reverse. Starting it is in jailStart.ts.
 */
import type { PlanStep } from './plan';
import { ensureDatasetLine, installFileLines, q, runAsRoot, writeFileLine } from './hostScript';
import { hostStep, ProvisionContext, refusedStatus } from './hostStep';
import { jailConfText, thinFstabText } from './jailConfFile';
import type { Layout } from './layout';
import { markerText, ThrowawayMarker } from './marker';
import type { StackRecipe } from './stacks';

export interface JailInput {
  layout: Layout;
  marker: ThrowawayMarker;
  templateName: string;
}

/** Directories read-only in a thin jail (Bastille's list, §5.1); everything else is a writable copy. */
const readOnlyTop = ['bin', 'boot', 'lib', 'libexec', 'rescue', 'sbin'];
const readOnlyUsr = ['bin', 'include', 'lib', 'lib32', 'libdata', 'libexec', 'sbin', 'share', 'src'];
/** In /usr/local only the configuration and the web content are the jail's own. */
const writableUsrLocal = ['etc', 'www', 'var'];

export function reserveScript(input: JailInput): string {
  const { layout, marker } = input;
  const token = marker.id;
  const addressDir = layout.addressDir(marker.address);
  return [
    `mkdir -p ${q(layout.confDir())} ${q(`${layout.root}/addresses`)}`,
    `if [ -e ${q(layout.marker(marker.name))} ] || [ -e ${q(layout.jailConf(marker.name))} ]; then echo ${q(`a throwaway jail named ${marker.name} exists already on this host`)} >&2; exit ${refusedStatus}; fi`,
    `if ! mkdir ${q(addressDir)} 2>/dev/null; then echo ${q(`address ${marker.address} is already reserved for another throwaway jail`)} >&2; exit ${refusedStatus}; fi`,
    writeFileLine(`${addressDir}/owner`, `${marker.name} ${token}\n`),
    `if ! ( set -C; ${writeFileLine(layout.marker(marker.name), markerText(marker))} ) 2>/dev/null; then rm -rf ${q(addressDir)}; echo ${q(`a throwaway jail named ${marker.name} exists already on this host`)} >&2; exit ${refusedStatus}; fi`,
  ].join('\n');
}

export function unreserveScript(input: JailInput): string {
  const { layout, marker } = input;
  const token = marker.id;
  const addressDir = layout.addressDir(marker.address);
  return [
    `if grep -qF ${q(token)} ${q(`${addressDir}/owner`)} 2>/dev/null; then rm -rf ${q(addressDir)}; fi`,
    `if grep -qF ${q(token)} ${q(layout.marker(marker.name))} 2>/dev/null; then rm -f ${q(layout.marker(marker.name))}; fi`,
  ].join('\n');
}

export function reserveStep(input: JailInput): PlanStep<ProvisionContext> {
  return hostStep(
    'reserve',
    `Reserving ${input.marker.name} and address ${input.marker.address}`,
    async (context, signal) => void (await runAsRoot(context.shell, `Reserving ${input.marker.name}`, reserveScript(input), { signal })),
    async (context) => void (await runAsRoot(context.shell, `Releasing ${input.marker.name}'s reservation`, unreserveScript(input))),
  );
}

function thinJailLines(templateDir: string, jailDir: string): string[] {
  const link = (list: string[]) => list.join('|');
  return [
    `mkdir ${q(jailDir)}`,
    `mkdir ${q(`${jailDir}/.base`)} ${q(`${jailDir}/usr`)} ${q(`${jailDir}/usr/local`)}`,
    `cd ${q(templateDir)}`,
    `for e in * .[!.]*; do [ -e "$e" ] || continue; case "$e" in ${link(readOnlyTop)}) ln -s "/.base/$e" ${q(jailDir)}/"$e" ;; usr) ;; *) cp -a "$e" ${q(jailDir)}/"$e" ;; esac; done`,
    'cd usr',
    `for e in * .[!.]*; do [ -e "$e" ] || continue; case "$e" in ${link(readOnlyUsr)}) ln -s "/.base/usr/$e" ${q(`${jailDir}/usr`)}/"$e" ;; local) ;; *) cp -a "$e" ${q(`${jailDir}/usr`)}/"$e" ;; esac; done`,
    'cd local',
    `for e in * .[!.]*; do [ -e "$e" ] || continue; case "$e" in ${link(writableUsrLocal)}) cp -a "$e" ${q(`${jailDir}/usr/local`)}/"$e" ;; *) ln -s "/.base/usr/local/$e" ${q(`${jailDir}/usr/local`)}/"$e" ;; esac; done`,
    'cd /',
  ];
}

export function cloneScript(input: JailInput): string {
  const { layout, marker } = input;
  const jailDir = layout.jailDir(marker.name);
  const lines = [`mkdir -p ${q(`${layout.root}/jails`)}`];
  if (layout.storage.kind === 'zfs') {
    const dataset = layout.jailDataset(marker.name);
    lines.push(
      `if zfs list -H -o name ${q(dataset)} >/dev/null 2>&1 || [ -e ${q(jailDir)} ]; then echo ${q(`${jailDir} exists already`)} >&2; exit ${refusedStatus}; fi`,
      ensureDatasetLine(`${layout.zfsDataset()}/jails`),
      `zfs clone ${q(`${layout.templateDataset(input.templateName)}@ready`)} ${q(dataset)}`,
    );
  } else {
    const templateDir = layout.templateDir(input.templateName);
    lines.push(
      `if [ -e ${q(jailDir)} ]; then echo ${q(`${jailDir} exists already`)} >&2; exit ${refusedStatus}; fi`,
      ...thinJailLines(templateDir, jailDir),
      writeFileLine(layout.fstab(marker.name), thinFstabText(templateDir, jailDir)),
    );
  }
  return lines.join('\n');
}

/**
 * Unmounts whatever is still mounted below a path (devfs, a thin jail's nullfs base), deepest first, and
 * refuses to go on if something stays. The path itself may be a ZFS clone's mountpoint: zfs destroy unmounts it.
 */
export function unmountUnderLines(path: string): string[] {
  const list = `mount -p | awk -v p=${q(path)} 'index($2, p "/") == 1 { print $2 }' | sort -r`;
  return [
    `${list} | while read -r mp; do umount -f "$mp"; done`,
    `if [ -n "$(${list})" ]; then echo ${q(`file systems are still mounted under ${path}:`)} $(${list}) >&2; exit 1; fi`,
  ];
}

/** Removes a jail's root: its dataset, or its tree (file flags cleared first: schg files block rm). */
export function removeJailRootLines(path: string, dataset: string | undefined): string[] {
  return [
    ...unmountUnderLines(path),
    ...(dataset ? [`if zfs list -H -o name ${q(dataset)} >/dev/null 2>&1; then zfs destroy -r ${q(dataset)}; fi`] : []),
    // Links go first: a thin jail's links name paths inside the jail, which on the host lead elsewhere.
    `if [ -d ${q(path)} ]; then find ${q(path)} -xdev -type l -exec rm -f {} +; fi`,
    `if [ -e ${q(path)} ] || [ -L ${q(path)} ]; then chflags -R noschg ${q(path)}; rm -rf ${q(path)}; fi`,
  ];
}

export function cloneStep(input: JailInput): PlanStep<ProvisionContext> {
  const { layout, marker } = input;
  const thin = layout.storage.kind !== 'zfs';
  return hostStep(
    'clone',
    thin ? `Making ${marker.name}, a thin jail on the ${input.templateName} template` : `Cloning ${input.templateName} into ${marker.name}`,
    async (context, signal) => void (await runAsRoot(context.shell, `Making ${marker.name}'s root`, cloneScript(input), { signal })),
    async (context) => {
      const lines = [...removeJailRootLines(marker.path, marker.dataset), `rm -f ${q(layout.fstab(marker.name))}`];
      await runAsRoot(context.shell, `Removing ${marker.name}'s root`, lines.join('\n'));
    },
  );
}

/**
 * The lines that make Apache listen on `port` in the jail at `jailRoot`: its `Listen` line in httpd.conf
 * rewritten (a second Listen in an Includes file would add a port, not replace one). The file is rewritten
 * in place, so that it keeps its owner and mode. Nothing for a stack whose port is in a file of ours (nginx).
 */
export function listenPortLines(recipe: StackRecipe, jailRoot: string, port: number): string[] {
  if (!recipe.listenFile) return [];
  const file = q(`${jailRoot}${recipe.listenFile}`);
  const edited = q(`${jailRoot}${recipe.listenFile}.jails-new`);
  // Removed first: a link left at that name would take the redirection elsewhere.
  return [`rm -f ${edited}`, `sed -e ${q(`s/^Listen[[:space:]].*/Listen ${port}/`)} ${file} > ${edited}`, `cat ${edited} > ${file}`, `rm -f ${edited}`];
}

export interface ConfigureInput extends JailInput {
  /** Files inside the jail: web server snippets, php.ini, nginx.conf. */
  files: Record<string, string>;
  /** The web server's port, when not the stack's default (listenPortLines). */
  listenLines: string[];
  sysrc: Record<string, string>;
  /** A first page for an empty document root (the workspace upload replaces it). */
  indexFile?: { name: string; content: string };
}

export function configureScript(input: ConfigureInput): string {
  const { layout, marker } = input;
  const root = marker.path;
  const settings = [`hostname=${marker.name}`, ...Object.entries(input.sysrc).map(([k, v]) => `${k}=${v}`)].map(q).join(' ');
  const lines = [
    writeFileLine(layout.jailConf(marker.name), jailConfText(layout, { name: marker.name, address: marker.address, interfaceName: marker.interfaceName, thin: marker.fstab !== undefined })),
    `sysrc -f ${q(`${root}/etc/rc.conf`)} ${settings} >/dev/null`,
  ];
  for (const [path, content] of Object.entries(input.files)) lines.push(...installFileLines(`${root}${path}`, content));
  lines.push(...input.listenLines);
  lines.push(`mkdir -p ${q(`${root}${marker.documentRoot}`)}`);
  if (input.indexFile) lines.push(writeFileLine(`${root}${marker.documentRoot}/${input.indexFile.name}`, input.indexFile.content));
  return lines.join('\n');
}

export function configureStep(input: ConfigureInput): PlanStep<ProvisionContext> {
  const { layout, marker } = input;
  return hostStep(
    'configure',
    `Configuring ${marker.name} (jail.conf, rc.conf, web server, document root)`,
    async (context, signal) => void (await runAsRoot(context.shell, `Configuring ${marker.name}`, configureScript(input), { signal })),
    async (context) => void (await runAsRoot(context.shell, `Removing ${marker.name}'s jail.conf`, `rm -f ${q(layout.jailConf(marker.name))}`)),
  );
}

export function documentRootStep(marker: ThrowawayMarker): PlanStep<ProvisionContext> {
  return hostStep('document-root', `Uploading the document root of ${marker.name}`, async (context, signal) => {
    await context.populateDocumentRoot?.(`${marker.path}${marker.documentRoot}`, signal);
  });
}
