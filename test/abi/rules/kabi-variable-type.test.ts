/**
 * kabi.variable-type-changed through the real front end, layout engine and
 * diff: `extern` variables of in-kernel headers compared by name, with the
 * size of each type on every ABI.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const path = 'include/linux/demo_api.h';
const run = (before: string, after: string) => runChange(path, { before, after, code: null }, ABIS);
const rule = (before: string, after: string) => run(before, after).filter((f) => f.rule === 'kabi.variable-type-changed');

describe('in-kernel extern variables', () => {
  it('a type that changes size on some ABIs: the sizes per ABI, typedefs kept as written', () => {
    const before = 'typedef unsigned int u32;\nextern u32 demo_limit;\n';
    const after = 'typedef unsigned int u32;\nextern unsigned long demo_limit;\n';
    const found = rule(before, after);
    expect(found.map((f) => `${f.level} ${f.symbol} ${f.line}`)).toEqual(['note demo_limit 2']);
    expect(found[0]!.message.startsWith('demo_limit changes type: `u32` → `unsigned long` (sizeof x86_64: 4 → 8 bytes; i386: 4 bytes, unchanged). In-tree users')).toBe(true);
  });

  it('an array bound, a pointer to another struct, several in one declaration', () => {
    const before = 'struct demo_a;\nstruct demo_b;\nextern int demo_table[16], demo_count;\nextern struct demo_a *demo_cur;\n';
    const after = 'struct demo_a;\nstruct demo_b;\nextern int demo_table[32], demo_count;\nextern struct demo_b *demo_cur;\n';
    expect(rule(before, after).map((f) => f.message.split('. ')[0])).toEqual([
      'demo_table changes type: `int [16]` → `int [32]` (sizeof all 2 ABIs: 64 → 128 bytes)',
      'demo_cur changes type: `struct demo_a *` → `struct demo_b *` (sizeof x86_64: 8 bytes, unchanged; i386: 4 bytes, unchanged)',
    ]);
  });

  it('a typedef whose definition changes reads the same on both sides: what it stands for is spelled', () => {
    // 6.12's ftrace.h gave trace_func_graph_ret_t a second parameter
    const before = 'struct demo_ret;\ntypedef void (*demo_ret_t)(struct demo_ret *);\nextern demo_ret_t demo_return;\n';
    const after = 'struct demo_ret;\nstruct demo_ops;\ntypedef void (*demo_ret_t)(struct demo_ret *, struct demo_ops *);\nextern demo_ret_t demo_return;\n';
    expect(rule(before, after).map((f) => f.message.split(' (sizeof')[0])).toEqual([
      'demo_return changes type: `demo_ret_t = void (struct demo_ret *) *` → `demo_ret_t = void (struct demo_ret *, struct demo_ops *) *`',
    ]);
  });

  it('an array declared without its bound on one side is the same object; its element type changing is said by element size', () => {
    // 6.12's lockd.h gave nlmsvc_procedures its bound; libata.h's sata_deb_timing_* went from unsigned long to unsigned int
    expect(rule('struct demo_proc { int n; };\nextern struct demo_proc demo_procs[];\nextern char demo_str[];\n', 'struct demo_proc { int n; };\nextern struct demo_proc demo_procs[24];\nextern char demo_str[10];\n')).toEqual([]);
    expect(rule('extern const unsigned long demo_timing[];\n', 'extern const unsigned int demo_timing[];\n').map((f) => f.message.split('. ')[0])).toEqual([
      'demo_timing changes type: `unsigned long []` → `unsigned int []` (element size x86_64: 8 → 4 bytes; i386: 4 bytes, unchanged)',
    ]);
  });

  it('functions are the function rule\'s, variables not: each change is said once', () => {
    const before = 'extern int demo_level;\nextern int demo_get(void);\n';
    const after = 'extern long demo_level;\nextern long demo_get(void);\n';
    expect(run(before, after).filter((f) => f.kind === 'kabi').map((f) => `${f.rule} ${f.symbol}`).sort()).toEqual([
      'kabi.function-signature-changed demo_get',
      'kabi.variable-type-changed demo_level',
    ]);
  });

  it('many at once: one note, four spelled out and the rest named', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const before = names.map((n) => `extern int demo_${n};\n`).join('');
    const found = rule(before, before.replaceAll('extern int', 'extern long'));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('6 variables declared here change their types: demo_a `int` → `long` (sizeof x86_64: 4 → 8 bytes; i386: 4 bytes, unchanged);');
    expect(found[0]!.message).toContain('; and demo_e, demo_f. In-tree users');
  });

  it('an undeclared type is not compared; a uAPI header declares no such interface', () => {
    expect(rule('extern demo_unknown_t demo_x;\n', 'extern int demo_x;\n')).toEqual([]);
    const uapi = runChange('include/uapi/linux/demo.h', { before: 'extern int demo_y;\n', after: 'extern long demo_y;\n', code: null }, ABIS);
    expect(uapi.filter((f) => f.rule === 'kabi.variable-type-changed')).toEqual([]);
  });
});
