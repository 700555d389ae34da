/**
 * A typedef retargeted to a type of the same size (`__u64`: unsigned long →
 * unsigned long long on a 64-bit ABI) is reported once, at the typedef, not
 * again at every member written with it; where the size changes, the members
 * are reported too.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

function rules(abis: AbiName[]): string[] {
  const side = {
    before: 'typedef unsigned long demo_u64;\nstruct demo_info {\n\tdemo_u64 flags;\n};\n',
    after: 'typedef unsigned long long demo_u64;\nstruct demo_info {\n\tdemo_u64 flags;\n};\n',
    code: null,
  };
  return runChange('include/uapi/linux/corpus.h', side, abis).filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`);
}

describe('a typedef retargeted', () => {
  it('to a type of the same size: once, at the typedef', () => {
    expect(rules(['x86_64', 'aarch64'])).toEqual(['uapi.typedef-changed demo_u64']);
  });

  it('to a type of another size on some ABI: the members too', () => {
    expect(rules(['x86_64', 'i386'])).toContain('uapi.member-type-changed struct demo_info.flags');
  });
});

describe('a member whose enum type is renamed, every old enumerator kept (cn_proc, 6.x)', () => {
  it('is no member type change', () => {
    const side = {
      before: 'struct demo_event {\n\tenum what {\n\t\tDEMO_NONE = 0,\n\t\tDEMO_FORK = 1,\n\t} what;\n\t__u32 cpu;\n};\n',
      after: 'enum demo_event_kind {\n\tDEMO_NONE = 0,\n\tDEMO_FORK = 1,\n\tDEMO_EXEC = 2,\n};\nstruct demo_event {\n\tenum demo_event_kind what;\n\t__u32 cpu;\n};\n',
      code: null,
    };
    const found = runChange('include/uapi/linux/corpus.h', side, ['x86_64', 'i386']);
    expect(found.map((f) => f.rule)).not.toContain('uapi.member-type-changed');
    // a value changed: still a type change
    const changed = { ...side, after: side.after.replace('DEMO_FORK = 1', 'DEMO_FORK = 4') };
    expect(runChange('include/uapi/linux/corpus.h', changed, ['x86_64']).map((f) => f.rule)).toContain('uapi.member-type-changed');
  });
});

describe('a typedef of a record defined in place', () => {
  const run = (before: string, after: string) => {
    const side = { before, after, code: null };
    return runChange('include/uapi/linux/corpus.h', side, ['x86_64', 'i386']);
  };

  it('is compared member by member, not as a changed typedef (s390 __vector128 gained high/low beside u)', () => {
    const found = run('typedef struct {\n\t__u32 u[4];\n} __vector128;\n', 'typedef struct {\n\tunion {\n\t\tstruct {\n\t\t\t__u64 high;\n\t\t\t__u64 low;\n\t\t};\n\t\t__u32 u[4];\n\t};\n} __vector128;\n');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(found.filter((f) => f.rule === 'uapi.member-added').map((f) => f.symbol)).toEqual(['__vector128.high', '__vector128.low']);
  });

  it('whose old struct was renamed to it is the rename only (elf.h struct dynamic → Elf32_Dyn)', () => {
    const found = run('typedef struct dynamic {\n\t__s32 d_tag;\n\t__u32 d_val;\n} Elf32_Dyn;\n', 'typedef struct {\n\t__s32 d_tag;\n\t__u32 d_val;\n} Elf32_Dyn;\n');
    expect(found.filter((f) => f.level === 'error').map((f) => f.rule)).toEqual(['uapi.type-renamed']);
  });
});
