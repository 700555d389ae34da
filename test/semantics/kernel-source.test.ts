/**
 * Kernel C made parseable without a preprocessor: annotations vanish and
 * iterator macros expand, and every line stays where it was.
 */
import { expect, test } from 'vitest';
import { parseC } from '../../src/semantics/c-syntax.ts';
import { changedLines } from '../../src/semantics/extract-functions.ts';
import { normalizeKernelSource } from '../../src/semantics/kernel-source.ts';

test('annotations are blanked and xa_for_each becomes its for loop, lines kept', () => {
  const src = [
    'int f(struct x __user *arg, struct xarray *xa)',
    '{',
    '\tunsigned long i; void *e;',
    '\txa_for_each(xa, i,',
    '\t\t    e) {',
    '\t\tuse(e);',
    '\t}',
    '\treturn 0;',
    '}',
  ].join('\n');
  const out = normalizeKernelSource(src);
  expect(out.split('\n')).toHaveLength(9);
  expect(out).not.toContain('__user');
  expect(out).toContain('for (i = 0, e = xa_find(xa, &i, ULONG_MAX, XA_PRESENT); e; e = xa_find_after(xa, &i, ULONG_MAX, XA_PRESENT))');
  const fn = parseC(out).namedChildren[0]!;
  expect(fn.type).toBe('function_definition');
  expect(fn.hasError).toBe(false);
  expect(fn.descendantsOfType('for_statement')[0]!.startPosition.row).toBe(3);
  expect(out.split('\n')[5]).toBe('\t\tuse(e);');
});

test('changed lines of one file in a diff, in pre- and post-image numbers', () => {
  const diff = [
    'diff --git a/a.c b/a.c',
    '--- a/a.c',
    '+++ b/a.c',
    '@@ -10,4 +10,5 @@ int f(void)',
    ' a;',
    '-b;',
    '+c;',
    '+d;',
    ' e;',
    'diff --git a/b.c b/b.c',
    '@@ -1,1 +1,1 @@',
    '-x',
    '+y',
  ].join('\n');
  expect(changedLines(diff, 'a.c')).toEqual([{ removed: [11], added: [11, 12], heading: 'int f(void)' }]);
  // plain `diff -u` output (quilt, diff -ruN) has no `diff --git` line
  const plain = ['--- a/a.c\t2026-11-06 18:15:16.000000000 +0000', '+++ b/a.c\t2026-11-10 18:05:09.000000000 +0000', '@@ -10,4 +10,5 @@ int f(void)', ' a;', '-b;', '+c;', '+d;', ' e;', ''].join('\n');
  expect(changedLines(plain, 'a.c')).toEqual([{ removed: [11], added: [11, 12], heading: 'int f(void)' }]);
});

test('container_of gets a type argument tree-sitter can parse, and yields the containing object', async () => {
  const out = normalizeKernelSource('x = container_of(p,\n struct foo, b.c);');
  expect(out).toBe('x = __container_of(p, (struct foo *)0, b.c)\n;');
  expect(parseC(`void f(void) { ${out} }`).hasError).toBe(false);
});

test('text after non-ASCII characters (authors in comments, strings) is cut at the right places', () => {
  const src = '/* Copyright © Jörg Müller, 中文 */\nint f(void) { return "ö"[0]; }\n';
  const fn = parseC(src).namedChildren.find((n) => n.type === 'function_definition')!;
  expect(fn.text).toBe('int f(void) { return "ö"[0]; }');
  expect(fn.startPosition.row).toBe(1);
  expect(fn.descendantsOfType('string_literal')[0]!.text).toBe('"ö"');
});

test('GNU case ranges become calls of the range tree-sitter can parse; variadic parameters and designator ranges are left alone', () => {
  const src = [
    'int f(int index, ...)',
    '{',
    '\tint a[4] = { [0 ... 3] = 1 };',
    '\tswitch (index) {',
    '\tcase VFIO_PCI_BAR0_REGION_INDEX ... VFIO_PCI_BAR5_REGION_INDEX:',
    '\t\treturn 1;',
    "\tcase 'a' ...",
    "\t     'z':",
    '\t\treturn 2;',
    '\t}',
    '\treturn a[0];',
    '}',
  ].join('\n');
  const out = normalizeKernelSource(src);
  expect(out.split('\n')).toHaveLength(12);
  expect(out.split('\n')[4]).toBe('\tcase __case_range(VFIO_PCI_BAR0_REGION_INDEX, VFIO_PCI_BAR5_REGION_INDEX):');
  expect(out.split('\n')[6]).toBe("\tcase __case_range('a', 'z'):");
  expect(out).toContain('int f(int index, ...)');
  expect(out).toContain('[0 ... 3] = 1');
  const fn = parseC(out).namedChildren[0]!;
  expect(fn.hasError).toBe(false);
  expect(fn.descendantsOfType('case_statement').map((c) => c.startPosition.row)).toEqual([4, 6]);
});
