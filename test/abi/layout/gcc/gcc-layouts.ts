/**
 * GCC as the layout oracle: compile a generated C file with `-g
 * -fno-eliminate-unused-debug-types`, read the records from DWARF, then ask
 * `_Alignof` of each in a second compile (read back from the `-S` assembly).
 * Results are cached on disk keyed by (ABI, include name, header bytes, C
 * source of the probe), so reruns cost a hash and a file read.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AbiName, RecordLayout } from '../../../../src/abi/layout-types.ts';
import { ABIS } from '../../../../src/abi/abis.ts';
import { dwarfRecords } from './dwarf-records.ts';
import { runProcess } from './run-process.ts';
import { toolchainFor } from './toolchain.ts';

const CACHE_VERSION = 'gcc-layouts@2';
export const CACHE_DIR = process.env.ABI_CHECK_GCC_CACHE ?? join(process.cwd(), 'node_modules/.cache/abi-check-gcc-oracle');

export type GccResult = { ok: true; records: RecordLayout[] } | { ok: false; reason: string };

function firstError(stderr: string): string {
  const line = stderr.split('\n').find((l) => /\berror\b/.test(l)) ?? stderr.split('\n').find((l) => l.trim()) ?? 'failed';
  return line.replace(/^.*?: (?=(?:fatal )?error)/, '').trim();
}

let scratchSeq = 0;

/** Read back the `unsigned int` array `__abi_check_v` from GCC's assembly (any target's data directives). */
export function readUIntArray(asm: string, symbol: string): number[] {
  const lines = asm.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${symbol}:`));
  if (start < 0) throw new Error(`no ${symbol} in assembly`);
  const out: number[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^\s*\.(long|word|4byte|int|uaword)\s+(-?\w+)/.exec(l);
    const z = /^\s*\.(zero|space|skip)\s+(\d+)/.exec(l);
    if (m) out.push(Number(m[2]) >>> 0);
    else if (z) for (let i = 0; i < Number(z[2]) / 4; i++) out.push(0);
    else if (/^\s*\.(align|p2align|balign)\b/.test(l)) continue;
    else break;
  }
  return out;
}

/** Compile a header for `abi` and return its records (uncached); see gccRecordsOfSource for `probeNames`. */
export function gccRecordsFor(abi: AbiName, includeName: string, probeNames: string[] = []): Promise<GccResult> {
  return gccRecordsOfSource(abi, `#include <${includeName}>\n`, includeName, probeNames);
}

function probeArray(names: string[]): string {
  return `\nunsigned int __abi_check_v[] = {\n${names.map((n) => `  _Alignof(${n}),`).join('\n')}\n  0xabc1u };\n`;
}

function readProbe(asm: string, names: string[], what: string): Map<string, number> {
  const v = readUIntArray(asm, '__abi_check_v');
  if (v.length !== names.length + 1 || v[names.length] !== 0xabc1) {
    throw new Error(`alignment probe for ${what}: read ${v.length} values for ${names.length} types`);
  }
  return new Map(names.map((n, i) => [n, v[i]!]));
}

/**
 * Compile C `source` for `abi` and return the records declared in the file
 * named `declaredIn` (an include name, or null for `source` itself).
 *
 * `_Alignof` is asked in the same compile for `probeNames` (C type names such
 * as `struct foo` or a typedef name expected in the header, e.g. from an
 * earlier run): one cc1 run (`-S -g`), the assembler, readelf. Records DWARF
 * shows that were not probed get a second, probe-only compile; if a probed
 * name does not exist the compile is redone without probes. The result does
 * not depend on `probeNames`.
 */
export async function gccRecordsOfSource(abi: AbiName, source: string, declaredIn: string | null, probeNames: string[] = []): Promise<GccResult> {
  const tc = toolchainFor(abi);
  // a directory per compile, removed with what is in it (test workers are killed, not exited: no exit hook runs)
  const dir = await mkdtemp(join(process.env.TMPDIR ?? tmpdir(), 'abi-check-gcc-'));
  const stem = `h${scratchSeq++}`;
  const base = join(dir, stem);
  const what = `${declaredIn ?? 'source'} on ${abi}`;
  try {
    await writeFile(`${base}.c`, probeNames.length ? source + probeArray(probeNames) : source);
    const cc = await runProcess(tc.cc, [...tc.flags, '-g', '-fno-eliminate-unused-debug-types', '-w', '-S', '-o', `${base}.s`, `${base}.c`]);
    if (cc.code !== 0) {
      if (probeNames.length) return await gccRecordsOfSource(abi, source, declaredIn, []);
      return { ok: false, reason: `GCC: ${firstError(cc.stderr)}` };
    }
    const asm = await readFile(`${base}.s`, 'utf8');
    const aligns = probeNames.length ? readProbe(asm, probeNames, what) : new Map<string, number>();
    const as = await runProcess(tc.cc, [...tc.flags, '-c', '-o', `${base}.o`, `${base}.s`]);
    if (as.code !== 0) return { ok: false, reason: `assembler: ${firstError(as.stderr)}` };
    const re = await runProcess(tc.readelf, ['--debug-dump=info,rawline', `${base}.o`]);
    if (re.code !== 0) return { ok: false, reason: `readelf: ${firstError(re.stderr)}` };
    const recs = dwarfRecords(re.stdout, declaredIn ?? `${stem}.c`, ABIS[abi].byteOrder === 'big');
    const missing = recs.map((r) => r.cName).filter((n) => !aligns.has(n));
    if (missing.length) {
      await writeFile(`${base}.c`, source + probeArray(missing));
      const s = await runProcess(tc.cc, [...tc.flags, '-w', '-S', '-o', `${base}.s`, `${base}.c`]);
      if (s.code !== 0) return { ok: false, reason: `GCC (alignment probe): ${firstError(s.stderr)}` };
      for (const [n, a] of readProbe(await readFile(`${base}.s`, 'utf8'), missing, what)) aligns.set(n, a);
    }
    return {
      ok: true,
      records: recs.map((r) => ({
        kind: r.kind, name: r.name, ...(r.typedef ? { typedef: true } : {}), size: r.size, align: aligns.get(r.cName)!, members: r.members,
      })),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Like gccRecordsFor, cached on disk by the header's bytes (the result does not depend on `probeNames`). */
export async function gccRecordsCached(abi: AbiName, includeName: string, headerPath: string, probeNames: string[] = []): Promise<GccResult> {
  const text = await readFile(headerPath);
  const key = createHash('sha256').update(`${CACHE_VERSION}\0${abi}\0${includeName}\0`).update(text).digest('hex').slice(0, 32);
  const file = join(CACHE_DIR, abi, `${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as GccResult;
    } catch {
      // corrupt cache entry: recompute
    }
  }
  const r = await gccRecordsFor(abi, includeName, probeNames);
  await mkdir(join(CACHE_DIR, abi), { recursive: true });
  await writeFile(file, JSON.stringify(r));
  return r;
}
