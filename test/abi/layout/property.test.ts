/**
 * Property: for random records (nested and anonymous aggregates, bitfields
 * including `:0` and unnamed ones, packed/aligned on members and records,
 * flexible and zero-length arrays, typedefs that raise or lower alignment),
 * the engine's layout equals GCC's on several ABIs. Many records go into one
 * C file per ABI, so GCC runs once per ABI.
 *
 * ABI_CHECK_PROPERTY_SEED replays a run; ABI_CHECK_PROPERTY_RUNS sets the count.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { layoutRecord } from '../../../src/abi/layout/index.ts';
import { addRecord, emptyModel, PRELUDE, recArb, recordC, topRecordC } from './random-records.ts';
import { gccRecordsOfSource } from './gcc/gcc-layouts.ts';
import { stripForOracle } from './oracle-compare.ts';

const DEFAULT_ABIS: AbiName[] = ['x86_64', 'i386', 'arm', 's390x', 'm68k', 'aarch64', 'ppc32', 'mips'];
/** ABI_CHECK_PROPERTY_ABIS=all (or a comma list) widens the set. */
const ABIS_UNDER_TEST: AbiName[] = process.env.ABI_CHECK_PROPERTY_ABIS === 'all'
  ? [...ABI_NAMES]
  : process.env.ABI_CHECK_PROPERTY_ABIS ? (process.env.ABI_CHECK_PROPERTY_ABIS.split(',') as AbiName[]) : DEFAULT_ABIS;
const seed = Number(process.env.ABI_CHECK_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const runs = Number(process.env.ABI_CHECK_PROPERTY_RUNS ?? 400);

describe(`random records vs GCC (seed ${seed}, ${runs} records)`, () => {
  const recs = fc.sample(recArb(2, true), { seed, numRuns: runs });
  const file = 'random.c';
  const source = PRELUDE + recs.map((r, i) => topRecordC(r, `s${i}`)).join('');

  it.each(ABIS_UNDER_TEST)('%s', async (abi) => {
    const gcc = await gccRecordsOfSource(abi, source, null);
    if (!gcc.ok) throw new Error(`GCC rejected the generated file (seed ${seed}): ${gcc.reason}`);
    const model = emptyModel(abi, file);
    recs.forEach((r, i) => addRecord(model, r, `s${i}`, file, i + 1));
    const byName = new Map(gcc.records.map((r) => [r.name, r]));
    const bad: string[] = [];
    recs.forEach((r, i) => {
      const want = byName.get(`s${i}`);
      const got = stripForOracle(layoutRecord(model, `${r.kind} s${i}`, abi));
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        bad.push(`${topRecordC(r, `s${i}`)}\n  GCC:  ${JSON.stringify(want)}\n  tool: ${JSON.stringify(got)}`);
      }
    });
    expect(bad.slice(0, 3).join('\n\n'), `${bad.length} of ${recs.length} records differ on ${abi} (seed ${seed})`).toBe('');
  }, 120_000);
});
