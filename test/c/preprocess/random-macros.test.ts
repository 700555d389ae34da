/**
 * Property: random sets of mutually referring macros (object- and
 * function-like, variadic, `#`, `##`, GNU `, ## __VA_ARGS__`, self and
 * mutual references) expand exactly as GCC expands them.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gccCommandFor, preprocess } from '../../../src/c/preprocess/index.ts';
import { haveCompiler, scratchFile, tokenTexts } from './gcc-oracle.ts';

interface MacroSpec {
  name: string;
  /** null: object-like. */
  params: string[] | null;
  variadic: boolean;
  body: string[];
}

const NAMES = ['M0', 'M1', 'M2', 'M3', 'M4'];
const atom = fc.constantFrom('x', 'y', '1', '42', 'M0', 'M2', '(x, M1)', '"s"', "'c'");

/** Body items for a macro with parameters `params`. */
function bodyItem(params: string[], variadic: boolean, arities: Map<string, number | null>): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [fc.constantFrom('x', '7', '+', '*', '(', ')', '[', ']')];
  const objectLike = NAMES.filter((n) => arities.get(n) === null);
  if (objectLike.length > 0) options.push(fc.constantFrom(...objectLike));
  for (const [name, arity] of arities) {
    if (arity === null) continue;
    options.push(fc.array(atom, { minLength: arity, maxLength: arity }).map((args) => `${name}(${args.join(', ')})`));
  }
  if (params.length > 0) {
    const p = fc.constantFrom(...params);
    options.push(p, p, p.map((q) => `#${q}`), fc.tuple(p, p).map(([a, b]) => `${a} ## ${b}`), p.map((q) => `x ## ${q}`), p.map((q) => `${q} ## 1`));
  }
  if (variadic) {
    options.push(fc.constantFrom('__VA_ARGS__', ', ## __VA_ARGS__', '#__VA_ARGS__', '__VA_OPT__(,)', '__VA_OPT__(x __VA_ARGS__)'));
  }
  return fc.oneof(...options);
}

const macroSet: fc.Arbitrary<MacroSpec[]> = fc
  .array(fc.oneof(fc.constant<number | null>(null), fc.integer({ min: 0, max: 3 })), { minLength: NAMES.length, maxLength: NAMES.length })
  .chain((arityList) => {
    const arities = new Map(NAMES.map((n, i) => [n, arityList[i]!] as const));
    return fc.tuple(
      ...NAMES.map((name, i) => {
        const arity = arityList[i]!;
        const params = arity === null ? null : Array.from({ length: arity }, (_, k) => `p${k}`);
        return fc.boolean().chain((variadicWanted) => {
          const variadic = params !== null && variadicWanted;
          return fc.array(bodyItem(params ?? [], variadic, arities), { maxLength: 6 }).map((body): MacroSpec => ({ name, params, variadic, body }));
        });
      }),
    );
  });

function source(macros: MacroSpec[], uses: string[][]): string {
  const defs = macros.map((m) => {
    const params = m.params === null ? '' : `(${[...m.params, ...(m.variadic ? ['...'] : [])].join(', ')})`;
    return `#define ${m.name}${params} ${m.body.join(' ')}`;
  });
  const lines = uses.map((args, i) => {
    const m = macros[i % macros.length]!;
    if (m.params === null) return `use${i}: ${m.name} ${args.join(' ')}`;
    const n = m.params.length;
    const fixed = args.slice(0, n);
    while (fixed.length < n) fixed.push('z');
    const extra = m.variadic ? args.slice(n) : [];
    return `use${i}: ${m.name}(${[...fixed, ...extra].join(', ')})`;
  });
  return [...defs, ...lines].join('\n') + '\n';
}

describe('random macro definitions expand as in GCC (fast-check)', () => {
  it.skipIf(!haveCompiler('x86_64'))('x86_64', () => {
    const { cc, args } = gccCommandFor('x86_64');
    fc.assert(
      fc.property(macroSet, fc.array(fc.array(atom, { maxLength: 4 }), { minLength: 5, maxLength: 10 }), (macros, uses) => {
        const text = source(macros, uses);
        const file = scratchFile(text);
        const gcc = spawnSync(cc, [...args, '-E', '-P', file], { encoding: 'utf8' });
        const r = preprocess({ path: file, text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
        expect(tokenTexts(r.text)).toEqual(tokenTexts(gcc.stdout));
        expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(/error:/.test(gcc.stderr));
      }),
      { numRuns: 150 },
    );
  });
});
