/**
 * Preprocessed C text → TypeModel, for one ABI: normalise GNU extensions,
 * bound the nesting, parse with tree-sitter-c, extract declarations, report
 * what could not be parsed (with the original file:line), mark records
 * overlapping unknown diff-context lines, and evaluate macro values.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { KnownRange } from '../../tree/images.ts';
import type { MacroDef, SourceLoc, TypeModel } from '../type-model.ts';
import { DeclarationExtractor, type ExtractInput, type LayoutHooks } from './extract-declarations.ts';
import { normalizeGnuC } from './gnu-normalize.ts';
import { evaluateMacroValues, type ExpandMacroText } from './macro-values.ts';
import { guardNesting, MAX_NESTING } from './nesting-guard.ts';
import { packTimeline, type PackChange } from './pragma-pack.ts';
import { markPartialRecords } from './partial-records.ts';
import { syntaxProblems, type SyntaxProblem } from './syntax-errors.ts';
import { topLevelSegments, type Segment } from './top-level-segments.ts';
import { memoRoot, replayWalk, walkRecorded, type MemoEdge, type MemoNode, type WalkConfig } from './walk-memo.ts';
import type { ScopeOp } from './extractor-scope.ts';
import type { AttributeSite } from './gnu-normalize.ts';
import { parseC } from './tree-sitter-c.ts';

export type { LayoutHooks } from './extract-declarations.ts';

export interface ParseOptions {
  /** In-kernel code (kernel-only fallback types such as u32, bool, size_t). Default false. */
  kernel?: boolean;
  /** Use built-in kernel type definitions for undeclared names. Default true. */
  fallbackTypes?: boolean;
  /** The layout engine, for sizeof/_Alignof/offsetof in constant expressions. */
  layout?: LayoutHooks;
  /** Macros of the unit (from the preprocessor) and how to expand a body; values are filled in. */
  macros?: { defs: MacroDef[]; expand: ExpandMacroText; evaluate?: (m: MacroDef) => boolean };
  /** Diff-context: the lines of `file` whose content is known. */
  known?: { file: string; ranges: KnownRange[] };
  /**
   * Output rows [row, row + rows) that whole inclusions produced, in order
   * (the preprocessor's includeSpans); one `recording` object stands for the
   * same rows in every unit. The walk of the inclusions the unit begins with
   * is remembered and replayed across units (walk-memo.ts). Ignored with
   * `known` (partial records are marked in place afterwards).
   */
  inclusions?: readonly Inclusion[];
}

export interface Inclusion {
  row: number;
  rows: number;
  recording: object;
}

/**
 * Parse preprocessed text. `origins[row]` is the original location of output
 * row `row` (0-based); rows without an origin are reported as `<preprocessed>:row+1`.
 */
export function parseTranslationUnit(
  text: string,
  origins: readonly (SourceLoc | undefined)[],
  abi: AbiName,
  options: ParseOptions = {},
): TypeModel {
  const locate = (row: number): SourceLoc => origins[row] ?? { file: '<preprocessed>', line: row + 1 };
  const normalized = normalizeGnuC(text);
  const guarded = guardNesting(normalized.text);
  const pack = packTimeline(normalized.directives);
  const config: WalkConfig = {
    abi,
    kernel: options.kernel ?? false,
    fallbackTypes: options.fallbackTypes ?? true,
    ...(options.layout ? { layout: options.layout } : {}),
  };
  const extractor = new DeclarationExtractor(config);
  const syntax: { problems: SyntaxProblem[]; more: number } = { problems: [], more: 0 };
  const sites = new PieceCursor(normalized.attributes);
  const packs = new PieceCursor(pack.changes.map((c) => ({ ...c, start: c.offset })));
  const rowOf = lineIndex(text);
  const segments = topLevelSegments(guarded.text, normalized.attributes, rowOf);
  /** The next segment's piece, parsed (pieces must be taken in order). */
  const pieceOf = (seg: Segment): ExtractInput => ({
    root: parseC(guarded.text.slice(seg.start, seg.end)).rootNode,
    source: text.slice(seg.start, seg.end),
    attributes: shifted(sites.take(seg.start, seg.end), seg.start),
    pack: packInPiece(packs, seg.start, seg.end),
    locate,
    row: seg.row,
  });
  const memo = options.inclusions && !options.known ? memoRoot(config) : null;
  let first = 0;
  if (memo) {
    const lead = leadingInclusions(segments, options.inclusions!, (seg) => rowOf(Math.max(seg.start, seg.end - 1)));
    let node: MemoNode = memo;
    for (const { recording, segments: from, to } of lead) {
      const edge: MemoEdge | undefined = node.get(recording);
      if (edge) {
        // the same pieces at the same offsets: only the cursors move on
        for (const seg of segments.slice(from, to)) {
          sites.take(seg.start, seg.end);
          packInPiece(packs, seg.start, seg.end);
        }
        replayWalk(extractor, edge.ops);
        node = edge.next;
        first = to;
        continue;
      }
      const pieces = segments.slice(from, to).map(pieceOf);
      first = to;
      // a piece with syntax errors is walked but not remembered (its problems are listed below)
      if (pieces.some((p) => p.root.hasError)) {
        for (const p of pieces) walkPiece(extractor, p, syntax);
        break;
      }
      const ops: ScopeOp[] = [];
      for (const p of pieces) for (const o of walkRecorded(extractor, p)) ops.push(o);
      node = node.add(recording, ops);
    }
  }
  for (let k = first; k < segments.length; k++) walkPiece(extractor, pieceOf(segments[k]!), syntax);
  const model = extractor.finish();

  for (const b of guarded.blanked) {
    extractor.diag(locate(rowOf(b.start)), `nesting deeper than ${MAX_NESTING} levels (${b.depth}); this construct was skipped`, 'error');
  }
  for (const p of pack.problems) extractor.diag(locate(rowOf(p.offset)), p.message, 'warning');
  for (const p of normalized.problems) extractor.diag(locate(rowOf(p.offset)), p.message, 'error');

  const partialFile = options.known && options.known.ranges.length > 0 ? options.known.file : null;
  const { problems, more } = syntax;
  for (const p of problems) {
    const loc = locate(p.row);
    // In diff-context, hunks cut constructs anywhere (a struct's members without its head, an initializer's
    // middle): what does not parse there is reported, but cannot be told apart from a real syntax error.
    if (loc.file === partialFile) extractor.diag(loc, `${p.message} (the diff shows only part of this file)`, 'warning');
    else extractor.diag(loc, p.message, 'error');
  }
  if (more > 0) extractor.diag(locate(0), `${more} more syntax errors not listed`, 'error');

  if (options.known) {
    markPartialRecords(model, options.known.file, options.known.ranges);
    extractor.invalidateLayoutView();
  }
  if (options.macros) {
    model.macros = options.macros.defs;
    const pick = options.macros.evaluate;
    evaluateMacroValues(pick ? model.macros.filter(pick) : model.macros, options.macros.expand, extractor.evaluation);
  }
  return model;
}

