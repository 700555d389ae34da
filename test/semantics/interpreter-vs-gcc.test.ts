/**
 * The interpreter against GCC: small C functions are compiled natively
 * (-fwrapv like the kernel's -fno-strict-overflow) for x86_64 and for i386
 * (-m32: 32-bit long and pointers) and interpreted on the same inputs for
 * the same ABI; every result must be equal. One compile per ABI. A kernel
 * without 32-bit support (no IA32 emulation: some VMs) cannot exec the i386
 * build; it then runs under qemu-user (.ci/run installs qemu-user-static).
 * The interpreter reads the functions as the behaviour stage does, through
 * kernel-source.ts (GNU case ranges rewritten).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { createMachine } from '../../src/semantics/interpreter/program.ts';
import { normalizeKernelSource } from '../../src/semantics/kernel-source.ts';
import { LLONG } from '../../src/semantics/interpreter/types.ts';
import { asScalar, scalar } from '../../src/semantics/interpreter/values.ts';

const PRELUDE = `
typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32; typedef unsigned long long u64;
typedef signed char s8; typedef short s16; typedef int s32; typedef long long s64;
struct pt { int x; short y; char tag[3]; long long z; };
struct bits { unsigned int a : 3; signed int b : 5; unsigned int c : 7; u8 d : 1; u16 e : 9; };
union word { u32 x; u8 b[4]; u16 h[2]; };
struct node { struct pt p[3]; u8 n; };
`;

/** name → body of `long long NAME(long long a, long long b)`. */
const CASES: Record<string, string> = {
  promote_uchar_schar: 'unsigned char x = a; signed char y = b; return x + y;',
  promote_ushort_mul: 'unsigned short x = a, y = b; return x * y;',
  signed_vs_unsigned_compare: 'int x = a; unsigned int y = b; return x < y;',
  literal_compare: 'return (-1 < 1u) * 10 + (-1L < 1u) * 100 + (-1 < (unsigned char)1);',
  uchar_shift_24: 'unsigned char c = a; return c << 24;',
  shift_right_unsigned: 'return (u32)a >> (b & 31);',
  shift_right_signed: 'int x = a; return x >> (b & 31);',
  shift_left_u32: 'return 1u << (b & 31);',
  shift_left_ll: 'return (long long)(int)a << 20;',
  int_mul_wrap: 'int x = a; return x * 0x10001;',
  u32_mul_wrap: 'return (u32)a * (u32)b;',
  int_add_wrap: 'int x = a, y = b; return x + y;',
  short_conversion: 'return (short)(a + b);',
  uchar_conversion: 'return (unsigned char)(a - b);',
  div_mod: 'int x = a, y = b; if (y == 0 || (x == -2147483647 - 1 && y == -1)) return 0; return (x / y) * 1000 + x % y;',
  u64_div: 'u64 x = a, y = b; if (!y) return 0; return x / y + x % y;',
  ternary_common_type: 'return a < 0 ? 1u : -1;',
  not_not_and_compl: 'return !!a * 10 + !b + (~(u8)a & 0xff);',
  compound_assign: 'int x = a; x += 5; x *= b; x -= 3; x <<= 2; x ^= 0x55; x |= 0x100; x &= 0x7ffff; x >>= 1; x %= 1000; return x;',
  incdec: 'int x = a, y; y = x++ + ++x; y += x-- - --x; return y * 100 + x;',
  comma_and_conditional: 'int x = 0, y; y = (x = a, x + 1); return y > 3 ? y : (x, -y);',
  switch_fallthrough: 'int r = 0; switch (a & 7) { case 0: r += 1; case 1: r += 10; break; case 2: case 3: r += 100; default: r += 1000; case 7: r += 5; } return r;',
  goto_loop: 'int i = 0, s = 0; again: s += i * (int)b; if (++i < 5) goto again; return s;',
  do_while_break_continue: 'int i = 0, s = 0; do { i++; if (i == 3) continue; if (i > 8) break; s += i; } while (i < 20); return s;',
  nested_for: 'int s = 0; for (int i = 0; i < 4; i++) for (int j = i; j < 4; j++) s += i * j + (int)a; return s;',
  struct_copy: 'struct pt p = { .x = a, .y = b, .tag = { 1, 2, 3 }, .z = a * b }; struct pt q; q = p; p.x = 0; q.tag[1] += 5; return q.x + q.y + q.tag[0] + q.tag[1] + q.tag[2] + q.z + p.x;',
  struct_array_designated: 'struct node n = { .p = { [1] = { .x = 7, .y = -2 }, [2].z = 9 }, .n = 3 }; return n.p[1].x * 1000 + n.p[1].y * 100 + n.p[2].z * 10 + n.n + n.p[0].x;',
  compound_literal: 'struct pt q = (struct pt){ .x = a, .y = b }; return q.x * 100 + q.y + q.z;',
  sizeof_records: 'struct pt p; return sizeof(struct pt) * 10000 + sizeof(p.tag) * 1000 + sizeof(struct bits) * 100 + sizeof(union word) * 10 + sizeof(struct node);',
  bitfields_store_load: 'struct bits s = {0}; s.a = a; s.b = b; s.c = a + b; s.d = 1; s.e = a * 3; return s.a * 100000 + s.b * 1000 + s.c * 10 + s.d + s.e * 1000000LL;',
  bitfield_signed_negative: 'struct bits s = {0}; s.b = -3; s.a = 7; s.a++; return s.b * 10 + s.a;',
  bitfield_promotion: 'struct bits s = {0}; s.a = a; return (s.a - 5 < 0) * 10 + (s.c - 1 < 0);',
  union_bytes: 'union word w; w.x = (u32)a; return w.b[0] + w.b[1] * 2 + w.b[3] * 4 + w.h[1];',
  pointer_arith: 'int arr[10]; for (int i = 0; i < 10; i++) arr[i] = i * i; int *p = arr + (a & 3); int *q = &arr[9]; return *(p + 2) * 100 + (q - p) + p[1];',
  pointer_byte_steps: 'u32 v[2] = { 0x11223344, 0x55667788 }; u8 *c = (u8 *)v; return c[1] + c[4] * 1000 + *(u16 *)(c + 2);',
  struct_pointer_diff: 'struct pt arr[4]; struct pt *p = &arr[3]; struct pt *q = arr; return (p - q) * 10 + ((char *)p - (char *)q);',
  pointer_through_struct: 'struct node n = {0}; struct pt *p = &n.p[2]; p->x = a; p->tag[2] = 9; struct node *np = &n; return np->p[2].x + np->p[2].tag[2] + (long long)((char *)&np->n - (char *)np);',
  array_of_pointers: 'int x = 1, y = 2, z = 3; int *ps[3] = { &x, &y, &z }; *ps[(a & 1) + 1] += 10; return x * 100 + y * 10 + z;',
  unsigned_wrap_negation: 'u32 x = a; return -x;',
  long_long_mixed: 'u32 x = a; long long y = b; return x + y;',
  long_width: 'long x = a; unsigned long y = b; return (x + y) + (long long)sizeof(long) * 1000000 + (long long)sizeof(void *) * 10000000;',
  long_vs_u32_compare: 'long x = -1; u32 y = a; return x < y;',
  ulong_shift: 'unsigned long x = 1; return (long long)(x << (b & 31)) + (long long)(~0UL >> 1 > 0x7fffffffUL);',
  char_sign: 'char c = (char)a; return c;',
  bool_conversion: 'bool x = a; _Bool y = b & 2; return x * 10 + y;',
  // GNU C as kernel functions use it (case ranges reach the interpreter through kernel-source.ts)
  statement_expression: 'int y = ({ int t = a * 2; if (t > 100) t = 100; t + (int)b; }); ({ y += 1; }); return y + ({ 3; });',
  elvis_evaluated_once: 'int n = 0; long long r = (n += 1, a & 3) ?: 9; return r * 10 + n;',
  case_ranges: 'switch ((int)a & 15) { case 0 ... 3: return 1; case 4 ... 9: return 2 + (int)b; case 10: return 5; default: return 3; }',
};

