/**
 * exportedLines: what headers_install would check in a uAPI header, line by
 * line (comments blanked, // comments seen, __KERNEL__-only regions marked).
 */
import { describe, expect, it } from 'vitest';
import { exportedLines } from '../../../src/abi/rules/exported-lines.ts';

describe('exportedLines', () => {
  it('blanks block comments across lines, not literals', () => {
    const l = exportedLines('int a; /* CONFIG_A\n CONFIG_B */ int b;\n#define S "// not a comment /* nor this */"\n');
    expect(l[0]!.code).not.toContain('CONFIG_A');
    expect(l[1]!.code).not.toContain('CONFIG_B');
    expect(l[1]!.code).toContain('int b;');
    expect(l[2]!.cppComment).toBe(false);
    expect(l[2]!.code).toContain('// not a comment');
  });
  it('sees // comments, and not in block comments', () => {
    const l = exportedLines('int a; // x\n/* http://x */ int b;\n');
    expect(l.map((x) => x.cppComment)).toEqual([true, false, false]);
  });
  it('marks regions only the kernel sees, nested and with #else', () => {
    const text = [
      '#ifdef __KERNEL__', 'k1', '#ifdef CONFIG_X', 'k2', '#endif', '#else', 'u1', '#endif',
      '#ifndef __KERNEL__', 'u2', '#else', 'k3', '#endif',
      '#if defined(__KERNEL__) && defined(CONFIG_Y)', 'k4', '#endif',
      '#if defined(__KERNEL__) || defined(CONFIG_Z)', 'u3', '#endif',
    ].join('\n');
    const l = exportedLines(text);
    const kernelOnly = (name: string) => l[text.split('\n').indexOf(name)]!.kernelOnly;
    expect(['k1', 'k2', 'k3', 'k4'].map(kernelOnly)).toEqual([true, true, true, true]);
    expect(['u1', 'u2', 'u3'].map(kernelOnly)).toEqual([false, false, false]);
  });
});
