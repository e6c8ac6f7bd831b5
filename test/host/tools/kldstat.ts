/** kldstat(8): the kernel modules of a GENERIC host with ZFS and jails' usual helpers; -q -m NAME probes one. */
import { ToolExit } from './runtime/exit';
import { hasFlag, lastValue, parseOptions } from './runtime/getopt';
import { hostConfig } from './runtime/stateStore';

function modules(): string[] {
  return ['kernel', ...(hostConfig().zfs ? ['zfs.ko'] : []), 'nullfs.ko', 'if_bridge.ko', 'bridgestp.ko', 'if_epair.ko', 'pf.ko', 'mac_ntpd.ko'];
}

export function runKldstat(argv: string[]): void {
  const parsed = parseOptions('kldstat', argv, 'dhi:m:n:qv', 'usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]');
  const wanted = lastValue(parsed, 'm') ?? lastValue(parsed, 'n');
  const loaded = modules();
  if (wanted !== undefined) {
    const found = loaded.includes(wanted) || loaded.includes(`${wanted}.ko`) || loaded.includes(wanted.replace(/\.ko$/, ''));
    if (!found) {
      if (!hasFlag(parsed, 'q')) process.stderr.write(`kldstat: can't find ${lastValue(parsed, 'm') !== undefined ? 'module' : 'file'} ${wanted}: No such file or directory\n`);
      throw new ToolExit(1);
    }
    if (hasFlag(parsed, 'q')) return;
  }
  const rows = loaded.map((name, index) => `${String(index + 1).padStart(2)} ${String(index === 0 ? 39 : 1).padStart(5)} 0x${(0xffffffff80200000 + index * 0x100000).toString(16)} ${(index === 0 ? 0x1f3e7b8 : 0x2a000).toString(16).padStart(8)} ${name}`);
  process.stdout.write(`Id Refs Address                Size Name\n${rows.map((row) => `${row}\n`).join('')}`);
}
