/**
 * The one reader of the syscall-table format, as the kernel's scripts read
 * it: which lines are taken (grep's `^[0-9A-Fa-fXx]+[[:space:]]+`), how the
 * fields split, how the number reads; and that the two users, the generated
 * headers and the series rules' lists, see the same lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syscallEntries } from '../../src/abi/syscall-tables.ts';
import { tableEntries } from '../../src/c/syscall-headers.ts';
import { syscallTableLines } from '../../src/c/syscall-table-lines.ts';

// The shape of arch/x86/entry/syscalls/syscall_64.tbl (6.12): header comment, tabs, x32 lines, a blank line.
const TABLE = [
  '#',
  '# 64-bit system call numbers and entry vectors',
  '#',
  '0\tcommon\tread\t\t\tsys_read',
  '1\tcommon\twrite\t\t\tsys_write',
  '334\tcommon\trseq\t\t\tsys_rseq',
  '',
  '512\tx32\trt_sigaction\t\tcompat_sys_rt_sigaction',
  '0x200 64 hexed sys_hexed',
  '010 common octal sys_octal',
  '  42 common indented sys_indented',
  '43 common',
  'ab common lettered sys_lettered',
].join('\n');

describe('syscallTableLines', () => {
  const lines = syscallTableLines(TABLE);

  it('takes the lines that begin with a number and a blank, as syscallhdr.sh greps them', () => {
    expect(lines.map((l) => l.line)).toEqual([4, 5, 6, 8, 9, 10, 12, 13]);
    expect(lines.map((l) => l.name)).toEqual(['read', 'write', 'rseq', 'rt_sigaction', 'hexed', 'octal', '', 'lettered']);
  });

  it('splits the fields on blanks and reads the number as the shell does', () => {
    expect(lines[3]).toEqual({ nr: '512', value: 512n, abi: 'x32', name: 'rt_sigaction', line: 8 });
    expect(lines[4]).toMatchObject({ nr: '0x200', value: 0x200n, abi: '64' });
    expect(lines[5]).toMatchObject({ nr: '010', value: 8n });
    // `ab` passes grep's character class but is no number
    expect(lines[7]).toMatchObject({ nr: 'ab', value: null });
  });

  it('is what both the generated headers and the series rules read', () => {
    const header = tableEntries(TABLE, { header: 'unistd_64.h', table: 't', abis: ['common', '64'], emitNr: true, readBy: ['x86_64'] });
    expect(header.map((e) => e.name)).toEqual(['read', 'write', 'rseq', 'hexed', 'octal', '', 'lettered']);
    const rules = syscallEntries('arch/x86/entry/syscalls/syscall_64.tbl', TABLE);
    // the rules take a line only with a name and a number
    expect(rules.map((e) => [e.name, e.nr, e.bits])).toEqual([
      ['read', 0n, '64'], ['write', 1n, '64'], ['rseq', 334n, '64'], ['rt_sigaction', 512n, '64'], ['hexed', 0x200n, '64'], ['octal', 8n, '64'],
    ]);
  });

  it('reads any text without throwing, and every line it takes is a numbered line of it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('1 common x sys_x', '0x1f\t64\ty', '#', '')), { maxLength: 30 }), (rows) => {
        const text = rows.join('\n');
        const split = text.split('\n');
        for (const l of syscallTableLines(text)) {
          expect(split[l.line - 1]!.startsWith(l.nr)).toBe(true);
          if (l.value !== null) expect(/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(l.nr)).toBe(true);
        }
      }),
    );
  });
});
