/**
 * Function declarations in the TypeModel: in-kernel code only, not static,
 * read quietly (an undeclared type in a declaration is no error, and does
 * not take the report from a struct member that names it later).
 */
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';

const text = [
  'struct demo_dev;',
  'int demo_enable(struct demo_dev *dev);',
  'static int demo_hidden(int x);',
  'extern void demo_set(struct demo_dev *dev, demo_unknown_t flags), demo_other(int), *demo_alloc(unsigned long n);',
  'int (*demo_hook)(int);',
  'struct demo_s { int a; demo_unknown_t b; };',
  '',
].join('\n');

describe('function declarations', () => {
  it('are listed for in-kernel code: not static ones, not variables of function-pointer type', () => {
    const m = buildTypeModel({ path: 'include/linux/demo.h', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.prototypes!.map((p) => `${p.name}:${p.loc.line}`)).toEqual(['demo_enable:2', 'demo_set:4', 'demo_other:4', 'demo_alloc:4']);
    const alloc = m.prototypes!.find((p) => p.name === 'demo_alloc')!.type;
    expect(alloc).toMatchObject({ kind: 'function', returns: { kind: 'pointer', to: { kind: 'void' } } });
  });

  it('report an undeclared type only where a struct member names it', () => {
    const m = buildTypeModel({ path: 'include/linux/demo.h', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.line}: ${d.message}`)).toEqual(["6: unknown type name 'demo_unknown_t'"]);
  });

  it('are not read in uAPI headers', () => {
    const m = buildTypeModel({ path: 'include/uapi/linux/demo.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(m.prototypes).toBeUndefined();
  });
});
