/** uname(1) of FreeBSD 14/15 (or of Debian, on the simulated Linux host). */
import { hostname } from 'node:os';
import { parseOptions } from './runtime/getopt';
import { hostConfig } from './runtime/stateStore';

export function kernelIdent(release: string): string {
  const [major, minor] = release.split(/[.-]/);
  return `releng/${major}.${minor}-n271432-8c9ce319fef7 GENERIC`;
}

interface UnameFields { s: string; n: string; r: string; v: string; m: string; p: string; i: string; K: string; U: string; o: string }

function fields(): UnameFields {
  const config = hostConfig();
  if (config.linuxHost) {
    return { s: 'Linux', n: hostname(), r: '6.1.0-31-amd64', v: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)',
      m: 'x86_64', p: 'unknown', i: 'unknown', K: '', U: '', o: 'GNU/Linux' };
  }
  return { s: 'FreeBSD', n: hostname(), r: config.release, v: `FreeBSD ${config.release} ${kernelIdent(config.release)}`,
    m: config.machine, p: config.machine, i: 'GENERIC', K: String(config.osreldate), U: String(config.osreldate), o: 'FreeBSD' };
}

export function runUname(argv: string[]): void {
  const linux = hostConfig().linuxHost;
  const parsed = parseOptions('uname', argv, linux ? 'asnrvmpio' : 'abiKmnoprsUv',
    linux ? "Try 'uname --help' for more information." : 'usage: uname [-abiKmnoprsUv]');
  const values = fields();
  let wanted = parsed.options.map((option) => option.flag);
  if (wanted.includes('a')) wanted = linux ? ['s', 'n', 'r', 'v', 'm', 'o'] : ['s', 'n', 'r', 'v', 'm'];
  if (wanted.length === 0) wanted = ['s'];
  const order: Array<keyof UnameFields> = linux ? ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'] : ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'K', 'U', 'o'];
  const shown = order.filter((flag) => wanted.includes(flag)).map((flag) => values[flag]);
  process.stdout.write(`${shown.join(' ')}\n`);
}
