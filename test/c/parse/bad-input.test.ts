/**
 * Bad input gives clear diagnostics with file:line, never a crash or a hang.
 */
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { MAX_NESTING } from '../../../src/c/parse/nesting-guard.ts';
import { errors, parseText, record } from './helpers.ts';

describe('bad input', () => {
  it('10,000 nested braces: the construct is skipped with a diagnostic, the rest is kept', () => {
    const deep = `struct ok1 { int a; };\nstruct deep { ${'struct { '.repeat(10_000)}int x; ${'} y; '.repeat(10_000)}};\nstruct ok2 { int b; };\n`;
    const t0 = performance.now();
    const m = parseText(deep);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(errors(m)).toEqual([`t.h:2: nesting deeper than ${MAX_NESTING} levels (10001); this construct was skipped`]);
    expect(m.records.filter((r) => r.complete).map((r) => r.tag)).toEqual(['ok1', 'ok2']);
  });

  it('10,000 nested parentheses in an array size', () => {
    const m = parseText(`struct s { char a[${'('.repeat(10_000)}1${')'.repeat(10_000)}]; };\nstruct t { int x; };`);
    expect(errors(m)[0]).toMatch(/^t\.h:1: nesting deeper than/);
    expect(record(m, 't').members).toHaveLength(1);
  });

  it('a 10 MB header parses within bounded time', () => {
    const one = (i: number) => `struct s${i} {\n\tunsigned int a;\n\tunsigned long long b[4];\n\tchar name[16] __attribute__((aligned(8)));\n};\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const p = one(i);
      parts.push(p);
      size += p.length;
    }
    const t0 = performance.now();
    const m = parseText(parts.join(''));
    const ms = performance.now() - t0;
    console.log(`10 MB header: ${parts.length} structs parsed in ${(ms / 1000).toFixed(1)} s`);
    expect(m.records).toHaveLength(parts.length);
    expect(errors(m)).toEqual([]);
    expect(m.records[parts.length - 1]!.members[2]!.attrs.aligned).toBe(8);
  }, 120_000);

  it('syntax errors are reported with file:line and everything around them is still extracted', () => {
    const m = parseText(`struct before { int a; };\nstruct broken { int x int y; };\nint = = 3;\nstruct after { int b; };\n`);
    const errs = errors(m);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => /^t\.h:[23]: syntax error/.test(e))).toBe(true);
    expect(record(m, 'before').members.map((x) => x.name)).toEqual(['a']);
    expect(record(m, 'after').members.map((x) => x.name)).toEqual(['b']);
  });

  it('unknown types, unterminated comments and missing includes come back as diagnostics', () => {
    const text = `#include <does/not/exist.h>\nstruct s {\n  mystery_t a;\n  u32 b;\n};\n/* never closed\nstruct t { int z; };\n`;
    const m = buildTypeModel({ path: '/tmp/bad.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    const msgs = m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.file}:${d.loc.line}`);
    expect(msgs).toEqual(expect.arrayContaining(['/tmp/bad.h:1', '/tmp/bad.h:3', '/tmp/bad.h:4', '/tmp/bad.h:6']));
    // u32 is a kernel-only name: unknown in a uapi header, known in kernel code
    const k = buildTypeModel({ path: '/tmp/bad.h', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(k.diagnostics.some((d) => d.message === "unknown type name 'u32'")).toBe(false);
  });

  it('a redefined struct is reported, not merged', () => {
    const m = parseText(`struct a { int x; };\nstruct a { long y; };`);
    expect(errors(m)).toEqual(["t.h:2: redefinition of 'struct a'"]);
  });
});
