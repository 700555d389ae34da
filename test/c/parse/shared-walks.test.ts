/**
 * Sharing across ABIs: tails (src/c/preprocess/tail-replay.ts) replayed by
 * the preprocessor, and walks of recorded rows (src/c/parse/shared-walks.ts)
 * replayed by the front end, for any ABI whose macros and scope answer
 * alike. A unit built with every ABI sharing one cache must be the unit
 * built from scratch: the same preprocessed text, origins and diagnostics,
 * the same model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainModel } from './helpers.ts';
import { installedUapiHeaders } from '../../support/uapi-headers.ts';
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { parseTranslationUnit } from '../../../src/c/parse/parse-translation-unit.ts';
import { unitRegions } from '../../../src/c/parse/unit-regions.ts';
import { preprocess, PreprocessCache, systemIncludeDirsFor, type PreprocessResult } from '../../../src/c/preprocess/index.ts';
import type { RecordDecl, TypeModel } from '../../../src/c/type-model.ts';

const layout = { sizeAlignOf, layoutRecord };

function build(pp: PreprocessResult, abi: AbiName, shared: boolean): TypeModel {
  return parseTranslationUnit(pp.text, pp.origins, abi, { layout, ...(shared ? { inclusions: pp.includeSpans, tails: pp.tailSpans } : {}) });
}

describe('sharing work across ABIs', () => {
  it('gives every ABI the unit it gets alone, for real uAPI headers read by all 14 ABIs', () => {
    // One set of headers for every ABI (as from a kernel tree), each ABI's own asm/ and libc.
    const headers = installedUapiHeaders(6)
      .map((n) => `/usr/include/linux/${n}`);
    const cache = new PreprocessCache();
    let tails = 0;
    for (const abi of ABI_NAMES) {
      const opts = { abi, kernel: false, includeDirs: ['/usr/include'], afterDirs: systemIncludeDirsFor(abi) };
      for (const path of headers) {
        const input = { path, text: readFileSync(path, 'utf8') };
        const pp = preprocess(input, { ...opts, cache });
        const alone = preprocess(input, { ...opts, cache: new PreprocessCache(), replayIncludes: false });
        const where = `${abi} ${path}`;
        expect(pp.text, where).toBe(alone.text);
        expect(pp.origins, where).toEqual(alone.origins);
        expect(pp.diagnostics, where).toEqual(alone.diagnostics);
        expect([...pp.macros.keys()], where).toEqual([...alone.macros.keys()]);
        tails += pp.tailSpans.length;
        expect(plainModel(build(pp, abi, true)), where).toEqual(plainModel(build(alone, abi, false)));
      }
    }
    // tails were replayed: most headers, on most ABIs, end with their own declarations
    expect(tails).toBeGreaterThan(headers.length * 10);
  }, 120_000);

  it('records a tail the first time it is reached and replays it on another ABI', () => {
    const files: Record<string, string> = {
      '/t/a.h': ['#ifndef A_H', '#define A_H', '#include <b.h>', 'struct a { b_t x; long y; };', '#endif', ''].join('\n'),
      '/t/b.h': ['typedef int b_t;', ''].join('\n'),
    };
    const readFile = (p: string) => files[p] ?? null;
    const cache = new PreprocessCache();
    const run = (abi: AbiName) => preprocess({ path: '/t/a.h', text: files['/t/a.h']! }, { abi, kernel: false, includeDirs: ['/t'], readFile, cache });
    // b.h, which includes nothing, is a tail as a whole; a.h's tail follows its #include
    const first = run('x86_64');
    expect(first.tailSpans.map((t) => first.origins[t.row]!.file)).toEqual(['/t/b.h', '/t/a.h']);
    const second = run('i386');
    expect(second.tailSpans.map((t) => t.recording)).toEqual(first.tailSpans.map((t) => t.recording));
    expect(second.tailSpans[1]!.recording).toBe(first.tailSpans[1]!.recording);
    expect(second.text).toBe(first.text);
    expect(second.text).toContain('struct a { b_t x; long y; };');
  });

  it('does not share a tail whose result depends on the include path or the target', () => {
    for (const condition of ['__has_include(<b.h>)', "'\\377' < 0", '__has_attribute(ms_struct)']) {
      const files: Record<string, string> = {
        '/t/a.h': ['#include <b.h>', `#if ${condition}`, 'struct yes { int x; };', '#else', 'struct no { int x; };', '#endif', ''].join('\n'),
        '/t/b.h': '',
      };
      const readFile = (p: string) => files[p] ?? null;
      const cache = new PreprocessCache();
      const runs = (['x86_64', 'aarch64', 'arm', 'ppc64'] as const).map((abi) =>
        preprocess({ path: '/t/a.h', text: files['/t/a.h']! }, { abi, kernel: false, includeDirs: ['/t'], readFile, cache }),
      );
      for (const r of runs) expect(r.tailSpans, condition).toEqual([]);
    }
  });

  it('replays a tail only where the macros it reads are defined alike', () => {
    const files: Record<string, string> = {
      '/t/a.h': ['#include <bits.h>', 'struct s { char pad[BITS / 8]; };', ''].join('\n'),
      '/t/bits.h': ['#ifdef __LP64__', '#define BITS 64', '#else', '#define BITS 32', '#endif', ''].join('\n'),
    };
    const readFile = (p: string) => files[p] ?? null;
    const cache = new PreprocessCache();
    const text = (abi: AbiName) =>
      preprocess({ path: '/t/a.h', text: files['/t/a.h']! }, { abi, kernel: false, includeDirs: ['/t'], readFile, cache }).text;
    const seen = ['x86_64', 'i386', 'aarch64', 'arm', 'x86_64', 'i386'].map((abi) => text(abi as AbiName));
    expect(seen.map((t) => /pad\[(\d+) \/ 8\]/.exec(t)?.[1])).toEqual(['64', '32', '64', '32', '64', '32']);
  });
});

describe('regions of inclusions recorded on different ABIs', () => {
  const loc = (file: string, line: number) => ({ file, line });
  /** An inclusion recording of two rows: a part, then a tail of one row. */
  function recording(partFile: string) {
    const tail = { text: 'struct t { int x; };\n', origins: [loc('/i/t.h', 3)] };
    const part = 'typedef int a_t;\n';
    return { text: part + tail.text, origins: [loc(partFile, 7), loc('/i/t.h', 3)], tails: [{ row: 1, rows: 1, offset: part.length, recording: tail }] };
  }
  const partIdentity = (rec: ReturnType<typeof recording>) =>
    unitRegions(rec.text, 2, [{ row: 0, rows: 2, offset: 0, recording: rec }], [rec.tails[0]!])![0]!.regions[0]!.identity;

  it('gives a part one identity, whatever recording holds it, when its text and origins are the same', () => {
    // two configurations' recordings of the same file: distinct objects, same rows from the same place
    const x86 = recording('/i/common.h');
    const arm = recording('/i/common.h');
    expect(partIdentity(x86)).not.toBeNull();
    expect(partIdentity(arm)).toBe(partIdentity(x86));
  });

  it('gives a part from another file its own identity (findings name the file each row came from)', () => {
    expect(partIdentity(recording('/sysroot-a/asm/t.h'))).not.toBe(partIdentity(recording('/sysroot-b/asm/t.h')));
  });
});

