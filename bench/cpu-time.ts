/**
 * CPU time for the benchmarks: wall-clock ratios on a 2-core machine mix how
 * much work a run does with how well it spreads over the cores, so the
 * benchmarks print both.
 *
 * `processCpuSeconds` is this process's user + system time: every thread of
 * it, worker threads and V8's garbage-collector helpers included.
 * `childrenCpuSeconds` is the time of its child processes that have ended
 * and been waited for (Linux /proc/self/stat `cutime` + `cstime`), or null
 * where that file does not exist.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export function childrenCpuSeconds(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return null;
  return (cutime + cstime) / clockTicks();
}