const INPUTS: [bigint, bigint][] = [
  [0n, 0n], [1n, 2n], [-1n, 1n], [127n, -128n], [255n, 3n], [0x7fffffffn, 1n], [-0x80000000n, -1n],
  [1234567n, -89n], [-5n, 7n], [0x12345678n, 0x9abcn], [65535n, 65535n], [42n, 31n],
];

const TEXT = `${PRELUDE}\n${Object.entries(CASES).map(([n, b]) => `long long ${n}(long long a, long long b)\n{\n\t${b}\n}\n`).join('\n')}`;

const ABIS = [
  { abi: 'x86_64' as const, flags: [] as string[], qemu: 'x86_64' },
  { abi: 'i386' as const, flags: ['-m32'], qemu: 'i386' },
];

/** How to run a program built for `qemu`'s machine: directly when this kernel execs it, else under qemu-user. */
function runnerFor(dir: string, flags: string[], qemu: string): string[] {
  const probe = join(dir, 'probe');
  writeFileSync(`${probe}.c`, 'int main(void) { return 0; }\n');
  execFileSync('gcc', [...flags, '-o', probe, `${probe}.c`]);
  if (spawnSync(probe).status === 0) return [];
  for (const emulator of [`qemu-${qemu}-static`, `qemu-${qemu}`]) if (spawnSync(emulator, [probe]).status === 0) return [emulator];
  throw new Error(`this machine cannot run programs built with gcc ${flags.join(' ')}, and there is no qemu-${qemu}(-static) to run them`);
}
const native = new Map<string, Map<string, bigint[]>>();

