/**
 * Test helpers: run the installed GCC for an ABI as the reference
 * preprocessor, and compare outputs token by token (spacing and blank lines
 * differ legitimately between GCC's -E output and ours).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { gccCommandFor, preprocess, type PreprocessOptions, type PreprocessResult } from '../../../src/c/preprocess/index.ts';
import { lexText } from '../../../src/c/preprocess/lexer.ts';

const available = new Map<string, boolean>();

/**
 * Whether the ABI's GCC runs here. Tests comparing with a missing compiler
 * are skipped, except in CI (.ci/run sets ABI_CHECK_REQUIRE_ALL_COMPILERS),
 * where a missing compiler fails the test file instead of hiding an ABI.
 */
export function haveCompiler(abi: AbiName): boolean {
  const { cc, args } = gccCommandFor(abi);
  const key = [cc, ...args].join(' ');
  let ok = available.get(key);
  if (ok === undefined) {
    const r = spawnSync(cc, [...args, '-E', '-x', 'c', '-'], { input: '', stdio: ['pipe', 'ignore', 'ignore'] });
    ok = r.status === 0;
    available.set(key, ok);
  }
  if (!ok && process.env.ABI_CHECK_REQUIRE_ALL_COMPILERS) {
    throw new Error(`${abi}: ${cc} does not run, and ABI_CHECK_REQUIRE_ALL_COMPILERS is set (CI compares every ABI with GCC)`);
  }
  return ok;
}

export const scratch = mkdtempSync(join(tmpdir(), 'abi-check-pp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** GCC's `-E -P` output for `file`; throws with GCC's stderr when GCC fails. */
export function gccPreprocessFile(abi: AbiName, file: string, extraArgs: string[] = []): string {
  const { cc, args } = gccCommandFor(abi);
  return execFileSync(cc, [...args, '-E', '-P', ...extraArgs, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
}

let counter = 0;
/** Write `text` to a scratch file and return its path. */
export function scratchFile(text: string, name = `t${counter++}.c`): string {
  const p = join(scratch, name);
  writeFileSync(p, text);
  return p;
}

export function tokenTexts(text: string): string[] {
  return lexText('<cmp>', text).tokens.map((t) => t.text);
}

/** Preprocess `text` with both GCC (`-undef`-free, default target) and us; return both token lists. */
export function bothPreprocess(text: string, abi: AbiName = 'x86_64', opts: Partial<PreprocessOptions> = {}): { gcc: string[]; ours: string[]; result: PreprocessResult } {
  const file = scratchFile(text);
  const gcc = tokenTexts(gccPreprocessFile(abi, file));
  const result = preprocess({ path: file, text }, { abi, kernel: false, includeDirs: [], ...opts });
  return { gcc, ours: tokenTexts(result.text), result };
}
