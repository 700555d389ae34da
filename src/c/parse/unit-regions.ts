/**
 * A unit cut into regions along the preprocessor's recordings: each
 * top-level inclusion and the main file's tail (../preprocess/include-
 * replay.ts, tail-replay.ts) is a region of its own, the rows between them
 * are loose regions. A recording's text is the same in every unit and on
 * every ABI that replays it, so its syntax (GNU C normalised, deep nesting
 * guarded, cut into file-scope declarations) is worked out once per
 * recording; only loose regions are worked out per unit.
 *
 * Cutting regions apart must not change a thing: each region must be
 * self-contained (brackets closed at its end, nothing after its last
 * declaration, no attribute left unbalanced, no `#pragma pack`, whose
 * push/pop state runs across regions). When one is not, the unit is one
 * loose region: its whole text, as before regions.
 */
import { normalizeGnuC, type NormalizedSource } from './gnu-normalize.ts';
import { guardNesting, type BlankedRegion } from './nesting-guard.ts';
import { packTimeline, type PackChange } from './pragma-pack.ts';
import { cutTopLevel, type Segment } from './top-level-segments.ts';

export interface Region {
  /** The unit's rows [row, row + rows). */
  row: number;
  rows: number;
  text: string;
  /**
   * What stands for this text and its origins in every unit that has it: a
   * tail's recording, or a part of an inclusion's recording; null for loose
   * rows (worked out afresh).
   */
  identity: object | null;
  /** A tail (shared across ABIs) rather than part of an inclusion. */
  tail: boolean;
}

/** Regions in row order: an inclusion's (its parts, and the tails inside it), or loose rows and top-level tails. */
export interface RegionGroup {
  /** The top-level inclusion whose rows these are (the walk memo's key), or null. */
  inclusion: object | null;
  regions: Region[];
}

export interface RegionSyntax {
  normalized: NormalizedSource;
  guarded: { text: string; blanked: BlankedRegion[] };
  pack: { changes: PackChange[]; problems: { offset: number; message: string }[] };
  /** Offsets and rows relative to the region. */
  segments: Segment[];
  rowOf(offset: number): number;
  /** Cut the same alone as within any text around it (see above). */
  selfContained: boolean;
}

const byIdentity = new WeakMap<object, RegionSyntax>();

/** The syntax of a region's text, worked out once per identity. */
export function regionSyntax(region: Pick<Region, 'text' | 'identity'>): RegionSyntax {
  const cached = region.identity ? byIdentity.get(region.identity) : undefined;
  if (cached) return cached;
  const normalized = normalizeGnuC(region.text);
  const guarded = guardNesting(normalized.text);
  const pack = packTimeline(normalized.directives);
  const rowOf = lineIndex(region.text);
  const cut = cutTopLevel(guarded.text, normalized.attributes, rowOf);
  const selfContained = cut.closed && normalized.problems.length === 0 && normalized.directives.length === 0;
  const syntax: RegionSyntax = { normalized, guarded, pack, segments: cut.segments, rowOf, selfContained };
  if (region.identity) byIdentity.set(region.identity, syntax);
  return syntax;
}

/** A recording's output rows in the unit (an IncludeSpan, or a tail's). */
export interface RecordedRows {
  row: number;
  rows: number;
  recording: { text: string };
}

/** Identities of the parts of an inclusion's recording between its tails, by first row. */
const parts = new WeakMap<object, Map<number, object>>();

function partOf(recording: object, row: number): object {
  let byRow = parts.get(recording);
  if (!byRow) parts.set(recording, (byRow = new Map()));
  let id = byRow.get(row);
  if (!id) byRow.set(row, (id = { recording, row }));
  return id;
}

/**
 * The unit's region groups in row order, or null when the recordings' rows
 * do not hold their texts (then the unit is worked out whole). `tails` are
 * at any depth: inside an inclusion they cut it into parts.
 */
export function unitRegions(
  text: string,
  rows: number,
  inclusions: readonly RecordedRows[],
  tails: readonly RecordedRows[],
): RegionGroup[] | null {
  const groups: RegionGroup[] = [];
  let row = 0;
  let offset = 0;
  let t = 0;
  /** Rows [row, until) of `source` (starting at row `base`, offset `at`), cut by the tails among them. */
  const cutByTails = (source: string, base: number, at: number, until: number, owner: object | null): Region[] | null => {
    const out: Region[] = [];
    let r = row;
    let o = at;
    const plain = (to: number): boolean => {
      if (to === r) return true;
      let end = o;
      for (let k = r; k < to; k++) {
        const nl = source.indexOf('\n', end);
        if (nl < 0) return false;
        end = nl + 1;
      }
      out.push({ row: r, rows: to - r, text: source.slice(o, end), identity: owner ? partOf(owner, r - base) : null, tail: false });
      r = to;
      o = end;
      return true;
    };
    for (; t < tails.length && tails[t]!.row < until; t++) {
      const tl = tails[t]!;
      if (tl.row < r || tl.row + tl.rows > until || !plain(tl.row)) return null;
      const tt = tl.recording.text;
      if (!source.startsWith(tt, o)) return null;
      out.push({ row: r, rows: tl.rows, text: tt, identity: tl.recording, tail: true });
      r += tl.rows;
      o += tt.length;
    }
    if (!plain(until)) return null;
    return out;
  };
  for (const s of inclusions) {
    if (s.row < row) return null;
    if (s.row > row) {
      const loose = cutByTails(text, 0, offset, s.row, null);
      if (!loose) return null;
      groups.push({ inclusion: null, regions: loose });
      offset += loose.reduce((n, g) => n + g.text.length, 0);
      row = s.row;
    }
    const own = s.recording.text;
    if (!text.startsWith(own, offset)) return null;
    const inner = cutByTails(own, s.row, 0, s.row + s.rows, s.recording);
    if (!inner) return null;
    groups.push({ inclusion: s.recording, regions: inner });
    row += s.rows;
    offset += own.length;
  }
  if (row < rows) {
    const loose = cutByTails(text, 0, offset, rows, null);
    if (!loose) return null;
    groups.push({ inclusion: null, regions: loose });
    offset += loose.reduce((n, g) => n + g.text.length, 0);
  }
  return offset === text.length && t === tails.length ? groups : null;
}

function lineIndex(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
