/**
 * The marker the extension writes beside each throwaway jail's jail.conf. It is the proof that the extension
 * made the jail (destroy refuses jails without one) and it records what was made, so that destroy and the
 * leftover check know what to look for even after the settings change.
 */
import type { Stack } from './throwawaySpec';

export const markerKind = 'freebsd-jails-throwaway';

export interface ThrowawayMarker {
  kind: typeof markerKind;
  version: 1;
  /** Random, per creation: an undo removes a marker or reservation only when it carries this id. */
  id: string;
  name: string;
  host: string;
  /** The jail's root on the host. */
  path: string;
  /** The ZFS dataset of its root, when it is a clone. */
  dataset?: string;
  conf: string;
  fstab?: string;
  address: string;
  interfaceName: string;
  release: string;
  stack: Stack;
  php?: string;
  template: string;
  /** Inside the jail. */
  documentRoot: string;
  /** The web server's port inside the jail, when the stack has one. */
  webPort?: number;
  createdAt: string;
  environment?: string;
}

/** The marker's own file: beside the jail.conf, with the same name. */
export function markerFileOf(marker: ThrowawayMarker): string {
  return marker.conf.replace(/\.conf$/, '.json');
}

/** The marker's own fields of a value that has more (a listed jail's `running`), to write it back. */
export function markerOnly(value: ThrowawayMarker): ThrowawayMarker {
  const { kind, version, id, name, host, path, dataset, conf, fstab, address, interfaceName, release, stack, php, template, documentRoot, webPort, createdAt, environment } = value;
  return { kind, version, id, name, host, path, dataset, conf, fstab, address, interfaceName, release, stack, php, template, documentRoot, webPort, createdAt, environment };
}

/** One JSON line: the inventory and destroy read markers back with a `cat` of all of them. */
export function markerText(marker: ThrowawayMarker): string {
  return `${JSON.stringify(marker)}\n`;
}

/** Markers from `cat`-ed files, one per line; lines that are not markers are ignored, not trusted. */
export function parseMarkers(text: string): ThrowawayMarker[] {
  const markers: ThrowawayMarker[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as Partial<ThrowawayMarker>;
      if (value.kind === markerKind && typeof value.name === 'string' && typeof value.path === 'string' && typeof value.conf === 'string'
        && typeof value.address === 'string') markers.push(value as ThrowawayMarker);
    } catch {
      // A marker cut short (a full disk while writing it) is not a marker.
    }
  }
  return markers;
}
