/**
 * `extern` variables in the TypeModel: in-kernel code only, read quietly
 * like function declarations (prototypes.test.ts), and kept when a unit's
 * walk of an included header is replayed rather than redone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { tempDirs, writeFiles } from '../../support/temp-dirs.ts';

const text = [
  'struct demo_dev;',
  'extern unsigned long demo_limit, demo_table[4];',
  'extern struct demo_dev *demo_default;',
  'extern int (*demo_hook)(int);',
  'extern demo_unknown_t demo_opaque;',
  'static int demo_local;',
  'int demo_tentative;',
  'extern int demo_fn(int);',
  '',
].join('\n');

const dirs = tempDirs('abi-check-extern-vars-');

describe('extern variables', () => {
  it('are listed for in-kernel code: not static ones, not tentative definitions, not functions', () => {
    const m = buildTypeModel({ path: 'include/linux/demo.h', text }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.variables!.map((v) => `${v.name}:${v.loc.line}:${v.type.kind}`)).toEqual([
      'demo_limit:2:builtin', 'demo_table:2:array', 'demo_default:3:pointer', 'demo_hook:4:pointer', 'demo_opaque:5:typedef',
    ]);
    expect(m.prototypes!.map((p) => p.name)).toEqual(['demo_fn']);
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('are not read in uAPI headers', () => {
    const m = buildTypeModel({ path: 'include/uapi/linux/demo.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(m.variables).toBeUndefined();
  });

  it('of an included header are in every unit that includes it, its walk replayed or not', () => {
    const root = writeFiles(dirs(), { 'linux/demo_vars.h': '#ifndef DEMO_VARS_H\n#define DEMO_VARS_H\nextern unsigned int demo_count;\n#endif\n' });
    const unit = (name: string) =>
      buildTypeModel({ path: join(root, name), text: `#include <linux/demo_vars.h>\nextern long ${name.replace('.c', '')}_own;\n` }, { abi: 'x86_64', kernel: true, includeDirs: [root] });
    for (const name of ['first.c', 'second.c', 'third.c']) {
      expect(unit(name).variables!.map((v) => v.name)).toEqual(['demo_count', `${name.replace('.c', '')}_own`]);
    }
  });
});