const SYNTAX_PROBLEM_LIMIT = 50;

function walkPiece(extractor: DeclarationExtractor, piece: ExtractInput, syntax: { problems: SyntaxProblem[]; more: number }): void {
  extractor.walk(piece);
  if (!piece.root.hasError) return;
  const found = syntaxProblems(piece.root, SYNTAX_PROBLEM_LIMIT - syntax.problems.length);
  for (const p of found.problems) syntax.problems.push({ ...p, row: p.row + piece.row });
  syntax.more += found.more;
}

/**
 * The inclusions the unit begins with, each with the segments lying wholly in
 * its rows [from, to): contiguous from row 0, up to the first gap or the first
 * segment reaching past its inclusion's last row.
 */
function leadingInclusions(
  segments: readonly Segment[],
  inclusions: readonly Inclusion[],
  lastRowOf: (seg: Segment) => number,
): { recording: object; segments: number; to: number }[] {
  const out: { recording: object; segments: number; to: number }[] = [];
  let row = 0;
  let k = 0;
  for (const inc of inclusions) {
    if (inc.row !== row) break;
    const end = inc.row + inc.rows;
    const from = k;
    while (k < segments.length && segments[k]!.row < end) k++;
    if (k > from && lastRowOf(segments[k - 1]!) >= end) break;
    out.push({ recording: inc.recording, segments: from, to: k });
    row = end;
  }
  return out;
}
/** The shared answer for a piece without attributes or pack changes (never modified). */
const NONE: readonly never[] = Object.freeze([]);

/** Walks items sorted by `start` along pieces given in text order. */
class PieceCursor<T extends { start: number }> {
  private next = 0;
  /** The last item before the current piece. */
  last: T | undefined;
  constructor(private readonly items: readonly T[]) {}
  /** The items starting in [start, end); pieces must come in order. */
  take(start: number, end: number): readonly T[] {
    while (this.next < this.items.length && this.items[this.next]!.start < start) this.last = this.items[this.next++];
    if (this.next >= this.items.length || this.items[this.next]!.start >= end) return NONE;
    const out: T[] = [];
    while (this.next < this.items.length && this.items[this.next]!.start < end) out.push(this.items[this.next++]!);
    return out;
  }
}

/** The `#pragma pack` timeline seen from a piece: the value in effect where it starts, then changes inside it. */
function packInPiece(packs: PieceCursor<PackChange & { start: number }>, start: number, end: number): readonly PackChange[] {
  const inside = packs.take(start, end);
  const before = packs.last?.value ?? null;
  if (before === null && inside.length === 0) return NONE;
  const out: PackChange[] = before !== null ? [{ offset: 0, value: before }] : [];
  for (const c of inside) out.push({ offset: c.offset - start, value: c.value });
  if (inside.length > 0) packs.last = inside[inside.length - 1];
  return out;
}

/** Attribute sites in the offsets of a piece starting at `start`. */
function shifted(sites: readonly AttributeSite[], start: number): readonly AttributeSite[] {
  return sites.length === 0 ? sites : sites.map((a) => ({ ...a, start: a.start - start, end: a.end - start }));
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


