/**
 * The pipeline's TypeModel cache with a kernel tree: uAPI headers see the
 * system's headers after the tree's own (userspace compiles them with libc),
 * in-kernel code never does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutHeader } from '../../src/abi/layout/index.ts';
import { createModelCache, modelWeight } from '../../src/pipeline/model-cache.ts';

const tree = mkdtempSync(join(tmpdir(), 'abi-check-model-cache-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function write(rel: string, text: string): { path: string; text: string } {
  const path = join(tree, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { path, text };
}

// As linux/if.h: struct sockaddr comes from libc's <sys/socket.h>.
const header = write('include/uapi/linux/ifx.h', '#include <sys/socket.h>\nstruct ifx_req {\n\tstruct sockaddr addr;\n\tint flags;\n};\n');
// The tree's own linux/ headers win over the installed ones.
write('include/uapi/linux/stddef.h', '#define TREE_STDDEF 1\n');
const treeFirst = write('include/uapi/linux/uses-stddef.h', '#include <linux/stddef.h>\nstruct tf { char c[TREE_STDDEF]; };\n');
const kernelCode = write('drivers/x/x.c', '#include <sys/socket.h>\nstruct kx { int a; };\n');

describe('createModelCache with a kernel tree', () => {
  const build = createModelCache({ kernelTree: tree });

  it('lets uAPI headers include libc headers, as userspace compiles them', () => {
    for (const abi of ['x86_64', 'i386'] as const) {
      const model = build(header, abi, false);
      expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const { records, failures } = layoutHeader(model, header.path, abi);
      expect(failures).toEqual([]);
      expect(records.map((r) => [r.name, r.size])).toEqual([['ifx_req', 20]]);
    }
  });

  it("searches the tree's uAPI headers before the system's", () => {
    const model = build(treeFirst, 'x86_64', false);
    expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(layoutHeader(model, treeFirst.path, 'x86_64').records.map((r) => r.size)).toEqual([1]);
  });

  it('gives in-kernel code no system headers', () => {
    const model = build(kernelCode, 'x86_64', true);
    expect(model.diagnostics.map((d) => d.message)).toContain('sys/socket.h: No such file or directory');
  });
});

describe('createModelCache bound', () => {
  it('keeps the models used last, up to its limit, and builds a dropped one again', () => {
    const build = createModelCache({ kernelTree: tree, limit: 2 });
    const first = build(treeFirst, 'x86_64', false);
    const second = build(treeFirst, 'i386', false);
    expect(build(treeFirst, 'x86_64', false)).toBe(first); // a hit, now the most recently used
    build(treeFirst, 'arm', false); // drops the least recently used: i386's
    expect(build(treeFirst, 'x86_64', false)).toBe(first);
    const again = build(treeFirst, 'i386', false);
    expect(again).not.toBe(second);
    expect(again).toEqual(second);
  });

  it('keeps models up to a weight (declarations and macros held), the newest whatever it weighs', () => {
    const one = modelWeight(createModelCache({ kernelTree: tree })(treeFirst, 'x86_64', false));
    expect(one).toBeGreaterThan(1);
    const build = createModelCache({ kernelTree: tree, weight: 2 * one });
    const first = build(treeFirst, 'x86_64', false);
    const second = build(treeFirst, 'i386', false);
    expect(build(treeFirst, 'x86_64', false)).toBe(first);
    build(treeFirst, 'arm', false); // three would weigh too much: i386's goes
    expect(build(treeFirst, 'x86_64', false)).toBe(first);
    expect(build(treeFirst, 'i386', false)).not.toBe(second);
    // a model heavier than the whole budget is still kept until the next
    const tiny = createModelCache({ kernelTree: tree, weight: 1 });
    const only = tiny(treeFirst, 'x86_64', false);
    expect(tiny(treeFirst, 'x86_64', false)).toBe(only);
  });
});

describe('createModelCache near the heap limit', () => {
  it('drops the models kept but the newest when the heap is near its limit, and builds them again alike', () => {
    let near = false;
    const build = createModelCache({ kernelTree: tree, pressure: () => near });
    const first = build(treeFirst, 'x86_64', false);
    build(treeFirst, 'i386', false);
    expect(build(treeFirst, 'x86_64', false)).toBe(first);
    near = true;
    const newest = build(treeFirst, 'arm', false);
    near = false;
    expect(build(treeFirst, 'arm', false)).toBe(newest);
    const again = build(treeFirst, 'x86_64', false);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
