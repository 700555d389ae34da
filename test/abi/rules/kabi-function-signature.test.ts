/**
 * kabi.function-signature-changed through the real front end, layout engine
 * and diff: function declarations of in-kernel headers compared by name.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const path = 'include/linux/demo_api.h';
const rule = (before: string, after: string) => runChange(path, { before, after, code: null }, ABIS).filter((f) => f.rule === 'kabi.function-signature-changed');

describe('in-kernel function declarations', () => {
  it('a return type that changes, typedefs kept as written in the message', () => {
    const before = 'typedef unsigned int u32;\nstruct demo_dev;\nextern int demo_reset(struct demo_dev *dev, u32 mask);\n';
    const after = before.replace('extern int demo_reset', 'extern void demo_reset');
    const found = rule(before, after);
    expect(found.map((f) => `${f.symbol} ${f.line}`)).toEqual(['demo_reset 3']);
    expect(found[0]!.message.startsWith('demo_reset() changes its signature: `int (struct demo_dev *, u32)` → `void (struct demo_dev *, u32)`. In-tree callers')).toBe(true);
  });

  it('a typedef for the same type, a renamed parameter, a new or removed function: no note', () => {
    const before = 'typedef unsigned int u32;\ntypedef unsigned int demo_mask_t;\nint demo_a(u32 mask);\nint demo_gone(void);\n';
    const after = 'typedef unsigned int u32;\ntypedef unsigned int demo_mask_t;\nint demo_a(demo_mask_t bits);\nint demo_new(void);\n';
    expect(rule(before, after)).toEqual([]);
  });

  it('a function returning a pointer, and several declared in one declaration', () => {
    const before = 'struct demo_buf;\nstruct demo_buf *demo_get(int id), *demo_peek(int id);\n';
    const after = before.replace('*demo_peek(int id)', '*demo_peek(long id)');
    expect(rule(before, after).map((f) => f.message.slice(0, 80))).toEqual(['demo_peek() changes its signature: `struct demo_buf * (int)` → `struct demo_buf * (long'.slice(0, 80)]);
  });

  it('many at once: one note, four spelled out and the rest named', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const before = `struct demo_ns;\nstruct demo_idmap;\n${names.map((n) => `int demo_${n}(struct demo_ns *ns);\n`).join('')}`;
    const after = before.replaceAll('(struct demo_ns *ns)', '(struct demo_idmap *idmap)');
    const found = rule(before, after);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('6 functions declared here change their signatures: demo_a() `int (struct demo_ns *)` → `int (struct demo_idmap *)`;');
    expect(found[0]!.message).toContain('; and demo_e(), demo_f(). In-tree callers');
  });
});
