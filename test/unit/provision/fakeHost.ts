/**
 * A host for provisioning unit tests: answers the inspection script section by section from a description,
 * records every other script, and fails those a test chooses.
 */
import type { HostCapabilities } from '../../../src/core/hosts/probe';
import type { HostShell } from '../../../src/core/provision/hostScript';
import type { ScriptOutput } from '../../../src/core/ssh/commandRunner';

export interface FakeHostState {
  sections: Record<string, string>;
  scripts: string[];
  /** A script containing this text fails with this message. */
  failures: { match: string; message: string; status?: number }[];
  delayMs: number;
}

export function fakeHost(sections: Record<string, string> = {}): FakeHostState & HostShell {
  const state: FakeHostState & HostShell = {
    sections: { jls: '{"__version": "2", "jail-information": {"jail": []}}', machine: 'amd64\namd64', pkg: 'yes', interface: 'yes', ...sections },
    scripts: [],
    failures: [],
    delayMs: 0,
    async runScript(script: string): Promise<ScriptOutput> {
      state.scripts.push(script);
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      const begins = [...script.matchAll(/echo '@@([A-Za-z0-9]+) begin ([a-z0-9-]+)'/g)];
      if (begins.length > 0 && script.includes(' begin filesystems')) {
        const out = begins.map(([, nonce, name]) => `@@${nonce} begin ${name}\n${state.sections[name] ?? ''}\n@@${nonce} end ${name} 0`).join('\n');
        return { stdout: `${out}\n`, stderr: '', exitCode: 0 };
      }
      const failure = state.failures.find((f) => script.includes(f.match));
      if (failure) return { stdout: '', stderr: `${failure.message}\n`, exitCode: failure.status ?? 1 };
      return { stdout: '', stderr: '', exitCode: 0 };
    },
  };
  return state;
}

export const capabilities: HostCapabilities = {
  kernelVersion: '14.3-RELEASE-p2', userlandVersion: '14.3-RELEASE-p2', osreldate: 1403000, jailed: false, vimage: true,
  jailParameters: [], zfsPools: ['zroot'], jlsLibxo: true, jailConfigDump: false, managers: [], user: 'root', privilege: 'root',
};
