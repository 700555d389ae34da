/**
 * The ioctl requests a change defines anew, or re-defines with another
 * argument type, direction, type or number: the requests whose design is this
 * change's doing (a request that only follows its struct's new size is not).
 */
import type { FileDiff, IoctlNumber, MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';

export interface NewRequest {
  macro: MacroChange;
  /** Decoded per ABI (the ABIs on which it is a request). */
  ioctl: Partial<Record<AbiName, IoctlNumber>>;
  /** The argument type as written, when any (`struct foo`, `struct foo *`, `long`). */
  argType: string | null;
  line: number;
}

export function newRequests(diff: Pick<FileDiff, 'macros' | 'abis'>): NewRequest[] {
  const out: NewRequest[] = [];
  for (const m of diff.macros) {
    const after = m.after?.ioctl;
    const abi = diff.abis.find((a) => after?.[a]);
    if (!after || !abi) continue;
    const now = after[abi]!;
    const was = m.before?.ioctl?.[abi];
    if (was && was.argType === now.argType && was.dir === now.dir && was.type === now.type && was.nr === now.nr) continue;
    out.push({ macro: m, ioctl: after, argType: now.argType, line: m.after!.def.loc.line });
  }
  return out;
}
