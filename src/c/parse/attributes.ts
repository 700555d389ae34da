/**
 * Attribute sites (from gnu-normalize) looked up by position, and turned into
 * the TypeModel's Attributes: packed, aligned(N) (largest wins; bare
 * `aligned` is the ABI's biggest alignment), counted_by(x), and the names of
 * all others.
 */
import { machineModeBytes } from '../../abi/abis.ts';
import type { Attributes, CType } from '../type-model.ts';
import type { AbiIntegers } from './abi-integers.ts';
import { isIntegerBuiltin, stripTypedefs } from './c-types.ts';
import type { AttributeItem, AttributeSite } from './gnu-normalize.ts';

/** Shared by every empty answer (most declarations have no attributes); callers do not modify answers. */
const NO_SITES: readonly AttributeSite[] = Object.freeze([]);

export class AttributeIndex {
  private readonly sites: readonly AttributeSite[];

  constructor(sites: readonly AttributeSite[]) {
    this.sites = sites;
  }

  /** Sites starting in [start, end), in text order. */
  between(start: number, end: number): AttributeSite[] {
    if (end <= start || this.sites.length === 0) return NO_SITES as AttributeSite[];
    let lo = 0;
    let hi = this.sites.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sites[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.sites.length || this.sites[lo]!.start >= end) return NO_SITES as AttributeSite[];
    const out: AttributeSite[] = [];
    for (let i = lo; i < this.sites.length && this.sites[i]!.start < end; i++) out.push(this.sites[i]!);
    return out;
  }
}

/** Evaluates an aligned(N) argument; returns null when it is not a constant. */
export type AlignmentEvaluator = (args: string) => number | null;

export interface AttributeProblem {
  offset: number;
  message: string;
}

/** Fold attribute sites into Attributes (merging into `into`). */
export function applyAttributes(
  into: Attributes,
  sites: AttributeSite[],
  /** The ABI's biggest alignment (what a bare `aligned` means), asked only when needed. */
  biggestAlignment: () => number,
  evalAlignment: AlignmentEvaluator,
  problems: AttributeProblem[],
): Attributes {
  for (const site of sites) {
    for (const item of site.items) applyItem(into, item, site.start, biggestAlignment, evalAlignment, problems);
  }
  return into;
}

function applyItem(
  into: Attributes,
  item: AttributeItem,
  offset: number,
  biggestAlignment: () => number,
  evalAlignment: AlignmentEvaluator,
  problems: AttributeProblem[],
): void {
  switch (item.name) {
    case 'packed':
      into.packed = true;
      return;
    case 'aligned': {
      let n: number | null;
      if (item.args === null || item.args === '') n = biggestAlignment();
      else {
        n = evalAlignment(item.args);
        if (n === null || n <= 0 || (n & (n - 1)) !== 0) {
          problems.push({ offset, message: `aligned(${item.args}) is not a power-of-two constant` });
          return;
        }
      }
      into.aligned = Math.max(into.aligned ?? 0, n);
      return;
    }
    case 'counted_by':
      if (item.args) into.countedBy = item.args.replace(/\s+/g, '');
      return;
    case 'mode':
      if (item.args) into.mode = item.args.trim().replace(/^__(.*)__$/, '$1');
      return;
    default:
      if (!into.other) into.other = [];
      if (!into.other.includes(item.name)) into.other.push(item.name);
  }
}

export function hasAttributes(a: Attributes): boolean {
  return a.packed !== undefined || a.aligned !== undefined || a.countedBy !== undefined || a.mode !== undefined || a.other !== undefined;
}

const SIGNED_BY_BYTES: Record<number, string> = { 1: 'signed char', 2: 'short', 4: 'int', 8: 'long long', 16: '__int128' };
const UNSIGNED_BY_BYTES: Record<number, string> = { 1: 'unsigned char', 2: 'unsigned short', 4: 'unsigned int', 8: 'unsigned long long', 16: 'unsigned __int128' };

/**
 * The type of an integer (or enum) declared with mode(M): the integer of M's
 * size, signed as the declared type (an enum: unsigned); anything else, or an
 * unknown mode, unchanged. `read` answers (and records, for a walk shared
 * across ABIs) the ABI facts the answer depends on.
 */
export function withMode(type: CType, mode: string | undefined, read: <F extends keyof AbiIntegers>(fact: F) => AbiIntegers[F]): CType {
  if (mode === undefined) return type;
  const base = stripTypedefs(type);
  const name = base.kind === 'builtin' && isIntegerBuiltin(base.name) ? base.name : null;
  if (base.kind !== 'enum' && name === null) return type;
  const bytes = machineModeBytes(mode, {
    get pointerBytes() {
      return read('longBits') / 8;
    },
    get wordBytes() {
      return read('wordBytes');
    },
  });
  if (bytes === null) return type;
  const signed = name === 'char' ? !read('charUnsigned') : name !== null && name !== '_Bool' && !name.startsWith('unsigned');
  return { kind: 'builtin', name: (signed ? SIGNED_BY_BYTES : UNSIGNED_BY_BYTES)[bytes]! };
}
