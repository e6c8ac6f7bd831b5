/**
 * What one simulated host looks like: its release, its storage, its users and the jails it starts with.
 * Tests build a Scenario with `scenario({...})`; `npm run host:start` uses `demoScenario()`.
 */

export type LibxoVersion = '1' | '2' | '3';

export interface JailSeed {
  name: string;
  /** Running when the host comes up; otherwise only configured. */
  running: boolean;
  /** Where its configuration lives: /etc/jail.conf, /etc/jail.conf.d/NAME.conf or Bastille's tree. */
  configuredIn: 'jail.conf' | 'jail.conf.d' | 'bastille';
  /** Its address on lo1 (from 127.213.0.0/24 by default). */
  ip4: string;
  /** Serves a page on port 80 once started: apache24 installed from the fixture repository, enabled and started. */
  servesWeb?: boolean;
}

export interface LatencyOptions {
  /** One-way delay added to every chunk in each direction, in milliseconds. */
  delayMs: number;
  /** Bytes per second in each direction; unlimited when absent. */
  bytesPerSecond?: number;
}

export interface Scenario {
  /** Instance directory name under /srv/freebsd-jails-sim (unique per running host). */
  instance: string;
  hostName: string;
  /** e.g. 14.3-RELEASE-p2 (kernel and userland). */
  release: string;
  machine: 'amd64';
  zfs: boolean;
  vimage: boolean;
  libxoVersion: LibxoVersion;
  /** Login shell of root (FreeBSD before 14.0 used csh). */
  rootShell: '/bin/sh' | '/bin/csh';
  /** A second login that may use only doas (no sudo installed for it), or none. */
  doasUser?: string;
  /** `uname` says Linux and no FreeBSD tool exists: for testing the extension's refusal. */
  linuxHost: boolean;
  /** jail(8) has `-e` (newer FreeBSD); without it, as in older releases, `jail -e` is a usage error (exit 1). */
  jailConfigDump: boolean;
  /** Put a delaying, cuttable TCP proxy in front of sshd. */
  latency?: LatencyOptions;
  jails: JailSeed[];
  /** First three octets of the jail address pool. */
  jailAddressPrefix: string;
}

let instanceCounter = 0;

export function uniqueInstanceName(): string {
  instanceCounter += 1;
  return `sim-${process.pid}-${instanceCounter}-${Date.now().toString(36)}`;
}

export function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    instance: uniqueInstanceName(),
    hostName: 'freebsd-simulated',
    release: '14.3-RELEASE-p2',
    machine: 'amd64',
    zfs: true,
    vimage: true,
    libxoVersion: '2',
    rootShell: '/bin/sh',
    linuxHost: false,
    jailConfigDump: true,
    jails: [],
    jailAddressPrefix: '127.213.0',
    ...overrides,
  };
}

/** `count` Handbook-style jails in /etc/jail.conf named jail1…, the first `running` of them started. */
export function numberedJails(count: number, running: number, addressPrefix = '127.213.0'): JailSeed[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `jail${index + 1}`, running: index < running, configuredIn: 'jail.conf' as const, ip4: `${addressPrefix}.${index + 20}`,
  }));
}

/**
 * A few jails: two running, two configured but stopped (jail.conf and jail.conf.d), one Bastille-managed;
 * www serves a page with Apache on port 80.
 */
export function demoScenario(overrides: Partial<Scenario> = {}): Scenario {
  return scenario({
    doasUser: 'deploy',
    jails: [
      { name: 'www', running: true, configuredIn: 'jail.conf', ip4: '127.213.0.10', servesWeb: true },
      { name: 'db', running: true, configuredIn: 'jail.conf.d', ip4: '127.213.0.11' },
      { name: 'build', running: false, configuredIn: 'jail.conf', ip4: '127.213.0.12' },
      { name: 'mail', running: false, configuredIn: 'jail.conf.d', ip4: '127.213.0.13' },
      { name: 'bastion', running: true, configuredIn: 'bastille', ip4: '127.213.0.14' },
    ],
    ...overrides,
  });
}
