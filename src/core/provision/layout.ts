/**
 * Where each thing lives under the throwaway root, on ZFS and without it:
 *
 *   ROOT/releases/REL        extracted base.txz        (dataset DS/releases/REL, snapshot @base)
 *   ROOT/templates/KEY       release + stack packages  (clone of REL@base, snapshot @ready)
 *   ROOT/jails/NAME          the jail's root           (clone of KEY@ready; or a thin jail: writable copies,
 *                                                      symlinks into .base, where KEY is mounted read-only)
 *   ROOT/conf/NAME.conf      its private jail.conf (outside the jail, which must not be able to change it)
 *   ROOT/conf/NAME.json      the marker: only jails that have one can be destroyed by the extension
 *   ROOT/conf/NAME.fstab     the nullfs line of a thin jail
 *   ROOT/addresses/ADDR      one directory per address in use, made atomically (mkdir) to reserve it
 *
 * Without ZFS a release or template is built under a dot name and renamed when complete, so that a
 * half-made one is never taken for a finished one.
 */
import { createHash } from 'node:crypto';
import type { ProvisionSettings } from './settings';

export type Storage = { kind: 'zfs'; dataset: string } | { kind: 'directory' };

export interface TemplateKey {
  release: string;
  stack: string;
  php?: string;
  packages: string[];
}

export class Layout {
  constructor(readonly settings: ProvisionSettings, readonly storage: Storage) {}

  get root(): string {
    return this.settings.root;
  }

  releaseDir(release: string): string {
    return `${this.root}/releases/${release}`;
  }

  templateDir(key: string): string {
    return `${this.root}/templates/${key}`;
  }

  /** Where an unfinished release or template is built without ZFS. */
  stagingDir(finalDir: string): string {
    const slash = finalDir.lastIndexOf('/');
    return `${finalDir.slice(0, slash)}/.${finalDir.slice(slash + 1)}.partial`;
  }

  jailDir(name: string): string {
    return `${this.root}/jails/${name}`;
  }

  confDir(): string {
    return `${this.root}/conf`;
  }

  jailConf(name: string): string {
    return `${this.confDir()}/${name}.conf`;
  }

  marker(name: string): string {
    return `${this.confDir()}/${name}.json`;
  }

  fstab(name: string): string {
    return `${this.confDir()}/${name}.fstab`;
  }

  consoleLog(name: string): string {
    return `${this.confDir()}/${name}.console.log`;
  }

  addressDir(address: string): string {
    return `${this.root}/addresses/${address}`;
  }

  releaseDataset(release: string): string {
    return `${this.zfsDataset()}/releases/${release}`;
  }

  templateDataset(key: string): string {
    return `${this.zfsDataset()}/templates/${key}`;
  }

  jailDataset(name: string): string {
    return `${this.zfsDataset()}/jails/${name}`;
  }

  zfsDataset(): string {
    if (this.storage.kind !== 'zfs') throw new Error('this host keeps throwaway jails in directories, not ZFS datasets');
    return this.storage.dataset;
  }
}

/** A template's name: release, stack and PHP version, plus a digest of any further packages. */
export function templateName(key: TemplateKey): string {
  const base = `${key.release}-${key.stack}${key.php ? `-php${key.php.replace('.', '')}` : ''}`;
  if (key.packages.length === 0) return base;
  const digest = createHash('sha256').update([...new Set(key.packages)].sort().join('\n')).digest('hex').slice(0, 10);
  return `${base}-${digest}`;
}
