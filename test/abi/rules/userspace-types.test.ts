/**
 * What a uAPI header may use: types userspace has. The kernel's own integer
 * names and bool are reported whatever the comparison could read; other
 * unknown names and structs used by value that are never defined only when
 * every #include was found (otherwise they may live in a header the
 * comparison could not read). Kernel-internal includes are proven against
 * the kernel tree.
 */
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { runChange } from './corpus-runner.ts';
import { tempDirs, writeFiles } from '../../support/temp-dirs.ts';

const RULE = 'uapi.type-unknown-to-userspace';
const PATH = 'include/uapi/linux/demo.h';

/** A stand-in kernel tree: headers found there are found as with --tree. */
const TREE = { 'include/uapi/linux/types.h': 'typedef unsigned long long __u64;\n' };

function found(before: string, after: string, tree: Record<string, string> | null = TREE): { rule: string; message: string }[] {
  return runChange(PATH, { before, after, code: null }, ['x86_64', 'i386'], tree ?? undefined).filter((f) => f.rule === RULE);
}

describe('uapi.type-unknown-to-userspace', () => {
  it('a struct used by value that nothing defines, when every include was found', () => {
    const f = found('', 'struct demo_node {\n\tstruct list_head node;\n\t__u64 data;\n};\n');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('struct list_head: never defined');
  });
  it('without a tree (diff context, GitHub) only the kernel integer names are certain', () => {
    const f = found('', 'struct demo_node {\n\tstruct list_head node;\n\tu64 data;\n};\n', null);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).not.toContain('list_head');
  });
  it('a pointer to one is fine (an incomplete type behind a pointer compiles)', () => {
    expect(found('', 'struct demo_node {\n\tstruct list_head *node;\n\t__u64 data;\n};\n')).toEqual([]);
  });
  it('an unknown name with an include missing: only the kernel integer names are certain', () => {
    const f = found('', '#include <linux/demo_missing.h>\nstruct demo_node {\n\tdemo_id_t id;\n\tstruct list_head node;\n\ts64 delta;\n};\n');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('`delta` (s64');
    expect(f[0]!.message).not.toMatch(/demo_id_t|list_head/);
  });
  it('a typedef of a kernel type, and a member re-typed to one', () => {
    expect(found('', 'typedef u16 demo_port_t;\n').map((f) => f.message).join()).toContain('typedef demo_port_t');
    const retyped = found('struct demo_x {\n\t__u32 a;\n};\n', 'struct demo_x {\n\tu32 a;\n};\n');
    expect(retyped).toHaveLength(1);
  });
  it('what was there before is not this change\'s doing', () => {
    const old = 'struct demo_x {\n\tu32 a;\n};\n';
    expect(found(old, `${old}#define DEMO_X 1\n`)).toEqual([]);
  });
});

describe('kernel-internal includes in a uAPI header (with a kernel tree)', () => {
  const dirs = tempDirs('abi-check-uapi-includes-');
  const tree = (files: Record<string, string>) => writeFiles(dirs(), files);
  const messages = (text: string, kernelTree: string, kernel = false) =>
    buildTypeModel({ path: PATH, text }, { abi: 'x86_64', kernel, includeDirs: [], kernelTree }).diagnostics.map((d) => d.message);

  it('the preprocessor names the tree header userspace does not have', () => {
    const root = tree({ 'include/linux/slab.h': '', 'arch/x86/include/asm/msr.h': '' });
    expect(messages('#include <linux/slab.h>\n', root)).toContain('linux/slab.h: a kernel-internal header (include/linux/slab.h), not exported to userspace');
    expect(messages('#include <asm/msr.h>\n', root)).toContain('asm/msr.h: a kernel-internal header (arch/x86/include/asm/msr.h), not exported to userspace');
  });
  it('not for a header the tree lacks altogether, nor for in-kernel code', () => {
    const root = tree({ 'include/linux/slab.h': '' });
    expect(messages('#include <linux/generated_only.h>\n', root).join()).not.toContain('kernel-internal');
    expect(messages('#include <linux/slab.h>\n', root, true).join()).not.toContain('kernel-internal');
  });
});

describe('uapi.header-not-self-contained', () => {
  const RULE2 = 'uapi.header-not-self-contained';
  const TYPES = { 'include/uapi/linux/types.h': 'typedef unsigned int __u32;\ntypedef unsigned long long __u64;\n' };
  const struct = 'struct demo_info {\n\t__u32 argsz;\n\t__u64 offset;\n};\n';
  const run = (before: string, after: string, tree?: Record<string, string>) =>
    runChange(PATH, { before, after, code: null }, ['x86_64'], tree).filter((f) => f.rule === RULE2);
  it('a new header that uses __u32 without including <linux/types.h>', () => {
    const f = run('', struct, TYPES);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('`__u32`, `__u64` (struct demo_info.argsz, struct demo_info.offset)');
  });
  it('not without a tree: diff-context never finds an include, the stand-ins are there for it', () => {
    expect(run(`#include <linux/types.h>\n${struct}`, struct)).toEqual([]);
  });
  it('a header that already relied on its includer is not this change\'s doing', () => {
    expect(run(struct, `${struct}#define DEMO_FLAG 1\n`, TYPES)).toEqual([]);
  });
});

describe('uapi.cxx-keyword', () => {
  const rules = (before: string, after: string) =>
    runChange(PATH, { before, after, code: null }, ['x86_64']).filter((f) => f.rule === 'uapi.cxx-keyword').map((f) => f.symbol);
  it('new enumerators and typedefs named with a C++ keyword, not old ones', () => {
    expect(rules('enum demo_op { DEMO_A };\n', 'enum demo_op { DEMO_A, new };\ntypedef __u32 class;\n')).toEqual(['new', 'class']);
    const old = 'struct demo_x {\n\t__u32 this;\n};\n';
    expect(rules(old, `${old}#define DEMO_X 1\n`)).toEqual([]);
  });
});
