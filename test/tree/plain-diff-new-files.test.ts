/**
 * `diff -ruN old new` writes a file missing on one side as an empty file
 * dated the epoch (`--- a/x\t1970-01-01 00:00:00.000000000 +0000` and
 * `@@ -0,0 +1,N @@`); GNU patch reads that as a creation or a deletion, and
 * so must we. A real diff of two directories, made by diff(1) here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePatch } from '../../src/tree/parse-patch.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-diffN-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function dirDiff(zone: string): string {
  for (const side of ['a', 'b']) mkdirSync(join(scratch, side, 'include'), { recursive: true });
  writeFileSync(join(scratch, 'a/include/kept.h'), '#define KEPT 1\n');
  writeFileSync(join(scratch, 'b/include/kept.h'), '#define KEPT 2\n');
  writeFileSync(join(scratch, 'a/include/gone.h'), '#define GONE 1\n');
  writeFileSync(join(scratch, 'b/include/new.h'), '#define NEW 1\n-- not a header line\n');
  try {
    execFileSync('diff', ['-ruN', 'a', 'b'], { cwd: scratch, env: { ...process.env, TZ: zone }, encoding: 'utf8' });
    throw new Error('diff found no difference');
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    if (typeof out !== 'string' || out === '') throw e;
    return out;
  }
}

describe('a plain diff -N of two directories', () => {
  for (const zone of ['UTC', 'America/Los_Angeles']) {
    it(`reads the epoch-dated sides as a created and a deleted file (TZ=${zone})`, () => {
      const diff = dirDiff(zone);
      expect(diff).toMatch(/1969-12-31|1970-01-01/);
      const files = parsePatch(diff, 'dirs.diff').map((f) => [f.oldPath, f.newPath, f.change]);
      expect(files).toEqual([
        ['include/gone.h', null, 'delete'],
        ['include/kept.h', 'include/kept.h', 'modify'],
        [null, 'include/new.h', 'add'],
      ]);
    });
  }
});

describe('a plain diff of two trees not named a/ and b/', () => {
  it('drops each side\'s top directory, as patch -p1 does (diff -ruN linux.orig linux, quilt)', () => {
    const diff = [
      '--- linux.orig/include/uapi/linux/demo.h\t2026-01-01 10:00:00.000000000 +0000',
      '+++ linux/include/uapi/linux/demo.h\t2026-01-02 10:00:00.000000000 +0000',
      '@@ -1 +1,2 @@',
      ' #define DEMO_A 1',
      '+#define DEMO_B 2',
      '--- linux.orig/include/uapi/linux/demo_new.h\t1970-01-01 00:00:00.000000000 +0000',
      '+++ linux/include/uapi/linux/demo_new.h\t2026-01-02 10:00:00.000000000 +0000',
      '@@ -0,0 +1 @@',
      '+#define DEMO_NEW 1',
      '',
    ].join('\n');
    expect(parsePatch(diff, 'quilt.diff').map((f) => [f.oldPath, f.newPath, f.change])).toEqual([
      ['include/uapi/linux/demo.h', 'include/uapi/linux/demo.h', 'modify'],
      [null, 'include/uapi/linux/demo_new.h', 'add'],
    ]);
  });
  it('a real rename between a/ and b/ is kept', () => {
    const diff = '--- a/include/old.h\n+++ b/include/new.h\n@@ -1 +1 @@\n-#define X 1\n+#define X 2\n';
    expect(parsePatch(diff, 'r.diff').map((f) => [f.oldPath, f.newPath, f.change])).toEqual([['include/old.h', 'include/new.h', 'rename']]);
  });
});
