/**
 * bench/kernel-layouts: in-kernel struct layouts of an unconfigured tree, as
 * abi-check reads them (allnoconfig worked out from the tree's Kconfig,
 * src/c/kconfig; generated headers it lacks worked out or left out), against
 * GCC compiling the same headers in the same tree configured by scripts/kconfig
 * (`make allnoconfig` and `make prepare` in an output directory, OUT).
 *
 * For every complete struct the given headers declare: sizeof and the offset
 * of each named, non-bitfield member, by the tool's layout engine and by GCC
 * (`__builtin_offsetof` in one probe file compiled with the kernel's include
 * order and pre-includes, an array of 4-byte values read back from the
 * assembly). Prints the
 * agreement and every difference.
 *
 *   node --import ./bin/load-typescript.mjs bench/kernel-layouts.ts TREE OUT ABI HEADER…
 *
 * TREE must be unconfigured (no .config): abi-check reads it as allnoconfig;
 * OUT is the `make O=OUT ARCH=… allnoconfig prepare` directory GCC reads.
 * bench/kconfig-allnoconfig.sh runs it on Linux 6.1 for x86_64 and aarch64.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutHeader } from '../src/abi/layout/index.ts';
import type { AbiName } from '../src/abi/layout-types.ts';
import { buildTypeModel } from '../src/c/build-type-model.ts';
import { archDirOf } from '../src/c/preprocess/index.ts';

/** The compiler and the flags of the kernel's own that bear on layout or on compiling at all. */
const COMPILERS: Partial<Record<AbiName, { cc: string; flags: string[] }>> = {
  x86_64: { cc: 'gcc', flags: ['-m64', '-mno-red-zone', '-mcmodel=kernel', '-fno-pic'] },
  i386: { cc: 'gcc', flags: ['-m32', '-fno-pic'] },
  aarch64: { cc: 'aarch64-linux-gnu-gcc', flags: ['-mgeneral-regs-only', '-fno-pic'] },
  riscv64: { cc: 'riscv64-linux-gnu-gcc', flags: ['-mabi=lp64', '-march=rv64imac_zicsr_zifencei', '-mcmodel=medany', '-fno-pic'] },
};

const [tree, out, abiArg, ...headers] = process.argv.slice(2);
const abi = abiArg as AbiName;
const compiler = COMPILERS[abi];
if (!tree || !out || !compiler || headers.length === 0) {
  console.error(`usage: bench/kernel-layouts.ts TREE OUT ABI HEADER… (ABI: ${Object.keys(COMPILERS).join(', ')})`);
  process.exit(3);
}

interface Probe {
  what: string;
  tool: number;
}

const probes: Probe[] = [];
let records = 0;
for (const h of headers) {
  const path = join(tree, h);
  const model = buildTypeModel({ path, text: readFileSync(path, 'utf8') }, { abi, kernel: true, includeDirs: [], kernelTree: tree, macroValues: 'omit' });
  const lay = layoutHeader(model, path, abi);
  for (const f of lay.failures) console.log(`${h}: ${f.name} not laid out: ${f.reason}`);
  for (const r of lay.records) {
    if (r.kind !== 'struct' || r.typedef) continue;
    records++;
    const tag = r.name.startsWith('struct ') ? r.name : `struct ${r.name}`;
    probes.push({ what: `sizeof(${tag})`, tool: r.size });
    for (const m of r.members) if (m.bitSize === undefined && m.name !== '(anon)' && !m.members) probes.push({ what: `__builtin_offsetof(${tag}, ${m.name})`, tool: m.offset });
  }
}

const arch = archDirOf(abi);
const scratch = mkdtempSync(join(tmpdir(), 'abi-check-kernel-layouts-'));
try {
  const probeC = join(scratch, 'probe.c');
  const probeS = join(scratch, 'probe.s');
  const includes = headers.map((h) => `#include <${h.replace(/^include\//, '')}>\n`).join('');
  writeFileSync(probeC, `${includes}unsigned int probe[] = {\n${probes.map((p) => `  ${p.what},\n`).join('')}};\n`);
  const dirs = [`${tree}/arch/${arch}/include`, `${out}/arch/${arch}/include/generated`, `${tree}/include`, `${out}/include`, `${tree}/arch/${arch}/include/uapi`,
    `${out}/arch/${arch}/include/generated/uapi`, `${tree}/include/uapi`, `${out}/include/generated/uapi`];
  try {
    execFileSync(compiler.cc, ['-nostdinc', ...dirs.flatMap((d) => ['-I', d]), '-include', `${tree}/include/linux/kconfig.h`, '-include', `${tree}/include/linux/compiler_types.h`,
      '-D__KERNEL__', '-std=gnu11', '-fno-strict-aliasing', '-O2', '-w', ...compiler.flags, '-S', '-o', probeS, probeC], { stdio: 'pipe' });
  } catch (e) {
    console.error(`${compiler.cc} could not compile the probe:\n${String((e as { stderr?: Buffer }).stderr ?? e).split('\n').slice(0, 20).join('\n')}`);
    process.exit(1);
  }
  const asm = readFileSync(probeS, 'utf8');
  const start = asm.indexOf('\nprobe:');
  const end = asm.indexOf('.size\tprobe', start);
  // 4-byte values as each assembler spells them; a run of zeros is `.zero N` (bytes)
  const values = [...asm.slice(start, end < 0 ? undefined : end).matchAll(/^\s*\.(long|word|4byte|zero)\s+(\d+)/gm)]
    .flatMap((m) => (m[1] === 'zero' ? new Array<number>(Math.floor(Number(m[2]) / 4)).fill(0) : [Number(m[2])]));
  const differ = probes.map((p, i) => ({ p, gcc: values[i] })).filter(({ p, gcc }) => gcc !== p.tool);
  console.log(`${abi}, ${headers.length} headers: ${records} structs, ${probes.length} sizes and offsets; ${probes.length - differ.length} agree with GCC, ${differ.length} differ`);
  for (const { p, gcc } of differ) console.log(`  ${p.what}: GCC ${gcc ?? '?'}, abi-check ${p.tool}`);
  if (values.length !== probes.length) console.log(`  (read ${values.length} values back from the assembly for ${probes.length} probes)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
