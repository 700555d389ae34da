/**
 * The walk memo (src/c/parse/walk-memo.ts) replays the declaration walk of a
 * unit's leading inclusions. A unit built with it must be the model built
 * without it, on real headers and on built cases where later units complete,
 * or leave incomplete, what a shared inclusion declared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainModel } from './helpers.ts';
import { installedUapiHeaders } from '../../support/uapi-headers.ts';
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { parseTranslationUnit } from '../../../src/c/parse/parse-translation-unit.ts';
import { memoRoot } from '../../../src/c/parse/walk-memo.ts';
import { preprocess, PreprocessCache, systemIncludeDirsFor, type PreprocessResult } from '../../../src/c/preprocess/index.ts';
import type { TypeModel } from '../../../src/c/type-model.ts';

/** One hooks object for the whole file: the memo is kept per layout hooks. */
const layout = { sizeAlignOf, layoutRecord };

function build(pp: PreprocessResult, abi: AbiName, memo: boolean): TypeModel {
  return parseTranslationUnit(pp.text, pp.origins, abi, { layout, ...(memo ? { inclusions: pp.includeSpans } : {}) });
}

describe('walk memo', () => {
  it('gives the same model as walking every piece, for real uAPI headers on three ABIs', () => {
    const headers = installedUapiHeaders(4);
    let replayed = 0;
    for (const abi of ['x86_64', 'i386', 'aarch64'] as const) {
      const cache = new PreprocessCache();
      const includeDirs = systemIncludeDirsFor(abi);
      for (const name of headers) {
        const path = includeDirs.map((d) => `${d}/linux/${name}`).find((p) => cache.readDisk(p) !== null);
        if (!path) continue;
        const pp = preprocess({ path, text: readFileSync(path, 'utf8') }, { abi, kernel: false, includeDirs, cache });
        const first = pp.includeSpans[0];
        if (first?.row === 0 && memoRoot({ abi, kernel: false, fallbackTypes: true, layout }).get(first.recording)) replayed++;
        expect(plainModel(build(pp, abi, true)), `${abi} ${path}`).toEqual(plainModel(build(pp, abi, false)));
      }
    }
    // most units begin with an inclusion another unit walked already
    expect(replayed).toBeGreaterThan(headers.length);
  });

  it('keeps what a shared inclusion declared unchanged when a later unit completes it', () => {
    const files: Record<string, string> = {
      '/m/common.h': [
        '#ifndef COMMON_H',
        '#define COMMON_H',
        'struct s;',
        'typedef struct s s_t;',
        'enum e;',
        'typedef struct { int a; } anon_t;',
        'struct { int b; } gvar;',
        'enum { A1 = 1 };',
        '#endif',
        '',
      ].join('\n'),
      '/m/complete.c': '#include "common.h"\nstruct s { int x; long y; };\nenum e { E1 = 5 };\nstruct t { struct s inner; anon_t a; };\n',
      '/m/incomplete.c': '#include "common.h"\nstruct q { s_t *p; enum e *f; };\nstruct r { struct s bad; };\n',
    };
    const cache = new PreprocessCache();
    const readFile = (p: string) => files[p] ?? null;
    const unit = (path: string) => preprocess({ path, text: files[path]! }, { abi: 'x86_64', kernel: false, includeDirs: [], readFile, cache });

    const complete1 = unit('/m/complete.c');
    const completeModel = build(complete1, 'x86_64', true);
    const completeSnapshot = plainModel(completeModel);
    expect(completeSnapshot).toEqual(plainModel(build(complete1, 'x86_64', false)));
    const s = completeModel.records.find((r) => r.id === 's')!;
    expect(s.complete).toBe(true);
    expect(s.members.map((m) => m.name)).toEqual(['x', 'y']);

    const incomplete = unit('/m/incomplete.c');
    expect(incomplete.includeSpans[0]?.recording).toBe(complete1.includeSpans[0]?.recording);
    const incompleteModel = build(incomplete, 'x86_64', true);
    expect(plainModel(incompleteModel)).toEqual(plainModel(build(incomplete, 'x86_64', false)));
    expect(incompleteModel.records.find((r) => r.id === 's')!.complete).toBe(false);
    expect(incompleteModel.enums.find((e) => e.id === 'e')!.enumerators).toEqual([]);
    expect(incompleteModel.diagnostics.map((d) => d.message)).toContain("field 'bad' has incomplete type 'struct s'");

    // the first unit's model was not changed by the second, and a third unit replays the same walk
    expect(plainModel(completeModel)).toEqual(completeSnapshot);
    expect(plainModel(build(unit('/m/complete.c'), 'x86_64', true))).toEqual(completeSnapshot);
    const anon = completeModel.records.filter((r) => r.tag === null).map((r) => [r.id, r.typedefName ?? null]);
    expect(anon).toEqual([
      ['anon#1@/m/common.h:6', 'anon_t'],
      ['anon#1@/m/common.h:7', null],
    ]);
  });
});
