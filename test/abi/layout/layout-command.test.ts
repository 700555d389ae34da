/**
 * `abi-check layout` on real headers: a temporary header written here and the
 * installed uAPI headers resolved as include names per ABI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLayoutCommand } from '../../../src/cli/layout-command.ts';
import { InputError, UsageError } from '../../../src/errors.ts';
import { gccRecordsOfSource } from './gcc/gcc-layouts.ts';

let dir = '';
const HEADER = `#ifndef _DEMO_H
#define _DEMO_H
#include <linux/types.h>
struct demo {
\t__u32 a;
\t__u64 b;
\tunion {
\t\t__u8 c;
\t\t__u16 d;
\t};
\tunsigned int e:3, f:5;
\t__u32 n;
\t__u64 tail[];
};
typedef struct {
\t__s8 x;
} demo_t;
struct padded { __u64 a; __u8 b:3; };
#endif
`;

async function run(args: Partial<Parameters<typeof runLayoutCommand>[0]>) {
  let out = '';
  let err = '';
  const code = await runLayoutCommand(
    { includeDirs: [dir], abi: 'x86_64', format: 'json', files: ['uapi/demo.h'], ...args },
    { stdout: (s) => (out += s), stderr: (s) => (err += s) },
  );
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layout-cmd-'));
  mkdirSync(join(dir, 'uapi'));
  writeFileSync(join(dir, 'uapi/demo.h'), HEADER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('abi-check layout', () => {
  it('prints the DESIGN.md JSON for one ABI, equal to what GCC says', async () => {
    const { code, out } = await run({});
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.abi).toBe('x86_64');
    expect(Object.keys(json.headers)).toEqual(['uapi/demo.h']);
    const gcc = await gccRecordsOfSource('x86_64', HEADER, null);
    expect(gcc.ok && gcc.records).toEqual(json.headers['uapi/demo.h'].records);
    expect(json.headers['uapi/demo.h'].records.map((r: { name: string }) => r.name)).toEqual(['demo', 'demo_t', 'padded']);
  }, 60_000);

  it('prints an array with one object per ABI for --abi all, i386 differing from x86_64', async () => {
    const { out } = await run({ abi: 'all', struct: 'demo' });
    const all = JSON.parse(out) as { abi: string; headers: Record<string, { records: { size: number }[] }> }[];
    expect(all.map((o) => o.abi)).toHaveLength(14);
    const size = (abi: string) => all.find((o) => o.abi === abi)!.headers['uapi/demo.h']!.records[0]!.size;
    expect([size('x86_64'), size('i386'), size('m68k')]).toEqual([24, 20, 20]);
  }, 60_000);

  it('prints pahole-style text with holes, bit positions and tail padding', async () => {
    const { out } = await run({ format: 'text', abi: 'x86_64' });
    expect(out).toContain('struct demo {');
    expect(out).toMatch(/__u32\s+a;\s+\/\*\s+0\s+4 \*\//);
    expect(out).toContain('/* XXX 4 bytes hole */');
    expect(out).toMatch(/unsigned int\s+f:5;\s+\/\*\s+18: 3\s+4 \*\//);
    expect(out).toContain('/* size: 24, align: 8, members: 7 */');
    expect(out).toContain('/* padding: 7 bytes 5 bits */');
  }, 60_000);

  it('resolves asm/ include names through the ABI’s own include directory', async () => {
    const x86 = JSON.parse((await run({ includeDirs: [], files: ['asm/stat.h'], abi: 'x86_64', struct: 'stat' })).out);
    const arm = JSON.parse((await run({ includeDirs: [], files: ['asm/stat.h'], abi: 'arm', struct: 'stat' })).out);
    expect(x86.headers['asm/stat.h'].records[0].size).toBe(144);
    expect(arm.headers['asm/stat.h'].records[0].size).toBe(64);
  }, 60_000);

  it('lays out GCC\'s extended floats where the ABI has them, as GCC does, and names the ABI where it has not', async () => {
    const source = 'struct q { char c; _Float128 f; _Float64x x; };\n';
    writeFileSync(join(dir, 'uapi/floats.h'), source);
    for (const abi of ['x86_64', 'i386', 'aarch64', 's390x'] as const) {
      const { code, out } = await run({ abi, files: ['uapi/floats.h'] });
      expect(code).toBe(0);
      const gcc = await gccRecordsOfSource(abi, source, null);
      const sizes = (records: { size: number; align: number; members: { offset: number; size: number }[] }[]) =>
        records.map((r) => [r.size, r.align, r.members.map((m) => [m.offset, m.size])]);
      expect(gcc.ok && sizes(gcc.records), abi).toEqual(sizes(JSON.parse(out).headers['uapi/floats.h'].records));
    }
    const arm = await run({ abi: 'arm', files: ['uapi/floats.h'], format: 'text' });
    expect(arm.out + arm.err).toMatch(/'_Float128' does not exist on arm/);
  }, 60_000);

  it('lays out __builtin_va_list (what va_list is made of) as each ABI\'s GCC does', async () => {
    const source = 'struct v { char c; __builtin_va_list ap; short s; };\n';
    writeFileSync(join(dir, 'uapi/valist.h'), source);
    for (const abi of ['x86_64', 'x32', 'aarch64', 'ppc32', 's390x', 'm68k'] as const) {
      const { code, out } = await run({ abi, files: ['uapi/valist.h'] });
      expect(code).toBe(0);
      const gcc = await gccRecordsOfSource(abi, source, null);
      const ours = JSON.parse(out).headers['uapi/valist.h'].records;
      expect(ours[0].members.map((m: { name: string }) => m.name)).toEqual(['c', 'ap', 's']);
      expect(gcc.ok && gcc.records.map((r) => [r.size, r.align, r.members.map((m) => [m.offset, m.size])]), abi)
        .toEqual(ours.map((r: { size: number; align: number; members: { offset: number; size: number }[] }) => [r.size, r.align, r.members.map((m) => [m.offset, m.size])]));
    }
  }, 60_000);

  it('lays out unnamed bit-fields of two-word types (`unsigned long : 1`), which tree-sitter-c reads as an error, as GCC does', async () => {
    // the shapes of s390's struct psw_bits and x86's descriptors: a blank or a tab before the colon, a width expression
    const source = [
      'struct psw { unsigned long\t     :\t1; unsigned long per : 1; unsigned long\t: 3; unsigned long dat : 1; long long : 2 * 4; short s; };',
      'struct mix { char c; unsigned short : 3; unsigned char d : 2; signed long : 5; unsigned long long : 9; int e : 4; };',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'uapi/unnamed.h'), source);
    for (const abi of ['x86_64', 'i386', 'aarch64', 'arm', 'ppc64', 's390x', 'm68k'] as const) {
      const { code, out, err } = await run({ abi, files: ['uapi/unnamed.h'] });
      expect(code, err).toBe(0);
      const gcc = await gccRecordsOfSource(abi, source, null);
      expect(gcc.ok && gcc.records, abi).toEqual(JSON.parse(out).headers['uapi/unnamed.h'].records);
    }
  }, 60_000);

  it('rejects bad usage and missing inputs with clear errors', async () => {
    await expect(run({ abi: 'vax' })).rejects.toThrow(UsageError);
    await expect(run({ format: 'xml' as 'json' })).rejects.toThrow(/--format/);
    await expect(run({ files: ['linux/no-such-header.h'] })).rejects.toThrow(InputError);
    await expect(run({ struct: 'nope' })).rejects.toThrow(/no struct or union of that name/);
  }, 60_000);
});