function compileAndRun(flags: string[], qemu: string): Map<string, bigint[]> {
  const dir = mkdtempSync(join(tmpdir(), 'abi-check-interp-'));
  try {
    const [runner, ...runnerArgs] = [...runnerFor(dir, flags, qemu), join(dir, 'cases')];
    const main = `#include <stdio.h>\n#include <stdbool.h>\n${TEXT}\nint main(void) {\n static const long long in[][2] = { ${INPUTS.map(([a, b]) => `{ ${a}LL, ${b}LL }`).join(', ')} };\n for (unsigned i = 0; i < ${INPUTS.length}; i++) {\n${Object.keys(CASES).map((n) => `  printf("${n} %lld\\n", ${n}(in[i][0], in[i][1]));`).join('\n')}\n }\n return 0;\n}\n`;
    writeFileSync(join(dir, 'cases.c'), main);
    execFileSync('gcc', [...flags, '-O0', '-fwrapv', '-w', '-o', join(dir, 'cases'), join(dir, 'cases.c')]);
    const out = execFileSync(runner!, runnerArgs, { encoding: 'utf8' });
    const results = new Map<string, bigint[]>();
    for (const line of out.trim().split('\n')) {
      const [name, v] = line.split(' ');
      if (!results.has(name!)) results.set(name!, []);
      results.get(name!)!.push(BigInt(v!));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  for (const { abi, flags, qemu } of ABIS) native.set(abi, compileAndRun(flags, qemu));
});

for (const { abi } of ABIS) {
  describe(`interpreter vs gcc (${abi}, -fwrapv)`, () => {
    const text = `typedef _Bool bool;\n${TEXT}`;
    const model = buildTypeModel({ path: 'cases.c', text }, { abi, kernel: false, includeDirs: [] });
    for (const name of Object.keys(CASES)) {
      test(name, () => {
        const m = createMachine({ model, abi, units: [{ path: 'cases.c', text: normalizeKernelSource(text) }] });
        const got = INPUTS.map(([a, b]) => BigInt.asIntN(64, asScalar(m.call(name, [scalar(LLONG, a), scalar(LLONG, b)], 'test'), name).v));
        expect(got).toEqual(native.get(abi)!.get(name));
      });
    }
  });
}