describe('walks that take sizeof', () => {
  /** `struct s` of /t/a.h in `files`, built on each ABI in turn, all sharing one cache. */
  const structSOn = (files: Record<string, string>, abis: readonly AbiName[]): RecordDecl[] => {
    const readFile = (p: string) => files[p] ?? null;
    const cache = new PreprocessCache();
    return abis.map((abi) => {
      const pp = preprocess({ path: '/t/a.h', text: files['/t/a.h']! }, { abi, kernel: false, includeDirs: ['/t'], readFile, cache });
      return build(pp, abi, true).records.find((r) => r.tag === 's')!;
    });
  };
  const padLength = (r: RecordDecl) => (r.members[0]!.type as { length?: number }).length;

  it('are replayed on an ABI where the sizes they took are the same, and walked again where not', () => {
    const files: Record<string, string> = {
      '/t/a.h': ['#include <b.h>', 'struct s { char pad[sizeof(long)]; b_t x; };', ''].join('\n'),
      '/t/b.h': ['typedef int b_t;', ''].join('\n'),
    };
    // x86_64 records the tail and keeps its walk; i386 (4-byte long) walks it again and keeps that walk too
    const [, , aarch64, riscv64, arm, ppc32] = structSOn(files, ['x86_64', 'i386', 'aarch64', 'riscv64', 'arm', 'ppc32']);
    // the same declaration object: aarch64's walk, replayed (long is 8 bytes on both)
    expect(riscv64).toBe(aarch64);
    expect(padLength(riscv64)).toBe(8);
    // long is 4 bytes on arm: i386's walk, replayed, as on ppc32
    expect(arm).not.toBe(aarch64);
    expect(padLength(arm)).toBe(4);
    expect(ppc32).toBe(arm);
  });

  it('are walked again where a record they took the size of is declared otherwise, on the same ABI', () => {
    const files: Record<string, string> = {
      '/t/b.h': ['struct b {', '#ifdef WIDE', '  long long x[4];', '#else', '  char x;', '#endif', '};', ''].join('\n'),
      '/t/a.h': ['struct s { char pad[sizeof(struct b)]; };', ''].join('\n'),
      // a declaration of their own first: the walk memo, which follows the inclusions a unit begins with, is not used
      '/t/wide.h': ['#define WIDE 1', 'typedef int m_t;', '#include <b.h>', '#include <a.h>', ''].join('\n'),
      '/t/narrow.h': ['typedef int m_t;', '#include <b.h>', '#include <a.h>', ''].join('\n'),
    };
    const readFile = (p: string) => files[p] ?? null;
    const cache = new PreprocessCache();
    const padOf = (main: string, abi: AbiName, shared: boolean) => {
      const input = { path: main, text: files[main]! };
      const opts = { abi, kernel: false, includeDirs: ['/t'], readFile };
      const pp = shared ? preprocess(input, { ...opts, cache }) : preprocess(input, { ...opts, cache: new PreprocessCache(), replayIncludes: false });
      const model = build(pp, abi, shared);
      expect(plainModel(model), `${abi} ${main}`).toEqual(plainModel(build(preprocess(input, { ...opts, cache: new PreprocessCache(), replayIncludes: false }), abi, false)));
      return padLength(model.records.find((r) => r.tag === 's')!);
    };
    const seen = (['/t/wide.h', '/t/narrow.h', '/t/wide.h', '/t/narrow.h', '/t/narrow.h', '/t/wide.h', '/t/wide.h'] as const).map((m) => padOf(m, 'x86_64', true));
    expect(seen).toEqual([32, 1, 32, 1, 1, 32, 32]);
    // and on another ABI, where the struct it declares itself has another size
    expect(padOf('/t/wide.h', 'i386', true)).toBe(32);
    expect(padOf('/t/narrow.h', 'm68k', true)).toBe(1);
  });

  it('are replayed through a struct the walk declared itself, where its layout is the same', () => {
    const files: Record<string, string> = {
      '/t/a.h': ['#include <b.h>', 'struct in { short a; long b; };', 'struct s { char pad[sizeof(struct in)]; b_t x; };', ''].join('\n'),
      '/t/b.h': ['typedef int b_t;', ''].join('\n'),
    };
    const [, , aarch64, riscv64, m68k, i386] = structSOn(files, ['x86_64', 'arm', 'aarch64', 'riscv64', 'm68k', 'i386']);
    expect(riscv64).toBe(aarch64);
    expect(padLength(riscv64)).toBe(16);
    // m68k aligns long to 2 bytes: 6; i386 to 4: 8
    expect(padLength(m68k)).toBe(6);
    expect(padLength(i386)).toBe(8);
  });
});
