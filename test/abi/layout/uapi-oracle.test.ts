/**
 * The GCC oracle: every struct and union of the installed uAPI headers
 * (linux/**, the ABI's own asm/, asm-generic/, drm/, rdma/, misc/, mtd/,
 * sound/, scsi/, video/, xen/ of each ABI's include directories), laid out by
 * the tool and by that ABI's GCC, must agree exactly (size, _Alignof, member
 * offsets/sizes, bitfield positions, nesting).
 *
 * Prints per ABI: headers, records compared / equal / differing, and every
 * header not processed with its reason. Fails on any difference not listed in
 * KNOWN_EXCEPTIONS with an explanation.
 *
 * Knobs: ABI_CHECK_ORACLE_ABIS=x86_64,arm (default: all 14);
 * ABI_CHECK_ORACLE_SAMPLE=N checks every N-th header only (quick runs).
 * GCC results are cached in node_modules/.cache/abi-check-gcc-oracle
 * (ABI_CHECK_GCC_CACHE overrides), keyed by ABI and header bytes.
 *
 * Measured on the 2-core build machine: all 14 ABIs, 13,319 header runs,
 * 60,090 records: 288 s with an empty cache, 47 s with a warm one.
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { limiter } from './gcc/run-process.ts';
import { toolchainFor } from './gcc/toolchain.ts';
import { runOracle, summarise, toolRunsInChild, uapiHeaders, type ToolRun } from './uapi-oracle.ts';

/**
 * Differences explained and accepted, by header (all ABIs): the reason must
 * say why the tool cannot match GCC there.
 */
const KNOWN_EXCEPTIONS: Record<string, string> = {};

const abis: AbiName[] = process.env.ABI_CHECK_ORACLE_ABIS
  ? (process.env.ABI_CHECK_ORACLE_ABIS.split(',') as AbiName[])
  : [...ABI_NAMES];
const sample = Math.max(1, Number(process.env.ABI_CHECK_ORACLE_SAMPLE ?? 1));

describe('layouts of the installed uAPI headers equal GCC', () => {
  // The tool runs ABI after ABI in child processes (one core), each ABI's GCC
  // runs two compilers at a time once the tool's record names are known.
  const gccLimit = limiter(2);
  const headersOf = new Map(abis.map((abi) => [abi, uapiHeaders(abi).filter((_, i) => i % sample === 0)]));
  const toolRuns = new Map<AbiName, Promise<ToolRun[]>>();
  const startTools = () => {
    if (toolRuns.size) return;
    let chain: Promise<unknown> = Promise.resolve();
    for (const abi of abis) {
      const runs = chain.then(() => toolRunsInChild(abi, headersOf.get(abi)!));
      toolRuns.set(abi, runs);
      chain = runs.catch(() => undefined);
    }
  };

  it.each(abis)('%s', async (abi) => {
    startTools();
    const headers = headersOf.get(abi)!;
    const where = toolchainFor(abi).uapiRoots.join(', ');
    expect(headers.length, `${abi}: no uAPI headers in ${where}: install its GCC and sysroot (see .ci/run)`).toBeGreaterThan(100 / sample);
    const outcome = await runOracle(abi, headers, gccLimit, await toolRuns.get(abi)!);
    process.stdout.write(`${summarise(outcome)}\n`);
    const unexplained = outcome.headers.flatMap((h) => (KNOWN_EXCEPTIONS[h.header] ? [] : h.differences));
    for (const h of outcome.headers) {
      if (KNOWN_EXCEPTIONS[h.header]) {
        process.stdout.write(h.differences.length
          ? `  known exception, ${h.differences.length} differences: ${h.header}: ${KNOWN_EXCEPTIONS[h.header]}\n`
          : `  known exception no longer needed: ${h.header} now agrees with GCC\n`);
      }
    }
    const compared = outcome.headers.reduce((n, h) => n + h.compared, 0);
    expect(compared).toBeGreaterThan(0);
    expect(unexplained, `${unexplained.length} unexplained differences on ${abi}`).toEqual([]);
  }, 900_000);
});
