/**
 * Dropping the front end's caches near the heap limit (src/c/memory-pressure.ts):
 * nothing is dropped below the threshold; above it the process's caches are
 * emptied (a parse is made again) and what is built afterwards is the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutHeader } from '../../src/abi/layout/index.ts';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { relieveMemoryPressure, timesCachesDropped } from '../../src/c/memory-pressure.ts';
import { parseC } from '../../src/c/parse/tree-sitter-c.ts';

const HEADER = '/usr/include/linux/vfio.h';

function layouts(abi: 'x86_64' | 'i386') {
  const model = buildTypeModel({ path: HEADER, text: readFileSync(HEADER, 'utf8') }, { abi, kernel: false, includeDirs: ['/usr/include'] });
  return { model, records: layoutHeader(model, HEADER, abi).records };
}

describe('memory pressure', () => {
  it('drops nothing while the heap in use is below the threshold', () => {
    const text = 'struct below { int a; };';
    const parsed = parseC(text);
    const before = timesCachesDropped();
    expect(relieveMemoryPressure(1.01)).toBe(false);
    expect(timesCachesDropped()).toBe(before);
    expect(parseC(text)).toBe(parsed);
  });

  it('empties the caches above it, and the same models are built again', () => {
    const text = 'struct above { int a; };';
    const parsed = parseC(text);
    const first = layouts('x86_64');
    expect(layouts('x86_64').records).toEqual(first.records);
    const before = timesCachesDropped();
    expect(relieveMemoryPressure(0)).toBe(true);
    expect(timesCachesDropped()).toBe(before + 1);
    const again = parseC(text);
    expect(again).not.toBe(parsed);
    expect(again.rootNode.text).toBe(parsed.rootNode.text);
    const rebuilt = layouts('x86_64');
    expect(rebuilt.records).toEqual(first.records);
    expect(rebuilt.model.records.length).toBe(first.model.records.length);
    expect(rebuilt.model.macros.length).toBe(first.model.macros.length);
    expect(layouts('i386').records.length).toBeGreaterThan(0);
  });
});
