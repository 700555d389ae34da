import { describe, expect, it } from 'vitest';
import { excerptFor, parseHunks, quote } from '../../../src/report/email/quote.ts';
import { wrapParagraph, wrapProse } from '../../../src/report/email/wrap.ts';

const DIFF = [
  'diff --git a/include/uapi/linux/x.h b/include/uapi/linux/x.h',
  'index 1111111..2222222 100644',
  '--- a/include/uapi/linux/x.h',
  '+++ b/include/uapi/linux/x.h',
  '@@ -10,3 +10,4 @@ struct x {',
  ' \t__u32 a;',
  '-\t__u32 b;',
  '+\t__u32 c;',
  '+\t__u32 d;',
  ' };',
  '-- ',
  '2.52.0',
  '',
].join('\n');

describe('quote', () => {
  it('reads hunks by their line counts, so the mail trailer is not a removed line', () => {
    const [h] = parseHunks(DIFF);
    expect(h!.lines.map((l) => [l.kind, l.newLine])).toEqual([[' ', 10], ['-', null], ['+', 11], ['+', 12], [' ', 13]]);
  });

  it('quotes the change block around a post-image line with context and no trailing blanks', () => {
    const ex = excerptFor(DIFF, 'include/uapi/linux/x.h', 12)!;
    expect(ex.header).toBe('@@ -10,3 +10,4 @@ struct x {');
    expect(ex.lines).toEqual([' \t__u32 a;', '-\t__u32 b;', '+\t__u32 c;', '+\t__u32 d;', ' };']);
    expect(quote([' ', '+x'])).toEqual(['>', '> +x']);
    expect(excerptFor(DIFF, 'other.h', 1)).toBeNull();
  });

  it('trims a long change block to the lines around the finding', () => {
    const body = Array.from({ length: 40 }, (_, i) => `+line ${i}`);
    const diff = ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -0,0 +1,40 @@', ...body].join('\n');
    const ex = excerptFor(diff, 'f.c', 30, 12)!;
    expect(ex.trimmed).toBe(true);
    expect(ex.lines.length).toBeLessThanOrEqual(12);
    expect(ex.lines).toContain('+line 29');
  });
});

describe('wrap', () => {
  it('wraps at 72 columns and never splits a long word', () => {
    const long = `see ${'x'.repeat(90)} and then more words to wrap around the limit of the line`;
    const lines = wrapParagraph(long);
    expect(lines[1]).toBe('x'.repeat(90));
    for (const l of lines.filter((x) => !x.includes('xxxx'))) expect(l.length).toBeLessThanOrEqual(72);
    expect(wrapProse('a b\n\nc')).toEqual(['a b', '', 'c']);
  });
});

describe('layout table', () => {
  it('gives ABIs with different offsets their own table', async () => {
    const { renderLayoutTable } = await import('../../../src/report/email/layout-table.ts');
    const { exampleReport } = await import('./example-series.ts');
    const rec = (b: number, align: number) => ({
      kind: 'struct' as const, name: 'ev', size: b + 8, align,
      members: [{ name: 'a', offset: 0, size: 4 }, { name: 'b', offset: b, size: 8 }],
    });
    const report = exampleReport();
    report.layouts = { ev: { x86_64: { before: null, after: rec(8, 8) }, i386: { before: null, after: rec(4, 4) }, aarch64: { before: null, after: rec(8, 8) } } };
    const text = renderLayoutTable(report, 'ev').join('\n');
    expect(text).toContain('struct ev on x86_64, aarch64:');
    expect(text).toContain('struct ev on i386:');
    expect(text).toMatch(/^ {2}b +- +- +8 +8$/m);
    expect(text).toMatch(/^ {2}b +- +- +4 +8$/m);
    expect(text).toMatch(/^ {2}sizeof, alignof +- +- +12 +4$/m);
    for (const l of text.split('\n')) expect(l.length).toBeLessThanOrEqual(72);
  });
});
