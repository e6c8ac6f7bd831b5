// CPU time spent by this process's descendants (the simulated hosts: sshd, the simulated tools, the web
// server stand-ins), from /proc: for each live descendant its own time and that of the children it has
// reaped, plus what this process has reaped itself. On 2 shared cores it tells a benchmark's wall time that
// waits on the host's CPU from wall time that waits on the extension.
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100;

interface ProcStat { ppid: number; ticks: number; reapedTicks: number }

function statOf(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: fields are counted after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return { ppid: Number(fields[1]), ticks: utime + stime, reapedTicks: cutime + cstime };
  } catch {
    return undefined;
  }
}

/** Seconds of CPU used so far by every process started under this one, reaped or not. */
export function descendantsCpuSeconds(): number {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  const isDescendant = (pid: number): boolean => {
    for (let parent = stats.get(pid)?.ppid; parent !== undefined && parent > 1; parent = stats.get(parent)?.ppid) {
      if (parent === process.pid) return true;
    }
    return false;
  };
  let ticks = stats.get(process.pid)?.reapedTicks ?? 0;
  for (const [pid, stat] of stats) if (isDescendant(pid)) ticks += stat.ticks + stat.reapedTicks;
  return ticks / ticksPerSecond;
}
