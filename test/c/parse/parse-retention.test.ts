/**
 * A kept parse keeps its own text, not the string it was cut from
 * (src/c/parse/tree-sitter-c.ts): a declaration cut from a unit's text and
 * parsed, then cached, must not keep the whole unit alive once nothing else
 * holds it (an in-kernel header's preprocessed unit is megabytes).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseC } from '../../../src/c/parse/tree-sitter-c.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A unit of `n` declarations (a flat string of its own, as the preprocessor's joined output). */
function unit(n: number, tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`struct ${tag}_${i} { unsigned long long a; int b[4]; };`);
  return lines.join('\n');
}

describe('parse retention', () => {
  it('a cached parse of a cut from a 20 MB text does not keep that text', () => {
    const before = heapUsed();
    const kept = (() => {
      const text = unit(400_000, `retained_${Date.now()}`);
      expect(text.length).toBeGreaterThan(20_000_000);
      const start = text.indexOf('struct', 1_000_000);
      const decl = text.slice(start, text.indexOf(';', text.indexOf('}', start)) + 1);
      const parsed = parseC(decl);
      return { parsed, tag: parsed.rootNode.children[0]!.text };
    })();
    const grown = heapUsed() - before;
    expect(kept.tag).toMatch(/^struct retained_\d+_\d+ \{/);
    // the unit's characters (20+ MB as one-byte text) are gone; the parse of one declaration is small
    expect(grown).toBeLessThan(5_000_000);
  });
});
