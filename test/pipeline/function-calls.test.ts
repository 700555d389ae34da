/**
 * A series that changes how many parameters a function an in-kernel header
 * declares takes: the calls it leaves passing the old count, and a
 * definition left taking it, are named by kabi.function-signature-changed
 * (neither compiles); so are, for a function that now returns void, the
 * calls still using its value and a definition still returning one; for a
 * change of qualifiers alone (a constified parameter), a definition left
 * without them. The series' own files are read as it leaves them; with
 * a kernel tree, the others from the tree. A function-like macro of the
 * same name in the new header (a wrapper taking the old calls) silences it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';
import { wholeFileDiff as rewrite } from '../support/whole-file-diff.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const tempDir = tempDirs('abi-check-calls-');

const HEADER = 'include/linux/demo_name.h';
const header = (decl: string) => `#ifndef _DEMO_NAME_H\n#define _DEMO_NAME_H\nstruct demo;\n${decl}\nvoid demo_put(struct demo *d);\n#endif\n`;
const OLD = 'int demo_rename(struct demo *d, const char *name);';
const NEW = 'int demo_rename(struct demo *d, const char *name, unsigned int flags);';
const definition = (params: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_name.h>\n\nint demo_rename(${params})\n{\n\treturn 0;\n}\n`;
const user = (call: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_name.h>\n\nstatic int user_init(struct demo *d)\n{\n\tint err;\n\n\terr = ${call};\n\treturn err;\n}\n`;

async function run(diffs: string[], more: Record<string, string> = {}) {
  const dir = tempDir();
  const root = writeFiles(join(dir, 'tree'), {
    [HEADER]: header(OLD),
    'lib/demo_name.c': definition('struct demo *d, const char *name'),
    'drivers/demo/one.c': user('demo_rename(d, "one")'),
    'drivers/demo/two.c': user('demo_rename(d, "two")'),
    ...more,
  });
  const patch = join(dir, 'calls.patch');
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: rename flags\n\n---\n${diffs.join('')}`);
  const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['x86_64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report.findings.filter((f) => f.rule === 'kabi.function-signature-changed');
}

describe('calls and definitions left with the old parameter count', () => {
  it('names the tree\'s calls and definition the series leaves, not the call it converts', async () => {
    const two = rewrite('drivers/demo/two.c', user('demo_rename(d, "two")'), user('demo_rename(d, "two", 0)'));
    const [f, ...more] = await run([rewrite(HEADER, header(OLD), header(NEW)), two]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('The definition still takes the old number of parameters after this patch (conflicting types: the build breaks): lib/demo_name.c:4.');
    expect(f!.message).toContain('One call still passes the old number of arguments after this patch, and a call with the wrong number does not compile, so the build breaks: drivers/demo/one.c:8.');
    expect(f!.message).not.toContain('two.c');
    expect(f!.suggestion).toContain('Change these 2 places in the same patch');
  });

  it('says nothing more when the series changes every call and the definition', async () => {
    const [f] = await run([
      rewrite(HEADER, header(OLD), header(NEW)),
      rewrite('lib/demo_name.c', definition('struct demo *d, const char *name'), definition('struct demo *d, const char *name, unsigned int flags')),
      ...['one', 'two'].map((n) => rewrite(`drivers/demo/${n}.c`, user(`demo_rename(d, "${n}")`), user(`demo_rename(d, "${n}", 0)`))),
    ]);
    expect(f!.message).not.toContain('after this patch');
    expect(f!.suggestion).toContain('Fine in-tree');
  });

  it('a function that now returns void: the calls using its value and the definition still returning one are named', async () => {
    const voidHeader = header('void demo_rename(struct demo *d, const char *name);');
    const stmt = (call: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_name.h>\n\nstatic void user_init(struct demo *d)\n{\n\t${call};\n}\n`;
    // two.c is converted to a plain statement; one.c still assigns the result
    const two = rewrite('drivers/demo/two.c', user('demo_rename(d, "two")'), stmt('demo_rename(d, "two")'));
    const [f, ...more] = await run([rewrite(HEADER, header(OLD), voidHeader), two]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('demo_rename() changes its signature: `int (struct demo *, char *)` → `void (struct demo *, char *)`.');
    expect(f!.message).toContain('The definition still returns a value after this patch, where the declaration now returns void (conflicting types: the build breaks): lib/demo_name.c:4.');
    expect(f!.message).toContain('One call still uses the value the function no longer returns after this patch (a void value used does not compile: the build breaks): drivers/demo/one.c:8.');
    expect(f!.message).not.toContain('two.c');
  });

  it('in-kernel headers call too: a static inline wrapper in another header, and one the series leaves in its own', async () => {
    const wrapper = (name: string, call: string) => `static inline int ${name}(struct demo *d)\n{\n\treturn ${call};\n}\n`;
    const other = `#ifndef _DEMO_EXTRA_H\n#define _DEMO_EXTRA_H\n#include <linux/demo_name.h>\n${wrapper('demo_rename_default', 'demo_rename(d, "default")')}#endif\n`;
    // the series' header keeps a wrapper with the old call; the uAPI copy of a name is no kernel code
    const own = header(`${NEW}\n${wrapper('demo_rename_anon', 'demo_rename(d, NULL)')}`);
    const converted = ['lib/demo_name.c', 'drivers/demo/one.c', 'drivers/demo/two.c'];
    const [f] = await run([
      rewrite(HEADER, header(OLD), own),
      rewrite(converted[0]!, definition('struct demo *d, const char *name'), definition('struct demo *d, const char *name, unsigned int flags')),
      ...['one', 'two'].map((n) => rewrite(`drivers/demo/${n}.c`, user(`demo_rename(d, "${n}")`), user(`demo_rename(d, "${n}", 0)`))),
    ], { 'include/linux/demo_extra.h': other, 'include/uapi/linux/demo_extra.h': other });
    expect(f!.message).toContain('2 calls still pass the old number of arguments after this patch, and a call with the wrong number does not compile, so the build breaks: include/linux/demo_extra.h:6, include/linux/demo_name.h:7.');
  });

  it('a parameter retyped, same count: the definition left with the old signature is named, calls are not (text cannot tell their types)', async () => {
    const retyped = header('int demo_rename(struct demo *d, const struct demo_name *name);');
    const [f] = await run([rewrite(HEADER, header(OLD), retyped)]);
    expect(f!.message).toContain('The definition still has the old signature after this patch (conflicting types: the build breaks): lib/demo_name.c:4.');
    expect(f!.message).not.toContain('drivers/demo');
    const converted = definition('struct demo *d, const struct demo_name *name');
    const [g] = await run([rewrite(HEADER, header(OLD), retyped), rewrite('lib/demo_name.c', definition('struct demo *d, const char *name'), converted)]);
    expect(g!.message).not.toContain('after this patch');
  });

  it('qualifiers alone changed (a constified parameter): said only when a definition is left without them, which is named (calls are not)', async () => {
    const constified = header('int demo_rename(const struct demo *d, const char *name);');
    const [f, ...more] = await run([rewrite(HEADER, header(OLD), constified)]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('demo_rename() changes its signature: `int (struct demo *, const char *)` → `int (const struct demo *, const char *)`.');
    expect(f!.message).toContain('Only qualifiers change: arguments pass as before and calls compile as they are');
    expect(f!.message).toContain('The definition still has the old signature after this patch (conflicting types: the build breaks): lib/demo_name.c:4.');
    expect(f!.message).not.toContain('drivers/demo');
    // converted with it: nothing breaks, and a constified parameter alone is no note (the calls pass the same)
    const converted = definition('const struct demo *d, const char *name');
    expect(await run([rewrite(HEADER, header(OLD), constified), rewrite('lib/demo_name.c', definition('struct demo *d, const char *name'), converted)])).toEqual([]);
  });

  it('qualifiers dropped, the definition left with them: calls passing const data are said to warn', async () => {
    const constified = header('int demo_rename(const struct demo *d, const char *name);');
    const dropped = header('int demo_rename(struct demo *d, char *name);');
    const [f] = await run([rewrite(HEADER, constified, dropped)], { [HEADER]: constified, 'lib/demo_name.c': definition('const struct demo *d, const char *name') });
    expect(f!.message).toContain('Only qualifiers change, and some go: arguments pass as before, but a call passing a pointer to const data where the const went discards it');
    expect(f!.message).toContain('The definition still has the old signature after this patch (conflicting types: the build breaks): lib/demo_name.c:4.');
  });

  it('no change of qualifiers: an attribute added, or a parameter\'s own const (no other function type), is no signature change', async () => {
    for (const decl of ['int __must_check demo_rename(struct demo *d, const char *name);', 'int demo_rename(struct demo *const d, const char *name);']) {
      expect(await run([rewrite(HEADER, header(OLD), header(decl))])).toEqual([]);
    }
  });

  it('a function-like macro of the same name takes the old calls: nothing named', async () => {
    const wrapped = header(`${NEW}\n#define demo_rename(d, name) demo_rename(d, name, 0)`);
    const [f] = await run([rewrite(HEADER, header(OLD), wrapped)]);
    expect(f?.message ?? '').not.toContain('after this patch');
  });
});
