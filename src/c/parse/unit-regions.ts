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
import type { SourceLoc } from '../type-model.ts';
import { cutTopLevel, type Segment } from './top-level-segments.ts';
import { registerCache } from '../memory-pressure.ts';

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
  /** Where its text starts in the unit's text. */
  offset: number;
  /**
   * An inclusion's recording lists the tails among its rows (rows and
   * offsets relative to its own), and the origin of each of its rows.
   */
  recording: { text: string; tails?: readonly RecordedRows[]; origins?: readonly (SourceLoc | undefined)[] };
}

/** Identities of the parts of an inclusion's recording between its tails, by first row. */
const parts = new WeakMap<object, Map<number, object>>();

/**
 * One identity per part text and origins, whatever recording it is in:
 * recordings are per configuration (each ABI has its own asm/), but most of
 * their parts are the same rows of the same files on every ABI. Bounded by
 * the text the keys hold; a part whose entry was dropped gets a new identity
 * (its syntax and walks are worked out again).
 */
const partsByContent = new Map<string, object>();
let partKeyChars = 0;
const PART_KEY_BUDGET = 8 * 1024 * 1024;
registerCache(() => {
  partsByContent.clear();
  partKeyChars = 0;
});

/** `text` and where its rows come from, as one string (origins as runs of consecutive lines of a file). */
function contentKey(text: string, origins: readonly (SourceLoc | undefined)[], from: number, to: number): string {
  let key = text + '\0';
  let r = from;
  while (r < to) {
    const o = origins[r];
    let n = 1;
    if (o) while (r + n < to && origins[r + n]?.file === o.file && origins[r + n]!.line === o.line + n) n++;
    key += o ? `${o.file}\u0001${o.line}\u0001${n}\u0002` : '\u0003';
    r += n;
  }
  return key;
}

function partOf(recording: RecordedRows['recording'], row: number, rows: number, text: string): object {
  let byRow = parts.get(recording);
  if (!byRow) parts.set(recording, (byRow = new Map()));
  let id = byRow.get(row);
  if (id) return id;
  const origins = recording.origins;
  if (origins) {
    const key = contentKey(text, origins, row, row + rows);
    id = partsByContent.get(key);
    if (!id) {
      partsByContent.set(key, (id = { row }));
      partKeyChars += key.length;
      // oldest first
      for (const k of partsByContent.keys()) {
        if (partKeyChars <= PART_KEY_BUDGET) break;
        partsByContent.delete(k);
        partKeyChars -= k.length;
      }
    }
  } else id = { recording, row };
  byRow.set(row, id);
  return id;
}

/**
 * Rows [0, rows) of `text`, cut by `tails` (rows and offsets relative to
 * the same start, in order) into parts and tails, rows relative. Parts get
 * an identity from `owner` (null: loose). Null when the tails do not lie
 * in order within the text.
 */
function cutByTails(text: string, rows: number, tails: readonly RecordedRows[], owner: RecordedRows['recording'] | null): Region[] | null {
  const out: Region[] = [];
  let row = 0;
  let offset = 0;
  const plain = (toRow: number, toOffset: number): void => {
    if (toRow <= row) return;
    const part = text.slice(offset, toOffset);
    out.push({ row, rows: toRow - row, text: part, identity: owner ? partOf(owner, row, toRow - row, part) : null });
  };
  for (const t of tails) {
    const tt = t.recording.text;
    if (t.row < row || t.offset < offset || t.row + t.rows > rows || t.offset + tt.length > text.length) return null;
    plain(t.row, t.offset);
    out.push({ row: t.row, rows: t.rows, text: tt, identity: t.recording });
    row = t.row + t.rows;
    offset = t.offset + tt.length;
  }
  plain(rows, text.length);
  return out;
}

/** An inclusion's regions, rows relative to its first: the same for every unit that replays it. */
const inclusionRegions = new WeakMap<object, Region[] | null>();

function regionsOfInclusion(rec: RecordedRows['recording'], rows: number): Region[] | null {
  let regions = inclusionRegions.get(rec);
  if (regions === undefined) inclusionRegions.set(rec, (regions = cutByTails(rec.text, rows, rec.tails ?? [], rec)));
  return regions;
}

/**
 * The unit's region groups in row order, or null when the recordings do not
 * lie in order within the text (then the unit is worked out whole). `tails`
 * are all the unit's, at any depth: those inside an inclusion are the ones
 * its recording lists, and cut it into parts.
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
  const shift = (regions: readonly Region[], by: number): Region[] => regions.map((r) => ({ ...r, row: r.row + by }));
  /** Loose rows [row, untilRow) ending at untilOffset, with the top-level tails among them. */
  const loose = (untilRow: number, untilOffset: number): boolean => {
    if (untilRow === row) return untilOffset === offset;
    const own: RecordedRows[] = [];
    for (; t < tails.length && tails[t]!.row < untilRow; t++) {
      const tl = tails[t]!;
      own.push({ ...tl, row: tl.row - row, offset: tl.offset - offset });
    }
    const regions = cutByTails(text.slice(offset, untilOffset), untilRow - row, own, null);
    if (!regions) return false;
    groups.push({ inclusion: null, regions: shift(regions, row) });
    row = untilRow;
    offset = untilOffset;
    return true;
  };
  for (const s of inclusions) {
    if (s.row < row || s.offset < offset || !loose(s.row, s.offset)) return null;
    const rec = s.recording;
    const inner = regionsOfInclusion(rec, s.rows);
    if (!inner) return null;
    groups.push({ inclusion: rec, regions: shift(inner, s.row) });
    // the unit's tails inside it are the recording's
    while (t < tails.length && tails[t]!.row < s.row + s.rows) t++;
    row += s.rows;
    offset += rec.text.length;
  }
  if (!loose(rows, text.length)) return null;
  return t === tails.length ? groups : null;
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
