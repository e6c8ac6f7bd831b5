/**
 * The plan of one throwaway jail (architecture principle 5), computed purely from the user's spec, what
 * the host inspection found and the address chosen: the shared templates when missing (release, then
 * stack), then the jail itself. Cold = both templates missing, warm = the release present, hot = both.
 */
import type { Plan } from './plan';
import type { HostInspection } from './inspection';
import type { ProvisionContext } from './hostStep';
import { interfaceStep } from './interfaceStep';
import { configureStep, cloneStep, documentRootStep, listenPortLines, reserveStep } from './jailSteps';
import { httpStep, provisionStep, startStep } from './jailStart';
import { templateName as nameOfTemplate } from './layout';
import { markerKind, ThrowawayMarker } from './marker';
import type { SharedResources } from './sharedResources';
import { jailFiles, jailWebPort, StackRecipe, stackRecipe } from './stacks';
import { releaseKey, releaseStep, templateKey, templateStep } from './templateSteps';
import type { ThrowawaySpec } from './throwawaySpec';

export interface CreateInput {
  hostName: string;
  spec: ThrowawaySpec;
  /** The release (spec.release, or the host's own). */
  release: string;
  inspection: HostInspection;
  address: string;
  resources: SharedResources;
  /** The user agreed to create the missing address interface. */
  createInterface: boolean;
  /** The caller fills the document root (an upload); otherwise a first page is written. */
  populateDocumentRoot: boolean;
  httpTimeoutMs: number;
  id: string;
  createdAt: string;
}

export interface CreatePlan {
  plan: Plan<ProvisionContext>;
  marker: ThrowawayMarker;
  recipe: StackRecipe;
  templateName: string;
  /** The shared resources it uses (released when the creation ends). */
  sharedKeys: string[];
  temperature: 'cold' | 'warm' | 'hot';
}

function firstPage(spec: ThrowawaySpec, recipe: StackRecipe): { name: string; content: string } {
  if (recipe.phpPackage) {
    return { name: 'index.php', content: `<?php\necho "<h1>Throwaway jail ${spec.name}</h1><p>PHP " . PHP_VERSION . " on " . php_uname('s') . "</p>";\n` };
  }
  return { name: 'index.html', content: `<!doctype html>\n<h1>Throwaway jail ${spec.name}</h1>\n` };
}

export function planCreate(input: CreateInput): CreatePlan {
  const { spec, inspection, release } = input;
  const layout = inspection.layout;
  const recipe = stackRecipe(spec.stack, spec.php, spec.phpExtensions, spec.packages);
  const template = nameOfTemplate({ release, stack: spec.stack, php: spec.php, packages: [...spec.phpExtensions.map((e) => `ext:${e}`), ...spec.packages] });
  const documentRoot = spec.documentRoot ?? recipe.defaultDocumentRoot;
  const webPort = jailWebPort(recipe, spec.ports);
  const marker: ThrowawayMarker = {
    kind: markerKind, version: 1, id: input.id, name: spec.name, host: input.hostName,
    path: layout.jailDir(spec.name),
    dataset: layout.storage.kind === 'zfs' ? layout.jailDataset(spec.name) : undefined,
    conf: layout.jailConf(spec.name),
    fstab: layout.storage.kind === 'zfs' ? undefined : layout.fstab(spec.name),
    address: input.address, interfaceName: layout.settings.interfaceName,
    release, stack: spec.stack, php: spec.php, template, documentRoot, webPort,
    createdAt: input.createdAt, environment: spec.environment,
  };
  const steps = [];
  if (!inspection.interfaceExists && input.createInterface) steps.push(interfaceStep(layout.settings.interfaceName));
  const releaseReady = inspection.releases.includes(release);
  const templateReady = inspection.templates.includes(template);
  if (!templateReady && !releaseReady) {
    steps.push(releaseStep({ layout, release, machine: inspection.machine, machineArch: inspection.machineArch, resources: input.resources }));
  }
  if (!templateReady) steps.push(templateStep({ layout, release, name: template, recipe, resources: input.resources }));
  const jail = { layout, marker, templateName: template };
  steps.push(reserveStep(jail), cloneStep(jail));
  steps.push(configureStep({
    ...jail, files: jailFiles(recipe, documentRoot, spec.webServerSnippets, spec.phpIni, webPort), sysrc: spec.sysrc,
    listenLines: webPort !== undefined && webPort !== recipe.webPort ? listenPortLines(recipe, marker.path, webPort) : [],
    indexFile: input.populateDocumentRoot ? undefined : firstPage(spec, recipe),
  }));
  if (input.populateDocumentRoot) steps.push(documentRootStep(marker));
  steps.push(startStep(layout, marker, recipe));
  if (spec.provision.length > 0) steps.push(provisionStep(marker, spec.provision));
  if (recipe.webPort !== undefined) steps.push(httpStep(marker, recipe, input.httpTimeoutMs));
  return {
    plan: { name: `Throwaway jail ${spec.name}`, steps },
    marker,
    recipe,
    templateName: template,
    sharedKeys: [releaseKey(release), templateKey(template)],
    temperature: templateReady ? 'hot' : releaseReady ? 'warm' : 'cold',
  };
}

