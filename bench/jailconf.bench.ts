// Times the jail.conf language core on generated files: parse, evaluate every jail and validate, as the
// editor does after each keystroke. Called by bench/run.mjs; returns the lines it prints.
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../src/core/jailconf';
import { median } from './stats';

/** A jail.conf in the usual style: global defaults with variables, then one block per jail. */
export function generateJailConf(jails: number): string {
  const lines = [
    '# Generated for the benchmark.',
    '$root = "/usr/local/jails";',
    '$domain = "bench.example.org";',
    'exec.start = "/bin/sh /etc/rc";',
    'exec.stop = "/bin/sh /etc/rc.shutdown jail";',
    'exec.consolelog = "/var/log/jails/${name}.log";',
    'exec.clean;',
    'mount.devfs;',
    'devfs_ruleset = 4;',
    'path = "$root/$name";',
    'host.hostname = "${name}.${domain}";',
    '',
  ];
  for (let i = 0; i < jails; i++) {
    const name = `jail${i}`;
    lines.push(
      `# ${name}: one of the generated jails`,
      `${name} {`,
      `    $octet = ${(i % 250) + 1};`,
      `    ip4.addr = "lo1|10.${(i >> 8) & 255}.${i & 255}.\${octet}/32";`,
      '    securelevel = 2;',
      '    enforce_statfs = 2;',
      '    allow.raw_sockets;',
      '    allow.nomount;',
      '    sysvshm = new;',
      `    mount.fstab = "/etc/fstab.${name}";`,
      '    exec.prestart += "logger starting ${name}";',
      '    exec.poststop += "logger stopped ${name}";',
      '    stop.timeout = 30;',
      '    persist;',
      ...(i > 0 ? [`    depend = jail${i - 1};`] : ['    children.max = 0;']),
      '    /* per-jail notes',
      '       kept in a block comment */',
      '}',
      '',
      '',
    );
  }
  // One join, which gives one flat string like the text an editor or a file read hands over (appending the
  // last newline would make a two-part string that every character read has to go through).
  lines.push('');
  return lines.join('\n');
}

/** A file of about `target` lines: twelve lines of globals and twenty per jail. */
const sized = (target: number): string => generateJailConf(Math.max(1, Math.round((target - 12) / 20)));


/**
 * Median time of `runs` analyses of the whole text, each from scratch (nothing is kept from one to the
 * next), after a few unmeasured ones: the editor analyses the same file again on every keystroke, with
 * its code already compiled by the JIT, and that steady state is what the budget is for.
 */
function measure(text: string, runs: number): { ms: number; diagnostics: number; jails: number } {
  const times: number[] = [];
  let diagnostics = 0;
  let jails = 0;
  for (let i = 0; i < 3; i++) analyzeText(text);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const analysis = analyzeText(text);
    times.push(performance.now() - started);
    diagnostics = analysis.diagnostics.length;
    jails = analysis.jails.length;
  }
  return { ms: median(times), diagnostics, jails };
}

export async function benchJailconf(): Promise<string[]> {
  const out: string[] = [];
  for (const [lines, runs, budget] of [
    [100000, 11, 150],
    [300, 51, 5],
  ] as const) {
    const text = sized(lines);
    const bytes = Buffer.byteLength(text);
    const { ms, diagnostics, jails } = measure(text, runs);
    const mbs = bytes / 1e6 / (ms / 1000);
    const count = text.split('\n').length - 1;
    out.push(
      `jail.conf ${count.toLocaleString('en-US')} lines, ${jails.toLocaleString('en-US')} jails, ${(bytes / 1e6).toFixed(2)} MB: parse+evaluate+validate median ${ms.toFixed(ms < 10 ? 2 : 0)} ms over ${runs} runs, ${mbs.toFixed(1)} MB/s (target < ${budget} ms; ${diagnostics} diagnostics)`,
    );
  }
  return out;
}
