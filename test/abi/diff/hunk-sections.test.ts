/**
 * restoreRecordSections: a diff-context hunk inside a struct, union or enum
 * gets its section heading back as the opening line (and a closing `};`
 * only when the hunk does not show the body's end).
 */
import { describe, expect, it } from 'vitest';
import { restoreRecordSections } from '../../../src/abi/diff/hunk-sections.ts';

/** Text with `shown` at lines from..: everything else unknown (empty). */
function image(lineCount: number, from: number, shown: string[]) {
  const lines = Array.from({ length: lineCount }, () => '');
  shown.forEach((l, i) => (lines[from - 1 + i] = l));
  return { text: lines.join('\n'), known: [{ start: from, end: from + shown.length - 1 }] };
}

describe('section headings put back', () => {
  it('an enum hunk that shows the end: the opening line only, and what follows stays at file scope', () => {
    const img = image(20, 10, ['\tDEMO_B = 1 << 1,', '};', '', 'enum demo_next {', '\tDEMO_N,', '};']);
    const out = restoreRecordSections(img.text, img.known, [{ line: 10, heading: 'enum demo_flags {' }]);
    const lines = out.text.split('\n');
    expect(lines[7]).toBe('enum demo_flags {');
    expect(lines.slice(16)).toEqual(['', '', '', '']);
    expect(out.known).toEqual([{ start: 8, end: 8 }, { start: 10, end: 15 }]);
  });

  it('a struct hunk inside the body: opening and closing lines, one unknown line from the hunk', () => {
    const img = image(20, 10, ['\t__u32 flags;', '\t__u32 len;']);
    const out = restoreRecordSections(img.text, img.known, [{ line: 10, heading: 'struct demo_req {' }]);
    const lines = out.text.split('\n');
    expect([lines[7], lines[12]]).toEqual(['struct demo_req {', '};']);
    expect(out.known).toEqual([{ start: 8, end: 8 }, { start: 10, end: 11 }, { start: 13, end: 13 }]);
  });

  it('an unnamed enum (`enum {`, `typedef enum {`) is reopened as `enum {`: its typedef name is on a line not shown', () => {
    for (const heading of ['enum {', 'typedef enum {']) {
      const img = image(20, 10, ['\tDEMO_ATTR_PAD,', '\tDEMO_ATTR_FLAGS,']);
      const out = restoreRecordSections(img.text, img.known, [{ line: 10, heading }]);
      const lines = out.text.split('\n');
      expect([lines[7], lines[12]]).toEqual(['enum {', '};']);
    }
  });

  it('not a heading that is no enum, struct or union body (`typedef struct {`: its name comes after the body)', () => {
    for (const heading of ['typedef struct {', 'static const int table[] = {', 'int demo_fn(void) {']) {
      const img = image(20, 10, ['\t__u32 flags;']);
      expect(restoreRecordSections(img.text, img.known, [{ line: 10, heading }]).text).toBe(img.text);
    }
  });

  it('not when the hunk starts at file scope, or names a declaration in column 0 before the body closes', () => {
    for (const shown of [['#define DEMO_X 1', '\tint a;'], ['/* a comment */', 'struct demo_other {'], ['\tint a;', 'int demo_fn(void);', '};']]) {
      const img = image(20, 10, shown);
      const out = restoreRecordSections(img.text, img.known, [{ line: 10, heading: 'struct demo_req {' }]);
      expect(out.text).toBe(img.text);
    }
  });
});
