/**
 * A struct that stays declared, but no longer on every ABI that had it
 * (wrapped in an architecture #ifdef), is removed for the others.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64', 's390x'];
const STRUCT = 'struct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n';

function removals(before: string, after: string, rule = 'uapi.type-removed') {
  const side = { before, after, code: null };
  return runChange('include/uapi/linux/corpus.h', side, ABIS).filter((f) => f.rule === rule);
}

describe('uapi.type-removed on some ABIs', () => {
  it('reports the ABIs that lost the struct', () => {
    const r = removals(STRUCT, `#if defined(__x86_64__) || defined(__i386__)\n${STRUCT}#endif\n`);
    expect(r.map((f) => [f.symbol, f.abis])).toEqual([['struct demo_req', ['aarch64', 's390x']]]);
    expect(r[0]!.message).toBe('struct demo_req (2 members) is no longer declared on aarch64, s390x, only on x86_64, i386: userspace built for those ABIs that uses it no longer compiles.');
  });

  it('reports a #define no longer defined on some ABIs (uapi.macro-removed)', () => {
    const r = removals('#define DEMO_S390_FLAG 4\n', '#ifdef __s390x__\n#define DEMO_S390_FLAG 4\n#endif\n', 'uapi.macro-removed');
    expect(r.map((f) => [f.symbol, f.abis, f.message])).toEqual([['DEMO_S390_FLAG', ['x86_64', 'i386', 'aarch64'], 'DEMO_S390_FLAG is no longer defined on x86_64, i386, aarch64, only on s390x: userspace built for those ABIs that uses it no longer compiles.']]);
  });

  it('groups #defines that moved to the same ABIs into one finding', () => {
    const names = ['DEMO_S390_A', 'DEMO_S390_B', 'DEMO_S390_C', 'DEMO_S390_D'];
    const defs = names.map((n, i) => `#define ${n} ${i}\n`).join('');
    const r = removals(defs, `#ifdef __s390x__\n${defs}#endif\n`, 'uapi.macro-removed');
    expect(r.map((f) => [f.symbol, f.abis])).toEqual([['4 macros (DEMO_S390_A, DEMO_S390_B, DEMO_S390_C, …)', ['x86_64', 'i386', 'aarch64']]]);
    expect(r[0]!.message).toBe('4 #defines are no longer defined on x86_64, i386, aarch64, only on s390x: DEMO_S390_A, DEMO_S390_B, DEMO_S390_C, DEMO_S390_D. Userspace built for those ABIs that uses them no longer compiles.');
  });

  it('groups types that moved to the same ABIs into one finding', () => {
    const structs = ['a', 'b', 'c'].map((n) => `struct demo_${n} {\n\t__u32 x;\n};\n`).join('');
    const r = removals(structs, `#ifdef __s390x__\n${structs}#endif\n`);
    expect(r.map((f) => [f.symbol, f.abis])).toEqual([['3 types (struct demo_a, struct demo_b, struct demo_c)', ['x86_64', 'i386', 'aarch64']]]);
  });

  it('reports a removed typedef of a tagless struct once, as the record', () => {
    const r = removals('typedef struct {\n\t__u8 b[16];\n} demo_guid_t;\n#define DEMO_KEEP 1\n', '#define DEMO_KEEP 1\n');
    expect(r.map((f) => f.symbol)).toEqual(['demo_guid_t']);
  });

  it('says nothing when the struct was already limited to those ABIs', () => {
    const limited = `#ifdef __s390x__\n${STRUCT}#endif\n`;
    expect(removals(limited, limited.replace('__u32 len;', '__u32 len; /* bytes */'))).toEqual([]);
  });
});
