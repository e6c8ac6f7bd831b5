/**
 * sysctl(8): read the simulated MIB by name or subtree, with -a -d -e -i -N -n -q -t (as FreeBSD prints
 * them); every simulated OID is read-only. On the simulated Linux host it answers like procps' sysctl.
 */
import { fail, ToolExit, usage } from './runtime/exit';
import { parseOptions } from './runtime/getopt';
import { hostConfig } from './runtime/stateStore';
import { SysctlLeaf, sysctlLeaves } from './sysctlTree';

const USAGE = 'usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a';

interface Flags { describe: boolean; equals: boolean; ignoreUnknown: boolean; namesOnly: boolean; valueOnly: boolean; quiet: boolean; types: boolean }

function render(leaf: SysctlLeaf, flags: Flags): string | undefined {
  if (flags.namesOnly) return leaf.name;
  const prefix = flags.valueOnly ? '' : `${leaf.name}${flags.equals ? '=' : ': '}`;
  if (flags.describe) return `${prefix}${leaf.description}`;
  if (flags.types) return `${prefix}${leaf.type}`;
  if (leaf.value === undefined) return undefined;
  return `${prefix}${leaf.value}`;
}

function runLinuxSysctl(argv: string[]): never {
  const names = argv.filter((word) => !word.startsWith('-'));
  for (const name of names) {
    process.stderr.write(`sysctl: cannot stat /proc/sys/${name.split('=')[0].replace(/\./g, '/')}: No such file or directory\n`);
  }
  throw new ToolExit(names.length > 0 ? 255 : 0);
}

export function runSysctl(argv: string[]): void {
  if (hostConfig().linuxHost) runLinuxSysctl(argv);
  const parsed = parseOptions('sysctl', argv, 'AabB:def:hiNnoqTtWXx', USAGE);
  const has = (flag: string) => parsed.options.some((option) => option.flag === flag);
  const flags: Flags = { describe: has('d'), equals: has('e'), ignoreUnknown: has('i'), namesOnly: has('N'), valueOnly: has('n'), quiet: has('q'), types: has('t') };
  const leaves = sysctlLeaves();
  const lines: string[] = [];
  let status = 0;
  const show = (selected: SysctlLeaf[]) => selected.forEach((leaf) => {
    const line = render(leaf, flags);
    if (line !== undefined) lines.push(line);
  });
  if (has('a') || has('A') || has('X')) {
    if (parsed.operands.length > 0) usage(USAGE);
    show(leaves);
  } else if (parsed.operands.length === 0) {
    usage(USAGE);
  }
  for (const operand of parsed.operands) {
    const [name, newValue] = operand.split(/=(.*)/s, 2);
    const exact = leaves.find((leaf) => leaf.name === name);
    const subtree = leaves.filter((leaf) => leaf.name.startsWith(`${name}.`));
    if (!exact && subtree.length === 0) {
      if (flags.ignoreUnknown) continue;
      if (!flags.quiet) process.stderr.write(`sysctl: unknown oid '${name}'\n`);
      status = 1;
      continue;
    }
    if (newValue !== undefined) {
      process.stdout.write(lines.map((line) => `${line}\n`).join(''));
      fail('sysctl', `oid '${name}' is read only`);
    }
    show(exact ? [exact] : subtree);
  }
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  if (status !== 0) throw new ToolExit(status);
}
