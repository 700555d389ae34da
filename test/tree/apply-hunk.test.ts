import { describe, expect, it } from 'vitest';
import { START_CURSOR, applyHunk } from '../../src/tree/apply-hunk.ts';
import { parsePatch } from '../../src/tree/parse-patch.ts';
import type { Hunk } from '../../src/tree/patch-model.ts';
import { imageFromText, toFileImage } from '../../src/tree/work-image.ts';

/** The hunks of a one-file diff written inline. */
function hunks(body: string): Hunk[] {
  return parsePatch(`diff --git a/f b/f\n--- a/f\n+++ b/f\n${body}`, 'test')[0]!.hunks;
}

const lines = (n: number, f = (i: number) => `l${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

describe('applyHunk', () => {
  const change5 = hunks('@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n')[0]!;

  it('applies exactly where the header says', () => {
    const r = applyHunk(imageFromText(lines(10)), change5, START_CURSOR);
    expect(r.result).toMatchObject({ status: 'exact', offset: 0, fuzz: 0, newStart: 2 });
    expect(toFileImage(r.image).text).toBe(lines(10, (i) => (i === 5 ? 'L5' : `l${i}`)));
  });

  it('prefers the nearest match when the context repeats', () => {
    // l2..l8 appears twice: at its place (offset 0) and 12 lines later.
    const text = lines(10) + lines(10);
    const r = applyHunk(imageFromText(text), change5, START_CURSOR);
    expect(r.result.offset).toBe(0);
    const later = applyHunk(imageFromText(text), change5, { shift: 0, lastOffset: 0, floor: 8 });
    expect(later.result).toMatchObject({ status: 'offset', offset: 10 });
  });

  it('keeps the base lines for context when only whitespace matches, and writes added lines as given', () => {
    const damaged = hunks('@@ -1,3 +1,3 @@\n a  b\n-c\n+c  changed\n d\n')[0]!;
    const r = applyHunk(imageFromText('  a b\nc\n\td\n'), damaged, START_CURSOR);
    expect(r.result.status).toBe('whitespace');
    expect(toFileImage(r.image).text).toBe('  a b\nc  changed\n\td\n');
  });

  it('recognises an already applied hunk even through whitespace damage', () => {
    const damaged = hunks('@@ -1,3 +1,3 @@\n a b\n-c\n+c changed\n d\n')[0]!;
    const r = applyHunk(imageFromText('a  b\nc  changed\nd\n'), damaged, START_CURSOR);
    expect(r.result.status).toBe('already-applied');
    expect(toFileImage(r.image).text).toBe('a  b\nc  changed\nd\n');
  });

  it('requires a hunk with short leading context to match at the start of the file', () => {
    const atStart = hunks('@@ -1,4 +1,4 @@\n-l1\n+L1\n l2\n l3\n l4\n')[0]!;
    expect(applyHunk(imageFromText(lines(6)), atStart, START_CURSOR).result.status).toBe('exact');
    // Same lines further down only: the hunk was made at the start of a file, so fuzz is needed to move it.
    const moved = applyHunk(imageFromText('x\n' + lines(6)), atStart, START_CURSOR).result;
    expect(moved.status).toBe('fuzz');
  });

  it('handles "\\ No newline at end of file" on both sides', () => {
    const addNewline = hunks('@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n')[0]!;
    const r = applyHunk(imageFromText('a\nb'), addNewline, START_CURSOR);
    expect(r.result.status).toBe('exact');
    expect(toFileImage(r.image).text).toBe('a\nb\n');
    const dropNewline = hunks('@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n')[0]!;
    expect(toFileImage(applyHunk(imageFromText('a\nb\n'), dropNewline, START_CURSOR).image).text).toBe('a\nb');
  });

  it('fails a truncated hunk with the reason', () => {
    const truncated = hunks('@@ -1,5 +1,5 @@\n a\n-b\n+B\n')[0]!;
    expect(truncated.malformed).toMatch(/truncated/);
    const r = applyHunk(imageFromText('a\nb\nc\nd\ne\n'), truncated, START_CURSOR);
    expect(r.result).toMatchObject({ status: 'failed' });
    expect(r.result.reason).toMatch(/header says 5 and 5/);
  });
});

describe('parsePatch', () => {
  it('reads quoted paths, modes and index blobs', () => {
    const [fp] = parsePatch(
      'diff --git "a/dir/sp ace\\303\\251.h" "b/dir/sp ace\\303\\251.h"\nold mode 100644\nnew mode 100755\nindex 0123abc..4567def\n',
      'p',
    );
    expect(fp).toMatchObject({ oldPath: 'dir/sp aceé.h', newPath: 'dir/sp aceé.h', change: 'mode', oldMode: '100644', newMode: '100755', oldBlob: '0123abc' });
  });

  it('reads a plain unified diff (no diff --git) with timestamps', () => {
    const [fp] = parsePatch('--- a/x.c\t2024-01-01 00:00:00.000000000 +0000\n+++ b/x.c\t2024-01-02 00:00:00.000000000 +0000\n@@ -1 +1 @@\n-a\n+b\n', 'p');
    expect(fp).toMatchObject({ oldPath: 'x.c', newPath: 'x.c', change: 'modify' });
    expect(fp!.hunks[0]!.lines).toEqual([{ op: '-', text: 'a' }, { op: '+', text: 'b' }]);
  });

  it('drops the CRs of a diff that went through a CRLF transport, and keeps CRs that belong to the file', () => {
    const crlf = 'diff --git a/x b/x\r\n--- a/x\r\n+++ b/x\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+c\r\n';
    expect(parsePatch(crlf, 'p')[0]!.hunks[0]!.lines).toEqual([{ op: ' ', text: 'a' }, { op: '-', text: 'b' }, { op: '+', text: 'c' }]);
    const dosFile = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n';
    expect(parsePatch(dosFile, 'p')[0]!.hunks[0]!.lines[2]).toEqual({ op: '+', text: 'c\r' });
  });

  it('a hunk shorter than its header says ends at the next `@@`: it is malformed, and the next hunk is read whole', () => {
    const [first, second] = hunks('@@ -1,6 +1,7 @@\n a\n b\n+c\n d\n e\n@@ -20,3 +21,4 @@ enum {\n x\n+y\n z\n w\n');
    expect(first!.malformed).toMatch(/hunk body has 4 old and 5 new lines but its header says 6 and 7/);
    expect(first!.lines.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(second).toMatchObject({ oldStart: 20, newStart: 21, header: '@@ -20,3 +21,4 @@ enum {' });
    expect(second!.lines).toEqual([{ op: ' ', text: 'x' }, { op: '+', text: 'y' }, { op: ' ', text: 'z' }, { op: ' ', text: 'w' }]);
    expect(second!.malformed).toBeUndefined();
  });

  it('ignores a mail signature after the last hunk', () => {
    const [fp] = parsePatch('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n-- \n2.52.0\n\n', 'p');
    expect(fp!.hunks).toHaveLength(1);
    expect(fp!.hunks[0]!.malformed).toBeUndefined();
  });
});
