/**
 * Unnamed bit-fields of a type named by a typedef (`s32:32;`, the padding of
 * linux/time32.h's struct old_timex32): tree-sitter-c, not knowing `s32` is a
 * type, gives each a MISSING name at its colon, which once made a second,
 * phantom member of each. Compared with GCC on ABIs whose bit-field rules
 * differ (arm: unnamed fields' types count; m68k: packed bit-fields).
 */
import { describe, expect, it } from 'vitest';
import { layoutHeader } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { gccConstants } from './gcc-values.ts';

const HEADER = `
typedef int s32;
typedef unsigned char u8;
struct padded {
	s32 a;
	s32:32; s32:32;
	s32 :7;
	u8:3;
	s32 b;
	u8 :0;
	char c;
	s32:32; s32:32; s32:32;
};
`;

const ABIS: AbiName[] = ['x86_64', 'i386', 'arm', 'm68k'];

describe('unnamed bit-fields of a typedef\'d type', () => {
  for (const abi of ABIS) {
    it(`${abi}: one member each, laid out as GCC does`, async () => {
      const gcc = await gccConstants(abi, HEADER, ['sizeof(struct padded)', '_Alignof(struct padded)', '__builtin_offsetof(struct padded, b)', '__builtin_offsetof(struct padded, c)']);
      expect(gcc).not.toBeNull();
      const model = buildTypeModel({ path: '/tmp/padded.h', text: HEADER }, { abi, kernel: false, includeDirs: [] });
      expect(model.diagnostics).toEqual([]);
      const decl = model.records.find((r) => r.tag === 'padded')!;
      expect(decl.members.map((m) => (m.name ?? `:${m.bitWidth}`))).toEqual(['a', ':32', ':32', ':7', ':3', 'b', ':0', 'c', ':32', ':32', ':32']);
      const rec = layoutHeader(model, '/tmp/padded.h', abi).records.find((r) => r.name === 'padded')!;
      const at = (name: string) => BigInt(rec.members.find((m) => m.name === name)!.offset);
      expect([BigInt(rec.size), BigInt(rec.align), at('b'), at('c')]).toEqual(gcc);
    });
  }
});
