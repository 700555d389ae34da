/**
 * Macro values that read as changed but are not: the same 64-bit pattern
 * spelled another way (`-1` → `-1ULL`, svm.h's SVM_EXIT_ERR), a minor
 * version number reset by a major bump (version.h 6.12 → 7.2), a mask named
 * *_ALLFLAGS that only gained bits (NFSEXP_ALLFLAGS).
 */
import { describe, expect, it } from 'vitest';
import { runChange } from './corpus-runner.ts';

const rules = (before: string, after: string) =>
  runChange('include/uapi/linux/demo.h', { before, after, code: null }, ['x86_64', 'i386']).map((f) => `${f.level} ${f.rule} ${f.symbol}`);

describe('values that did not change', () => {
  it('-1 → -1ULL is the same pattern', () => {
    expect(rules('#define DEMO_EXIT_ERR -1\n', '#define DEMO_EXIT_ERR -1ull\n')).toEqual([]);
  });
  it('-1 → 0xfffffffe is a change', () => {
    expect(rules('#define DEMO_EXIT_ERR -1\n', '#define DEMO_EXIT_ERR 0xfffffffe\n')).toContain('error uapi.macro-value-changed DEMO_EXIT_ERR');
  });
  it('a minor version reset by a major bump is a version note, not a value change', () => {
    const v = (major: number, minor: number) => `#define DEMO_VERSION_MAJOR ${major}\n#define DEMO_VERSION_MINOR ${minor}\n`;
    expect(rules(v(6, 12), v(7, 2))).toEqual(['note uapi.version-changed DEMO_VERSION_MAJOR']);
    expect(rules(v(6, 12), v(6, 2))).toContain('error uapi.macro-value-changed DEMO_VERSION_MINOR');
  });
  it('an *_ALLFLAGS mask that gains bits', () => {
    expect(rules('#define DEMO_ALLFLAGS 0x3feff\n', '#define DEMO_ALLFLAGS 0x3ffff\n').filter((r) => r.startsWith('error'))).toEqual([]);
  });
});

describe('limits', () => {
  it('a limit that grows is a warning to check, one that shrinks an error', () => {
    expect(rules('#define DEMO_MAX_ARG_SIZE 1024\n', '#define DEMO_MAX_ARG_SIZE 4096\n')).toEqual(['warning uapi.limit-raised DEMO_MAX_ARG_SIZE']);
    expect(rules('#define MAXDEMOBLOBSIZE 336\n', '#define MAXDEMOBLOBSIZE 320\n')).toEqual(['error uapi.macro-value-changed MAXDEMOBLOBSIZE']);
  });
});
