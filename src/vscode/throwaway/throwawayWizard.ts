/**
 * New Throwaway Jail…: host → release (those on the host, and those the mirror lists, read on the host) →
 * stack → PHP version (from the host's repository) → PHP extensions and further packages → document root
 * (a workspace folder uploaded, or empty) → name (generated, editable). Each answer a test or a caller
 * already has is taken as given and not asked. Escape at any step ends the wizard (undefined).
 */
import * as vscode from 'vscode';
import type { HostInspection } from '../../core/provision/inspection';
import { fallbackReleases, MirrorReleases, releaseIndexCommand, releaseIndexUrl } from '../../core/provision/mirrorReleases';
import { generatedJailName, jailNameProblem, releaseOf, releaseProblem } from '../../core/provision/names';
import type { ThrowawayProvisioner } from '../../core/provision/provisioner';
import { stackLabels, stacks } from '../../core/provision/stacks';
import type { Stack, ThrowawaySpec } from '../../core/provision/throwawaySpec';
import type { CommandRunner } from '../../core/ssh/commandRunner';

export interface WizardGiven {
  release?: string;
  stack?: Stack;
  php?: string;
  phpExtensions?: string[];
  packages?: string[];
  /** A local folder to upload, or `empty`. */
  documentRoot?: string;
  name?: string;
}

export interface WizardAnswer {
  spec: ThrowawaySpec;
  /** The local folder to upload into the document root, if any. */
  uploadFolder?: string;
}

const packageWord = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter((w) => w !== '');
}

/** The mirror's releases (read on the host), or the fixed list with the reason the mirror could not be read. */
async function releasesOnMirror(provisioner: ThrowawayProvisioner, runner: CommandRunner, inspection: HostInspection): Promise<MirrorReleases> {
  const url = releaseIndexUrl(provisioner.settings.mirror, inspection.machine, inspection.machineArch);
  try {
    return await runner.run(releaseIndexCommand(url));
  } catch (error) {
    return { ok: false, url, message: error instanceof Error ? error.message : String(error) };
  }
}

async function pickRelease(provisioner: ThrowawayProvisioner, inspection: HostInspection, mirror: MirrorReleases): Promise<string | undefined> {
  const own = releaseOf(provisioner.host.capabilities.userlandVersion);
  const present = new Set(inspection.releases);
  const offered = mirror.ok ? mirror.releases : fallbackReleases;
  const releases = [...new Set([own, ...inspection.releases, ...offered])];
  const fetched = mirror.ok ? 'fetched from the mirror' : 'to fetch from the mirror (not checked)';
  const items: (vscode.QuickPickItem & { release?: string })[] = releases.map((release) => ({
    label: release, release,
    description: [release === own ? 'the host\'s own release' : '', present.has(release) ? 'on the host' : fetched].filter(Boolean).join(' · '),
  }));
  items.push({ label: 'Other release…', description: 'type its name, such as 14.1-RELEASE' });
  const placeHolder = mirror.ok
    ? `The userland of the jail (releases on ${mirror.url})`
    : `The userland of the jail. ${provisioner.host.name} could not read ${mirror.url} (${mirror.message.split('\n')[0]}): a fixed list is shown`;
  const chosen = await vscode.window.showQuickPick(items, { title: 'New Throwaway Jail (2/7): FreeBSD release', placeHolder });
  if (!chosen) return undefined;
  if (chosen.release) return chosen.release;
  return vscode.window.showInputBox({ title: 'New Throwaway Jail: FreeBSD release', prompt: 'A release on the mirror', value: own, validateInput: (v) => releaseProblem(v.trim()) });
}

async function pickStack(): Promise<Stack | undefined> {
  const chosen = await vscode.window.showQuickPick(stacks.map((stack) => ({ label: stackLabels[stack], stack })), { title: 'New Throwaway Jail (3/7): stack' });
  return chosen?.stack;
}

async function pickPhp(provisioner: ThrowawayProvisioner): Promise<string | undefined> {
  const versions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading PHP versions from ${provisioner.host.name}'s repository` }, () => provisioner.phpVersions());
  if (versions.length === 0) throw new Error(`${provisioner.host.name}'s package repository offers no PHP (pkg search found no phpXY package)`);
  const chosen = await vscode.window.showQuickPick(versions.map((v, i) => ({ label: `PHP ${v}`, description: `php${v.replace('.', '')}${i === 0 ? ' · newest' : ''}`, version: v })),
    { title: 'New Throwaway Jail (4/7): PHP version', placeHolder: `Versions ${provisioner.host.name}'s package repository offers` });
  return chosen?.version;
}

async function askWords(title: string, prompt: string, placeHolder: string): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title, prompt, placeHolder,
    validateInput: (v) => words(v).find((w) => !packageWord.test(w)) && `"${words(v).find((w) => !packageWord.test(w))}" is not a package name`,
  });
  return text === undefined ? undefined : words(text);
}

async function pickDocumentRoot(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items: (vscode.QuickPickItem & { value: string })[] = [
    ...folders.map((f) => ({ label: `Upload ${f.name}`, description: f.uri.fsPath, value: f.uri.fsPath })),
    { label: 'Start empty', description: 'a first page that shows the PHP version', value: 'empty' },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'New Throwaway Jail (6/7): document root' });
  return chosen?.value;
}

export async function runWizard(hostName: string, { provisioner, runner }: { provisioner: ThrowawayProvisioner; runner: CommandRunner },
  given: WizardGiven = {}): Promise<WizardAnswer | undefined> {
  const found = given.release === undefined
    ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking at ${hostName} and its release mirror` }, async () => {
      const inspection = await provisioner.inspect();
      return { inspection, mirror: await releasesOnMirror(provisioner, runner, inspection) };
    })
    : undefined;
  const release = given.release ?? (found && (await pickRelease(provisioner, found.inspection, found.mirror)));
  if (!release) return undefined;
  const stack = given.stack ?? (await pickStack());
  if (!stack) return undefined;
  const php = stack === 'bare' ? undefined : given.php ?? (await pickPhp(provisioner));
  if (stack !== 'bare' && !php) return undefined;
  const phpExtensions = stack === 'bare' ? [] : given.phpExtensions ?? (await askWords('New Throwaway Jail (5/7): PHP extensions',
    `Extensions to install as php${(php ?? '').replace('.', '')}-NAME packages (leave empty for none)`, 'mbstring intl pdo_mysql'));
  if (!phpExtensions) return undefined;
  const packages = given.packages ?? (await askWords('New Throwaway Jail (5/7): further packages', 'Other packages to install (leave empty for none)', 'curl git'));
  if (!packages) return undefined;
  const documentRoot = given.documentRoot ?? (await pickDocumentRoot());
  if (!documentRoot) return undefined;
  const name = given.name ?? (await vscode.window.showInputBox({
    title: 'New Throwaway Jail (7/7): name', value: generatedJailName(php), prompt: 'Letters, digits, "-" and "_"',
    validateInput: (v) => jailNameProblem(v.trim()),
  }))?.trim();
  if (!name) return undefined;
  const spec: ThrowawaySpec = {
    host: hostName, name, release, stack, php, packages, phpExtensions, phpIni: {}, webServerSnippets: [], sysrc: {}, provision: [], ports: [80],
  };
  return { spec, uploadFolder: documentRoot === 'empty' ? undefined : documentRoot };
}
