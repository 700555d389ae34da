import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childrenCpuSeconds, processCpuSeconds } from '../../bench/cpu-time.ts';

/** Burns `ms` of CPU time in this thread (CPU time, not wall time: other tests may share the cores). */
function spin(ms: number): number {
  const start = process.cpuUsage();
  let x = 0;
  while (process.cpuUsage(start).user < ms * 1000) for (let i = 0; i < 1e6; i++) x = (x * 31 + i) | 0;
  return x;
}

describe('bench CPU time', () => {
  it("counts this process's own work", () => {
    const before = processCpuSeconds();
    spin(300);
    expect(processCpuSeconds() - before).toBeGreaterThan(0.2);
  });

  it.runIf(existsSync('/proc/self/stat'))('counts the work of child processes once they have ended, and only then', () => {
    const before = childrenCpuSeconds();
    expect(before).not.toBeNull();
    spin(100);
    // this process's own work is not a child's
    expect(childrenCpuSeconds()! - before!).toBeLessThan(0.05);
    const r = spawnSync(process.execPath, ['-e', 'const s = process.cpuUsage(); let x = 0; while (process.cpuUsage(s).user < 400000) for (let i = 0; i < 1e6; i++) x = (x * 31 + i) | 0;']);
    expect(r.status).toBe(0);
    const spent = childrenCpuSeconds()! - before!;
    expect(spent).toBeGreaterThan(0.3);
    expect(spent).toBeLessThan(5);
  });
});
