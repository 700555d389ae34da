/**
 * A one-member wrapper struct added or dropped around the same bytes
 * (acrn's guid_t → __u8 [16]) is uapi.member-type-rewrapped's warning, not
 * uapi.member-type-changed's error; wrappers that change the bytes' meaning,
 * size or alignment are still type changes.
 */
import { describe, expect, it } from 'vitest';
import { runChange } from './corpus-runner.ts';

const WRAPPERS = `
typedef struct { __u8 b[16]; } demo_guid_t;
struct demo_id { __u32 v; };
struct demo_pair { __u32 lo; __u32 hi; };
typedef struct { __u8 b[16]; } __attribute__((aligned(8))) demo_aligned_guid_t;
typedef struct { struct demo_id id; } demo_nested_t;
`;

function rules(before: string, after: string): string[] {
  const side = {
    before: `${WRAPPERS}struct demo_vm {\n\t__u32 vmid;\n\t${before};\n\t__u64 flags;\n};\n`,
    after: `${WRAPPERS}struct demo_vm {\n\t__u32 vmid;\n\t${after};\n\t__u64 flags;\n};\n`,
    code: null,
  };
  return runChange('include/uapi/linux/demo.h', side, ['x86_64', 'i386', 'm68k'])
    .filter((f) => f.symbol.startsWith('struct demo_vm.')).map((f) => f.rule);
}

describe('one-member wrapper structs', () => {
  it('dropping a wrapper: the same bytes under a new type, a warning', () => {
    expect(rules('demo_guid_t uuid', '__u8 uuid[16]')).toEqual(['uapi.member-type-rewrapped']);
  });
  it('adding one, tagged or through nested wrappers', () => {
    expect(rules('__u32 id', 'struct demo_id id')).toEqual(['uapi.member-type-rewrapped']);
    expect(rules('__u32 id', 'demo_nested_t id')).toEqual(['uapi.member-type-rewrapped']);
  });
  it('a wrapper of two members, or of another type, is a type change', () => {
    expect(rules('__u64 id', 'struct demo_pair id')).toContain('uapi.member-type-changed');
    expect(rules('__u8 uuid[16]', 'struct demo_id uuid[4]')).toContain('uapi.member-type-changed');
    expect(rules('__u8 uuid[16]', 'demo_guid_t uuid')).not.toContain('uapi.member-type-changed');
  });
  it('a wrapper with its own alignment is not the same bytes', () => {
    const found = rules('__u8 uuid[16]', 'demo_aligned_guid_t uuid');
    expect(found).not.toContain('uapi.member-type-rewrapped');
    expect(found).toContain('uapi.member-type-changed');
  });
});

describe('what the warning says', () => {
  const message = (before: string, after: string) => {
    const side = {
      before: `${WRAPPERS}struct demo_vm {\n\t__u32 vmid;\n\t${before};\n};\n`,
      after: `${WRAPPERS}struct demo_vm {\n\t__u32 vmid;\n\t${after};\n};\n`,
      code: null,
    };
    return runChange('include/uapi/linux/demo.h', side, ['x86_64']).find((f) => f.rule === 'uapi.member-type-rewrapped')!.message;
  };
  it('a dropped wrapper: code using the old type breaks', () => {
    expect(message('demo_guid_t uuid', '__u8 uuid[16]')).toContain('passes its address as a `demo_guid_t *`');
  });
  it('an added wrapper: code has to name the member inside', () => {
    expect(message('__u32 id', 'demo_nested_t id')).toContain('it has to name `id.id.v`');
  });
});

describe('a tagless struct given a tag', () => {
  const TAGGED = 'struct demo_res {\n\t__u64 pa;\n\t__u64 size;\n};\n';
  const found = (before: string, after: string) =>
    runChange('include/uapi/linux/demo.h', { before: `${TAGGED}struct demo_dev {\n\t__u32 id;\n\t__u32 n;\n\t${before};\n};\n`, after: `${TAGGED}struct demo_dev {\n\t__u32 id;\n\t__u32 n;\n\t${after};\n};\n`, code: null }, ['x86_64', 'i386'])
      .filter((f) => f.symbol.startsWith('struct demo_dev')).map((f) => `${f.level} ${f.rule} ${f.symbol}`);
  it('same members (acrn_mmiodev.res): nothing', () => {
    expect(found('struct {\n\t\t__u64 pa;\n\t\t__u64 size;\n\t} res[3]', 'struct demo_res res[3]')).toEqual([]);
  });
  it('other members: still a type change', () => {
    expect(found('struct {\n\t\t__u64 pa;\n\t\t__u64 len;\n\t} res[3]', 'struct demo_res res[3]')).toContain('error uapi.member-type-changed struct demo_dev.res');
  });
});
