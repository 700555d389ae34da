/**
 * kabi.op-signature-changed: a callback keeps its name and slot but not its
 * prototype. Checked through the real front end, layout engine and diff.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const path = 'include/linux/demo_cb.h';

describe('a function pointer that changes its signature', () => {
  it('names each changed callback with both prototypes, typedefs resolved', () => {
    const before = 'typedef unsigned int demo_flags_t;\nstruct demo_ctx;\nstruct demo_hooks {\n\tint (*start)(struct demo_ctx *ctx);\n\tvoid (*stop)(struct demo_ctx *ctx, demo_flags_t flags);\n\tint nr;\n};\n';
    const after = before.replace('int (*start)(struct demo_ctx *ctx);', 'int (*start)(struct demo_ctx *ctx, unsigned long cookie);').replace('demo_flags_t flags', 'unsigned long long flags');
    const found = runChange(path, { before, after, code: null }, ABIS);
    expect(found.map((f) => `${f.rule} ${f.symbol} ${f.line}`)).toEqual(['kabi.op-signature-changed struct demo_hooks.start 4']);
    expect(found[0]!.message).toContain(
      'struct demo_hooks: 2 function pointers change their signatures: `start` `int (*)(struct demo_ctx *)` → `int (*)(struct demo_ctx *, unsigned long)`; `stop` `void (*)(struct demo_ctx *, demo_flags_t)` → `void (*)(struct demo_ctx *, unsigned long long)`.',
    );
  });

  it('a typedef renamed to the same type is no change', () => {
    const before = 'typedef unsigned int demo_flags_t;\ntypedef unsigned int demo_mask_t;\nstruct demo_hooks {\n\tvoid (*stop)(demo_flags_t flags);\n\tint nr;\n};\n';
    const after = before.replace('void (*stop)(demo_flags_t flags);', 'void (*stop)(demo_mask_t flags);');
    expect(runChange(path, { before, after, code: null }, ABIS)).toEqual([]);
  });

  it('a parameter type the front end cannot resolve is not compared', () => {
    const before = 'struct demo_hooks {\n\tvoid (*stop)(demo_unknown_t flags);\n\tint nr;\n};\n';
    const after = before.replace('demo_unknown_t flags', 'demo_other_t flags');
    expect(runChange(path, { before, after, code: null }, ABIS).filter((f) => f.rule === 'kabi.op-signature-changed')).toEqual([]);
  });
});

describe('many callbacks changed at once', () => {
  it('spells out the first four and names the rest', () => {
    const ops = ['a', 'b', 'c', 'd', 'e', 'f'];
    const before = `struct demo_ns;\nstruct demo_inode_ops {\n${ops.map((o) => `\tint (*${o})(struct demo_ns *ns, int x);\n`).join('')}};\n`;
    const after = before.replaceAll('struct demo_ns *ns', 'struct demo_idmap *idmap').replace('struct demo_ns;', 'struct demo_ns;\nstruct demo_idmap;');
    const [f] = runChange(path, { before, after, code: null }, ABIS);
    expect(f!.message).toContain('6 function pointers change their signatures: `a` `int (*)(struct demo_ns *, int)` → `int (*)(struct demo_idmap *, int)`;');
    expect(f!.message).toContain('`d` `int (*)(struct demo_ns *, int)` → `int (*)(struct demo_idmap *, int)`; and `e`, `f`. No member moves');
  });
});
