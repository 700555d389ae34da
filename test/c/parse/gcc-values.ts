/**
 * Test oracle: the values GCC computes for integer constant expressions on an
 * ABI. The expressions go into `unsigned long long __abi_check_v[]`, GCC
 * compiles to assembly, and the data directives of that array are read back
 * as bytes (directive widths differ per target: `.word` is 2 bytes on x86
 * and m68k, 4 elsewhere).
 */
import { spawn } from 'node:child_process';
import { ABIS } from '../../../src/abi/abis.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { gccCommandFor } from '../../../src/c/preprocess/index.ts';


/** GCC flags for `abi`, with the x86 asm headers also found by -m32/-mx32. */
export function gccFor(abi: AbiName): { cc: string; args: string[] } {
  const { cc, args } = gccCommandFor(abi);
  return abi === 'i386' || abi === 'x32' ? { cc, args: [...args, '-isystem', '/usr/include/x86_64-linux-gnu'] } : { cc, args };
}

function widths(abi: AbiName): Record<string, number> {
  const twoByteWord = abi === 'x86_64' || abi === 'i386' || abi === 'x32' || abi === 'm68k';
  return {
    byte: 1,
    short: 2,
    hword: 2,
    half: 2,
    value: 2,
    '2byte': 2,
    word: twoByteWord ? 2 : 4,
    long: 4,
    int: 4,
    '4byte': 4,
    quad: 8,
    dword: 8,
    xword: 8,
    '8byte': 8,
  };
}

/** The bytes of the data object `symbol` in GCC assembly output. */
export function objectBytes(asm: string, symbol: string, abi: AbiName): number[] {
  const lines = asm.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${symbol}:`);
  if (start < 0) throw new Error(`no ${symbol} in assembly`);
  const w = widths(abi);
  const big = ABIS[abi].byteOrder === 'big';
  const bytes: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*\.(\w+)\s+(.*)$/.exec(line);
    if (!m) {
      if (/^\s*$/.test(line)) continue;
      break;
    }
    const [, dir, arg] = m as unknown as [string, string, string];
    if (dir === 'zero' || dir === 'skip' || dir === 'space') {
      bytes.push(...new Array<number>(Number(arg.split(',')[0])).fill(0));
      continue;
    }
    const size = w[dir];
    if (size === undefined) {
      if (dir === 'size' || dir === 'type' || dir === 'align' || dir === 'p2align') continue;
      break;
    }
    for (const item of arg.split(',')) {
      let v = BigInt.asUintN(size * 8, BigInt(item.trim()));
      const chunk: number[] = [];
      for (let i = 0; i < size; i++) {
        chunk.push(Number(v & 0xffn));
        v >>= 8n;
      }
      bytes.push(...(big ? chunk.reverse() : chunk));
    }
  }
  return bytes;
}

/** Run a compiler with `input` on stdin; stdout, or null when it fails. */
export function compile(cc: string, args: string[], input: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(cc, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out).toString('utf8') : null));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/**
 * Values of `exprs` (as unsigned 64-bit) after `prelude`, computed by GCC for
 * `abi`; null for the whole batch when GCC rejects it.
 */
export async function gccConstants(abi: AbiName, prelude: string, exprs: string[]): Promise<bigint[] | null> {
  const { cc, args } = gccFor(abi);
  const src = `${prelude}\nunsigned long long __abi_check_v[] = {\n${exprs.map((e) => `(unsigned long long)(${e}),`).join('\n')}\n};\n`;
  const asm = await compile(cc, [...args, '-S', '-O0', '-w', '-x', 'c', '-', '-o', '-'], src);
  return asm === null ? null : decode(asm, abi, exprs.length);
}

function decode(asm: string, abi: AbiName, n: number): bigint[] {
  const bytes = objectBytes(asm, '__abi_check_v', abi);
  const big = ABIS[abi].byteOrder === 'big';
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const b = bytes.slice(i * 8, i * 8 + 8);
    const ordered = big ? b : b.reverse();
    out.push(ordered.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n));
  }
  return out;
}
