/**
 * bench/layout: the tool lays out every /usr/include/linux/*.h header for all
 * 14 ABIs in this one process (time split into preprocessor + front end and
 * layout engine); GCC (cc1 -S -g, assembler, readelf, DWARF read, then an
 * _Alignof probe compile) does the same headers for x86_64 only, two
 * compilers at a time, uncached. Prints both times and the ratio.
 *
 *   npm run bench:layout            (or: node --import tsx bench/layout.ts)
 *   BENCH_LAYOUT_LIMIT=100 …        first 100 headers only
 *
 * Between headers the loop yields to the event loop (outside the timed part):
 * tree-sitter trees are freed by finalizers, which run only then, so a loop
 * that never yields keeps every tree of the run allocated. Memory growth per
 * model is reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ABI_NAMES } from '../src/abi/layout-types.ts';
import { layoutHeader } from '../src/abi/layout/index.ts';
import { buildTypeModel } from '../src/c/build-type-model.ts';
import { systemIncludeDirsFor } from '../src/c/preprocess/index.ts';
import { resolveHeader } from '../src/cli/layout-command.ts';
import { InputError } from '../src/errors.ts';
import { gccRecordsFor } from '../test/abi/layout/gcc/gcc-layouts.ts';
import { limiter } from '../test/abi/layout/gcc/run-process.ts';

const limit = Number(process.env.BENCH_LAYOUT_LIMIT ?? Infinity);
const headers = readdirSync('/usr/include/linux')
  .filter((n) => n.endsWith('.h'))
  .sort()
  .slice(0, limit)
  .map((n) => `linux/${n}`);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  console.log(`${headers.length} headers of /usr/include/linux`);

  // GCC first: the tool's front end grows this process's native memory, which slows every later fork.
  const run = limiter(2);
  const t1 = performance.now();
  const results = await Promise.all(headers.map((h) => run(() => gccRecordsFor('x86_64', h))));
  const gccMs = performance.now() - t1;
  const gccRecords = results.reduce((n, r) => n + (r.ok ? r.records.length : 0), 0);
  console.log(`GCC, x86_64 only, 2 jobs: ${seconds(gccMs)} (${gccRecords} record layouts, ${results.filter((r) => !r.ok).length} headers failed)`);

  const rss0 = process.memoryUsage().rss;
  let models = 0;
  let idleMs = 0;
  const t0 = performance.now();
  let toolRecords = 0;
  let toolFailed = 0;
  let frontMs = 0;
  let layoutMs = 0;
  for (const abi of ABI_NAMES) {
    const includeDirs = systemIncludeDirsFor(abi);
    for (const h of headers) {
      try {
        const { path } = resolveHeader(h, [], abi);
        const text = readFileSync(path, 'utf8');
        const a = performance.now();
        const model = buildTypeModel({ path, text }, { abi, kernel: false, includeDirs });
        const b = performance.now();
        toolRecords += layoutHeader(model, path, abi).records.length;
        layoutMs += performance.now() - b;
        frontMs += b - a;
        models++;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        toolFailed++;
      }
      const idle = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
      idleMs += performance.now() - idle;
    }
  }
  const toolMs = performance.now() - t0 - idleMs;
  const rssGrowth = process.memoryUsage().rss - rss0;
  console.log(`tool, ${ABI_NAMES.length} ABIs, 1 process: ${seconds(toolMs)} (${toolRecords} record layouts, ${toolFailed} header runs failed)`);
  console.log(`  of which preprocessor + front end ${seconds(frontMs)}, layout engine ${seconds(layoutMs)}`);
  console.log(`  memory: resident set grew ${(rssGrowth / 1e6).toFixed(0)} MB over ${models} models (${(rssGrowth / 1e6 / Math.max(models, 1)).toFixed(2)} MB each)`);

  const perAbiTool = toolMs / ABI_NAMES.length;
  console.log(`ratio: tool for all ${ABI_NAMES.length} ABIs / GCC for one ABI = ${(toolMs / gccMs).toFixed(2)}`);
  console.log(`per ABI: tool ${seconds(perAbiTool)}, GCC ${seconds(gccMs)} → tool is ${(gccMs / perAbiTool).toFixed(1)}x faster per ABI`);
}

await main();
