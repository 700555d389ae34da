/**
 * The changed code the code-reading rules scan: the .c file's own functions
 * that a hunk touches (not static inlines of its headers, whose lines belong
 * to other files), and for a hunk outside any function in a whole file, the
 * hunk's own lines (not the whole file).
 */
import { describe, expect, it } from 'vitest';
import { changedRanges, codeUnits } from '../../../src/abi/diff/code-units.ts';
import type { FunctionDef } from '../../../src/c/type-model.ts';

const PATH = 'drivers/demo/demo.c';
const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
lines[19] = 'static int demo_ioctl(void)';
const text = lines.join('\n');
const image = { text, known: [{ start: 1, end: 40 }], lineCount: 40 };
const fn = (name: string, file: string, line: number, endLine: number): FunctionDef =>
  ({ name, isStatic: true, returns: { kind: 'void' }, params: [], text: '', loc: { file, line }, endLine }) as FunctionDef;

describe('code units of a whole file', () => {
  it('takes the touched functions of the file itself, not its headers\' inlines at the same line numbers', () => {
    const ranges = changedRanges([{ status: 'exact', offset: 0, fuzz: 0, header: '@@ -22,3 +22,4 @@ static int demo_ioctl(void)' }]);
    const units = codeUnits(PATH, image, ranges, [fn('xas_frozen', 'include/linux/xarray.h', 18, 30), fn('demo_ioctl', PATH, 20, 30)]);
    expect(units.map((u) => [u.name, u.startLine])).toEqual([['demo_ioctl', 20]]);
  });

  it('a hunk outside every function is its own lines, not the whole file', () => {
    const ranges = changedRanges([{ status: 'exact', offset: 0, fuzz: 0, header: '@@ -3,2 +3,3 @@' }]);
    const units = codeUnits(PATH, image, ranges, [fn('demo_ioctl', PATH, 20, 30)]);
    expect(units).toEqual([{ path: PATH, name: null, startLine: 3, text: 'line 3\nline 4\nline 5' }]);
  });
});

describe('a hunk that spans functions', () => {
  it('is read as each function it touches, not as one run named after the first', () => {
    const ranges = changedRanges([{ status: 'exact', offset: 0, fuzz: 0, header: '@@ -8,20 +8,30 @@ static int demo_first(void)' }]);
    const units = codeUnits(PATH, image, ranges, [fn('demo_first', PATH, 2, 9), fn('demo_ioctl', PATH, 20, 30)]);
    expect(units.map((u) => [u.name, u.startLine])).toEqual([['demo_first', 2], ['demo_ioctl', 20]]);
  });
});
