/**
 * uapi.syscall-number-taken and uapi.syscall-number-mismatch on a tree laid
 * out as Linux 6.12's: a new call numbered where another call of the same
 * processes already is, and a list that numbers a new call apart from what
 * its own recent calls and the other lists say (alpha's +110 being its
 * rule, not a mismatch).
 */
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../support/temp-dirs.ts';
import { ALPHA, ARM, GENERIC, PPC, review as reviewIn, TREE, withCall, X86_64 } from '../../support/syscall-series.ts';

const tmp = tempDirs('abi-check-syscall-numbers-');
const review = (patches: Record<string, string>[]) => reviewIn(tmp(), patches);
const numbered = (r: Awaited<ReturnType<typeof review>>) => r.findings.filter((f) => /^uapi\.syscall-number-/.test(f.rule));

/** Every list with the call appended: 463, alpha's 573. */
function everywhere(name: string): Record<string, string> {
  return Object.fromEntries(Object.keys(TREE).map((p) => [p, withCall(p, name)]));
}

describe('uapi.syscall-number-taken', () => {
  it('is an error where the number is already another call of the same processes', async () => {
    const r = await review([{ [GENERIC]: withCall(GENERIC, 'demo_call'), [X86_64]: `${TREE[X86_64]!.text}462\tcommon\tdemo_call\t\tsys_demo_call\n` }]);
    const taken = numbered(r).filter((f) => f.rule === 'uapi.syscall-number-taken');
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ level: 'error', kind: 'binary', patch: 1, file: X86_64, line: 7, symbol: '__NR_demo_call', abis: ['x86_64'], after: { takenBy: 'mseal', takenAt: 6 } });
    expect(taken[0]!.message).toBe(`New system call demo_call takes number 462 in ${X86_64}, which mseal already has there (line 6). The table maps the number to one entry point; userspace built for the other calls the wrong one.`);
  });

  it('lets a 64-bit line share the number of a 32-bit one', async () => {
    // powerpc's 403 is clock_gettime64 for 32-bit processes only
    const r = await review([{ [PPC]: `${TREE[PPC]!.text}403\t64\tdemo64\t\t\tsys_demo64\n` }]);
    expect(numbered(r)).toEqual([]);
  });
});

describe('uapi.syscall-number-mismatch', () => {
  it("is quiet when every list gives the same number, alpha's 110 above", async () => {
    expect(numbered(await review([everywhere('demo_call')]))).toEqual([]);
  });

  it('names the list that numbers the call apart, and the number it should have', async () => {
    const patch = everywhere('demo_call');
    patch[ARM] = `${TREE[ARM]!.text}464\tcommon\tdemo_call\t\t\tsys_demo_call\n`;
    const [f, ...more] = numbered(await review([patch]));
    expect(more).toEqual([]);
    expect(f).toMatchObject({ rule: 'uapi.syscall-number-mismatch', level: 'warning', file: ARM, line: 6, abis: ['arm'], after: { nr: '464', expected: '463' } });
    expect(f!.message).toBe(`New system call demo_call is 464 in ${ARM}, but ${GENERIC} has it as 463, and the calls before it have the same number in both (mseal): it should be 463 here. A new call has one number on every architecture; libraries and tools that rely on that get this one wrong.`);
  });

  it("holds alpha to its own offset", async () => {
    const patch = everywhere('demo_call');
    patch[ALPHA] = `${TREE[ALPHA]!.text}463\tcommon\tdemo_call\t\t\tsys_demo_call\n`;
    const [f, ...more] = numbered(await review([patch]));
    expect(more).toEqual([]);
    expect(f).toMatchObject({ file: ALPHA, after: { nr: '463', expected: '573' } });
    expect(f!.message).toContain(`this list numbers calls 110 above ${GENERIC} (mseal), where most lists give it 463: it should be 573 here`);
  });

  it('takes the number most lists agree on, even against the generic list', async () => {
    const patch = everywhere('demo_call');
    patch[GENERIC] = `${TREE[GENERIC]!.text}464\tcommon\tdemo_call\t\t\tsys_demo_call\n`;
    const [f, ...more] = numbered(await review([patch]));
    expect(more).toEqual([]);
    expect(f).toMatchObject({ file: GENERIC, after: { nr: '464', expected: '463' } });
    expect(f!.message).toContain('but the other lists agree on 463: it should be 463 here');
  });
});
