/**
 * A series that changes the type of a variable an in-kernel header declares
 * `extern` (a class made an object, a bus type constified): the definitions
 * and other `extern` declarations it leaves spelling the old type are named
 * by kabi.variable-type-changed (conflicting types: none compiles). The
 * series' own files are read as it leaves them; with a kernel tree, the
 * others from the tree. A change of qualifiers alone is said only where
 * such a definition is left, as for functions. A pointer made the object it
 * pointed to also has the uses still treating it as a pointer named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';
import { wholeFileDiff as rewrite } from '../support/whole-file-diff.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const tempDir = tempDirs('abi-check-variables-');

const HEADER = 'include/linux/demo_class.h';
const header = (decls: string) => `#ifndef _DEMO_CLASS_H\n#define _DEMO_CLASS_H\nstruct class;\nstruct bus_type;\n${decls}\nvoid demo_register(void);\n#endif\n`;
const OLD = 'extern struct class *demo_class;\nextern struct bus_type demo_bus;';
const core = (klass: string, bus: string) =>
  `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_class.h>\n\n${klass} __ro_after_init;\nEXPORT_SYMBOL_GPL(demo_class);\n\n${bus} = {\n\t.name = "demo",\n};\n`;
const OLD_CORE = core('struct class *demo_class', 'struct bus_type demo_bus');
const user = `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_class.h>\n\nstatic struct class *demo_class;\n\nvoid demo_use(void)\n{\n\tstruct bus_type *demo_bus = 0;\n\t(void)demo_bus;\n}\n`;

async function run(diffs: string[], opts: { tree?: boolean; files?: Record<string, string> } = {}) {
  const dir = tempDir();
  const root = writeFiles(join(dir, 'tree'), {
    [HEADER]: header(OLD),
    'drivers/base/demo_core.c': OLD_CORE,
    'drivers/demo/user.c': user,
    'include/linux/demo_extra.h': '#ifndef _DEMO_EXTRA_H\n#define _DEMO_EXTRA_H\nextern struct class *demo_class;\n#endif\n',
    ...opts.files,
  });
  const patch = join(dir, 'vars.patch');
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: constify\n\n---\n${diffs.join('')}`);
  const r = await runPipeline({ target: patch, ...(opts.tree === false ? {} : { tree: root }), offline: true, abis: ['x86_64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report.findings.filter((f) => f.rule === 'kabi.variable-type-changed');
}

describe('definitions and declarations left with the old type of a variable', () => {
  it('a pointer made an object: the tree\'s definition and other extern declaration are named, not a static variable or a local of that name', async () => {
    const [f, ...more] = await run([rewrite(HEADER, header(OLD), header('extern const struct class demo_class;\nextern struct bus_type demo_bus;'))]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('demo_class changes type: `struct class *` → `struct class`');
    expect(f!.message).toContain('2 definitions and declarations still spell the old type after this patch (conflicting types: the build breaks): drivers/base/demo_core.c:4, include/linux/demo_extra.h:3.');
    expect(f!.message).not.toContain('user.c');
    expect(f!.suggestion).toContain('Change these 2 places in the same patch as the header');
  });

  it('the series\' own .c file is read as it leaves it: converted, nothing is named; left, it is', async () => {
    const converted = core('const struct class demo_class = { .name = "demo" }', 'struct bus_type demo_bus');
    const newHeader = header('extern const struct class demo_class;\nextern struct bus_type demo_bus;');
    const extra = rewrite('include/linux/demo_extra.h', '#ifndef _DEMO_EXTRA_H\n#define _DEMO_EXTRA_H\nextern struct class *demo_class;\n#endif\n', '#ifndef _DEMO_EXTRA_H\n#define _DEMO_EXTRA_H\n#endif\n');
    const [f] = await run([rewrite(HEADER, header(OLD), newHeader), rewrite('drivers/base/demo_core.c', OLD_CORE, converted), extra]);
    expect(f!.message).toContain('demo_class changes type');
    expect(f!.message).not.toContain('after this patch');
    expect(f!.suggestion).toContain('Fine in-tree');
    // a file the series touches elsewhere but leaves spelling the old type: named as the series leaves it
    const touched = rewrite('drivers/base/demo_core.c', OLD_CORE, `// another line\n${OLD_CORE}`);
    const [g] = await run([rewrite(HEADER, header(OLD), newHeader), touched, extra]);
    expect(g!.message).toContain('The definition still spells the old type after this patch (conflicting types: the build breaks): drivers/base/demo_core.c:5.');
    // without a tree, a file the diff shows only part of is not read (its other lines are unknown)
    const [h] = await run([rewrite(HEADER, header(OLD), newHeader), touched, extra], { tree: false });
    expect(h!.message).not.toContain('after this patch');
  });

  it('qualifiers alone (a bus type constified): said only where a definition is left without them, and named', async () => {
    const constified = header('extern struct class *demo_class;\nextern const struct bus_type demo_bus;');
    const [f, ...more] = await run([rewrite(HEADER, header(OLD), constified)]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('demo_bus changes qualifiers: `struct bus_type` → `const struct bus_type`. Only qualifiers change');
    expect(f!.message).toContain('The definition still spells the old type after this patch (conflicting types: the build breaks): drivers/base/demo_core.c:7.');
    expect(f!.suggestion).toContain('Change that definition in the same patch');
    const converted = core('struct class *demo_class', 'const struct bus_type demo_bus');
    expect(await run([rewrite(HEADER, header(OLD), constified), rewrite('drivers/base/demo_core.c', OLD_CORE, converted)])).toEqual([]);
    // const dropped (6.12's mmap_rnd_bits_max), the definition left with it: nothing faults, the build still breaks
    const files = { [HEADER]: constified, 'drivers/base/demo_core.c': converted };
    const [g] = await run([rewrite(HEADER, constified, header(OLD))], { files });
    expect(g!.message).toContain('demo_bus changes qualifiers: `const struct bus_type` → `struct bus_type`. Only qualifiers change: code using it compiles and runs as before; with CONFIG_MODVERSIONS');
    expect(g!.message).toContain('The definition still spells the old type after this patch (conflicting types: the build breaks): drivers/base/demo_core.c:7.');
  });

  it('a pointer made an object: the uses still treating it as a pointer are named, converted ones and the file\'s own variable are not', async () => {
    const probe = (use: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_class.h>\n\nvoid demo_probe(struct device *dev)\n{\n\t${use};\n}\n`;
    const files = { 'drivers/demo/probe.c': probe('dev->class = demo_class'), 'drivers/demo/done.c': probe('device_create(&demo_class, NULL, 0, NULL, "d")') };
    const newHeader = header('extern const struct class demo_class;\nextern struct bus_type demo_bus;');
    const [f] = await run([rewrite(HEADER, header(OLD), newHeader)], { files });
    expect(f!.message).toContain('One use still treats it as a pointer after this patch (passed, assigned, tested or dereferenced as one, it no longer compiles: converted code takes its address, `&demo_class`): drivers/demo/probe.c:6 (first: `dev->class = demo_class;`).');
    expect(f!.message).not.toContain('done.c');
    expect(f!.message).not.toContain('user.c');
    expect(f!.suggestion).toContain('Change these 3 places');
    // converted in the series: nothing left
    const [g] = await run([rewrite(HEADER, header(OLD), newHeader), rewrite('drivers/demo/probe.c', files['drivers/demo/probe.c'], probe('dev->class = &demo_class'))], { files });
    expect(g!.message).not.toContain('use still');
  });

  it('many variables made objects at once: one note, the uses named under each variable', async () => {
    const names = ['demo_v1', 'demo_v2', 'demo_v3', 'demo_v4', 'demo_v5'];
    const decls = (spell: (n: string) => string) => names.map((n) => `extern ${spell(n)};`).join('\n');
    const files = { 'drivers/demo/many.c': '// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_class.h>\n\nvoid demo_many(struct device *dev)\n{\n\tdev->class = demo_v2;\n\tdev->class = demo_v4;\n}\n' };
    const before = header(`${OLD}\n${decls((n) => `struct class *${n}`)}`);
    const after = header(`${OLD}\n${decls((n) => `struct class ${n}`)}`);
    const [f, ...more] = await run([rewrite(HEADER, before, after)], { files: { ...files, [HEADER]: before } });
    expect(more).toEqual([]);
    expect(f!.message).toContain('5 variables declared here change their types');
    expect(f!.message).toContain(' One use of demo_v2 still treats it as a pointer after this patch');
    expect(f!.message).toContain('drivers/demo/many.c:6 (first: `dev->class = demo_v2;`). One use of demo_v4 still treats it');
  });

  it('another spelling of the same type, or an attribute added, is no change', async () => {
    const respelled = header('extern struct class *demo_class __read_mostly;\nextern struct bus_type demo_bus;');
    expect(await run([rewrite(HEADER, header(OLD), respelled)])).toEqual([]);
  });
});
