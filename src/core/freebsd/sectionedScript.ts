/**
 * Many questions to a host in one exec round trip: each section is a shell fragment whose stdout, and exit
 * status, come back between marker lines. A random nonce in the markers keeps a section's own output from
 * being taken for a marker. The script is meant to be sent on stdin to `/bin/sh -s` (see the runner).
 */

export interface Section {
  name: string;
  script: string;
}

export interface SectionResult {
  output: string;
  status: number;
}

/** FreeBSD's default PATH, so that a login environment cannot change which tool answers. */
export const freebsdPath = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin';

const namePattern = /^[a-z][a-z0-9-]*$/;

export function buildSectionedScript(sections: Section[], nonce: string): string {
  if (!/^[A-Za-z0-9]{8,}$/.test(nonce)) throw new Error('the section nonce must be 8 or more letters and digits');
  const lines = [`PATH=${freebsdPath}; export PATH`, 'exec 2>&1'];
  for (const section of sections) {
    if (!namePattern.test(section.name)) throw new Error(`bad section name "${section.name}"`);
    // A subshell keeps one section's `exit` or `cd` from ending or moving the others.
    lines.push(`echo '@@${nonce} begin ${section.name}'`, `( ${section.script}\n)`, `echo "@@${nonce} end ${section.name} $?"`);
  }
  return lines.join('\n') + '\n';
}

export class SectionedOutputError extends Error {}

/** Splits the script's output; a section cut short (the link dropped, the host killed it) is an error. */
export function splitSections(stdout: string, nonce: string, expected: string[]): Map<string, SectionResult> {
  const results = new Map<string, SectionResult>();
  const begin = `@@${nonce} begin `;
  const end = `@@${nonce} end `;
  let current: { name: string; lines: string[] } | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(begin)) {
      current = { name: line.slice(begin.length), lines: [] };
    } else if (line.startsWith(end) && current) {
      const [name, status] = line.slice(end.length).split(' ');
      if (name !== current.name) throw new SectionedOutputError(`section "${current.name}" ended as "${name}"`);
      results.set(name, { output: current.lines.join('\n'), status: Number(status) });
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  const missing = expected.filter((name) => !results.has(name));
  if (missing.length > 0) throw new SectionedOutputError(`the host's answer stopped before: ${missing.join(', ')}`);
  return results;
}
