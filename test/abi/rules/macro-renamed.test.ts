/**
 * A #define the change removes while adding one of the same value whose name
 * keeps its first and last words is reported as renamed (still a source
 * break), with the compatibility alias to keep; a removal with no such
 * counterpart, or with two, is a plain removal.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

function removed(before: string, after: string) {
  const side = { before, after, code: null };
  return runChange('include/uapi/drm/demo_drm.h', side, ABIS)
    .filter((f) => f.rule === 'uapi.macro-removed');
}

describe('a #define renamed', () => {
  it('names the new name and suggests the alias (MSM_SUBMIT_SYNCOBJ_RESET → MSM_SYNCOBJ_RESET)', () => {
    const found = removed(
      '#define MSM_SUBMIT_SYNCOBJ_RESET 0x00000001\n#define MSM_SUBMIT_SYNCOBJ_FLAGS (MSM_SUBMIT_SYNCOBJ_RESET | 0)\n',
      // MSM_VM_BIND_OP_FLAGS has the same value, but keeps fewer of the old name's words
      '#define MSM_SYNCOBJ_RESET 0x00000001\n#define MSM_SYNCOBJ_FLAGS (MSM_SYNCOBJ_RESET | 0)\n#define MSM_VM_BIND_OP_DUMP 1\n#define MSM_VM_BIND_OP_FLAGS (MSM_VM_BIND_OP_DUMP | 0)\n',
    );
    expect(found.map((f) => [f.symbol, f.level, f.after])).toEqual([
      ['MSM_SUBMIT_SYNCOBJ_RESET', 'error', { renamedTo: 'MSM_SYNCOBJ_RESET' }],
      ['MSM_SUBMIT_SYNCOBJ_FLAGS', 'error', { renamedTo: 'MSM_SYNCOBJ_FLAGS' }],
    ]);
    expect(found[0]!.message).toContain('looks renamed to MSM_SYNCOBJ_RESET');
    expect(found[0]!.suggestion).toBe('Keep the old name for existing users: #define MSM_SUBMIT_SYNCOBJ_RESET MSM_SYNCOBJ_RESET');
  });

  it('is a plain removal without a same-valued, same-worded counterpart, or with two', () => {
    const other = removed('#define DEMO_OLD_FLAG 4\n', '#define DEMO_OTHER 4\n#define UNRELATED_FLAG 4\n');
    expect(other.map((f) => f.after)).toEqual([null]);
    const ambiguous = removed('#define DEMO_A_MODE 2\n', '#define DEMO_B_MODE 2\n#define DEMO_C_MODE 2\n');
    expect(ambiguous.map((f) => f.after)).toEqual([null]);
    const otherValue = removed('#define DEMO_A_MODE 2\n', '#define DEMO_B_MODE 3\n');
    expect(otherValue.map((f) => f.after)).toEqual([null]);
  });
});
