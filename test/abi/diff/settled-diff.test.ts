/**
 * What the series-level stages keep of a file's comparison (src/abi/diff/settled-diff.ts):
 * everything but the models its record sides point into.
 */
import { describe, expect, it } from 'vitest';
import { settledDiff } from '../../../src/abi/diff/settled-diff.ts';
import { diffOf } from './support/run-diff.ts';
import { m, model, struct, u32, u64 } from './support/model-builder.ts';

describe('settled diff', () => {
  it('keeps layouts, fields and changes, and drops the models', () => {
    const before = (abi: string) => model(abi, { records: [struct('demo', [m('a', u32, { line: 2 }), m('b', u32, { line: 3 })])] });
    const after = (abi: string) => model(abi, { records: [struct('demo', [m('a', u32, { line: 2 }), m('b', u64, { line: 3 })]), struct('added', [m('x', u32, { line: 6 })])] });
    const diff = diffOf(before, after, ['x86_64', 'i386']);
    const settled = settledDiff(diff);
    expect(settled.records.map((c) => c.symbol)).toEqual(diff.records.map((c) => c.symbol));
    expect(settled.records.length).toBeGreaterThan(1);
    for (const [i, c] of settled.records.entries()) {
      for (const side of ['before', 'after'] as const) {
        const full = diff.records[i]![side];
        const kept = c[side];
        if (!full) {
          expect(kept).toBeNull();
          continue;
        }
        expect(full.model).toBeDefined();
        expect(kept).not.toHaveProperty('model');
        const { model: _model, ...rest } = full;
        expect(kept).toEqual(rest);
      }
    }
    const { records: _r, ...others } = diff;
    const { records: _s, ...settledOthers } = settled;
    expect(settledOthers).toEqual(others);
  });
});
