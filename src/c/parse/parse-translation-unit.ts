/**
 * Preprocessed C text → TypeModel, for one ABI: normalise GNU extensions,
 * bound the nesting, parse with tree-sitter-c, extract declarations, report
 * what could not be parsed (with the original file:line), mark records
 * overlapping unknown diff-context lines, and evaluate macro values.
 *
 * The text is worked out region by region (unit-regions.ts): what the
 * preprocessor replayed from a recording has the same syntax in every unit,
 * and its walk is replayed rather than redone where the scope allows:
 *   - the inclusions a unit begins with, along the walk memo's paths
 *     (walk-memo.ts: same ABI, same inclusions before);
 *   - any recording whose walk read what the scope here answers alike
 *     (shared-walks.ts: any ABI, any inclusions before; the main file's
 *     tail is one recording on every ABI).
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { KnownRange } from '../../tree/images.ts';
import type { MacroDef, SourceLoc, TypeModel } from '../type-model.ts';
import { DeclarationExtractor, type ExtractInput } from './extract-declarations.ts';
import type { LayoutHooks } from './layout-queries.ts';
import { ScopeJournal } from './scope-journal.ts';
import type { AttributeSite } from './gnu-normalize.ts';
import { evaluateMacroValues, type ExpandMacroText } from './macro-values.ts';
import { MAX_NESTING } from './nesting-guard.ts';
import type { PackChange } from './pragma-pack.ts';
import { markPartialRecords, markRelativeEnumerators } from './partial-records.ts';
import { sharedWalks, type SharedWalk } from './shared-walks.ts';
import { syntaxProblems, unlistedSyntaxErrors, type SyntaxProblem } from './syntax-errors.ts';
import { parseC } from './tree-sitter-c.ts';
import { regionSyntax, unitRegions, type Region, type RegionGroup, type RegionSyntax } from './unit-regions.ts';
import { memoRoot, replayWalk, type MemoNode, type WalkConfig } from './walk-memo.ts';
import { WalkReads } from './walk-reads.ts';

export type { LayoutHooks } from './layout-queries.ts';

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
   * same rows in every unit. Their walks are remembered and replayed across
   * units (see above). Ignored with `known` (partial records are marked in
   * place afterwards).
   */
  inclusions?: readonly Inclusion[];
  /**
   * Rows that a file's own part after its last #include produced, at any
   * depth, replayed or recorded as one recording (the PreprocessResult's
   * tailSpans), in order. Ignored with `known`.
   */
  tails?: readonly Inclusion[];
}

export interface Inclusion {
  row: number;
  rows: number;
  /** Where its text starts in the unit's text. */
  offset: number;
  /** The same object for the same text (and origins) in every unit that has it; an inclusion's lists the tails in it. */
  recording: { text: string; tails?: readonly Inclusion[]; origins?: readonly (SourceLoc | undefined)[] };
}

type Syntax = { problems: SyntaxProblem[]; more: number };

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
  const config: WalkConfig = {
    abi,
    kernel: options.kernel ?? false,
    fallbackTypes: options.fallbackTypes ?? true,
    ...(options.layout ? { layout: options.layout } : {}),
  };
  const extractor = new DeclarationExtractor(config);
  const syntax: Syntax = { problems: [], more: 0 };

  // Regions, each self-contained; else (and in diff-context, whose records are marked in place) the whole text.
  const cut = options.known ? null : unitRegions(text, origins.length, options.inclusions ?? [], options.tails ?? []);
  const cutSyntax = cut?.map((g) => g.regions.map(regionSyntax));
  const whole = !cut || !cutSyntax!.every((g) => g.every((s) => s.selfContained));
  const groups: RegionGroup[] = whole ? [{ inclusion: null, regions: [{ row: 0, rows: origins.length, text, identity: null }] }] : cut;
  const regions: Region[] = groups.flatMap((g) => g.regions);
  const syntaxes: RegionSyntax[] = whole ? [regionSyntax(regions[0]!)] : cutSyntax!.flat();
  const shared = options.known ? null : sharedWalks(config);
  /** The walk memo's node for the inclusions walked so far, while they are all the unit has begun with. */
  let lead: MemoNode | null = options.known ? null : memoRoot(config);

  let k = 0;
  for (const group of groups) {
    const inclusion = group.inclusion;
    const edge = lead && inclusion ? lead.get(inclusion) : undefined;
    if (edge) {
      replayWalk(extractor, edge.ops);
      lead = edge.next;
      k += group.regions.length;
      continue;
    }
    // ops of this inclusion, for the walk memo while the unit's lead goes on
    const ops: ScopeJournal | null = lead && inclusion ? new ScopeJournal() : null;
    extractor.scope.journal = ops;
    let hasError = false;
    try {
      for (const region of group.regions) {
        const rs = syntaxes[k++]!;
        const identity = region.identity;
        const hit = identity && shared ? shared.find(identity, extractor.scope, abi, config.kernel) : undefined;
        if (hit) {
          replayWalk(extractor, hit.ops);
          for (const p of hit.problems) addProblem(syntax, { ...p, row: p.row + region.row });
          syntax.more += hit.more;
          hasError = hit.hasError || hasError;
        } else if (identity && shared) {
          hasError = walkShared(extractor, region, rs, locate, syntax, (walk) => shared.add(identity, walk)) || hasError;
        } else hasError = walkRegion(extractor, region, rs, locate, syntax) || hasError;
      }
    } finally {
      extractor.scope.journal = null;
    }
    // an inclusion with syntax errors is walked but not remembered on the lead's path
    lead = lead && ops && !hasError ? lead.add(inclusion!, ops) : null;
  }
  const model = extractor.finish();

  // what working out the syntax found, region by region, kind by kind
  const at = (k: number, offset: number): SourceLoc => locate(regions[k]!.row + syntaxes[k]!.rowOf(offset));
  syntaxes.forEach((s, k) => {
    for (const b of s.guarded.blanked) extractor.diag(at(k, b.start), `nesting deeper than ${MAX_NESTING} levels (${b.depth}); this construct was skipped`, 'error');
  });
  syntaxes.forEach((s, k) => {
    for (const p of s.pack.problems) extractor.diag(at(k, p.offset), p.message, 'warning');
  });
  syntaxes.forEach((s, k) => {
    for (const p of s.normalized.problems) extractor.diag(at(k, p.offset), p.message, 'error');
  });

  const partialFile = options.known && options.known.ranges.length > 0 ? options.known.file : null;
  const { problems, more } = syntax;
  for (const p of problems) {
    const loc = locate(p.row);
    // In diff-context, hunks cut constructs anywhere (a struct's members without its head, an initializer's
    // middle): what does not parse there is reported, but cannot be told apart from a real syntax error.
    if (loc.file === partialFile) extractor.diag(loc, `${p.message} (the diff shows only part of this file)`, 'warning');
    else extractor.diag(loc, p.message, 'error');
  }
  if (more > 0) extractor.diag(locate(0), unlistedSyntaxErrors(more), 'error');

  if (options.known) {
    markPartialRecords(model, options.known.file, options.known.ranges);
    markRelativeEnumerators(model, options.known.file, options.known.ranges);
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

/** Walks a region's declarations in order; whether any had syntax errors. */
function walkRegion(extractor: DeclarationExtractor, region: Region, rs: RegionSyntax, locate: (row: number) => SourceLoc, syntax: Syntax): boolean {
  const sites = new PieceCursor(rs.normalized.attributes);
  const packs = new PieceCursor(rs.pack.changes.map((c) => ({ ...c, start: c.offset })));
  let hasError = false;
  for (const seg of rs.segments) {
    const piece: ExtractInput = {
      root: parseC(rs.guarded.text.slice(seg.start, seg.end)).rootNode,
      source: region.text.slice(seg.start, seg.end),
      attributes: shifted(sites.take(seg.start, seg.end), seg.start),
      pack: packInPiece(packs, seg.start, seg.end),
      locate,
      row: region.row + seg.row,
    };
    extractor.walk(piece);
    if (!piece.root.hasError) continue;
    hasError = true;
    const found = syntaxProblems(piece.root, SYNTAX_PROBLEM_LIMIT - syntax.problems.length);
    for (const p of found.problems) syntax.problems.push({ ...p, row: p.row + piece.row });
    syntax.more += found.more;
  }
  return hasError;
}

/**
 * Walks a recording's region noting what the walk read, and hands the walk
 * to `keep` when another unit may replay it (shared-walks.ts). Whether the
 * region had syntax errors.
 */
function walkShared(
  extractor: DeclarationExtractor,
  region: Region,
  rs: RegionSyntax,
  locate: (row: number) => SourceLoc,
  syntax: Syntax,
  keep: (walk: SharedWalk) => void,
): boolean {
  const reads = new WalkReads();
  const outer = extractor.scope.journal;
  const ops = new ScopeJournal();
  const own: Syntax = { problems: [], more: 0 };
  extractor.scope.journal = ops;
  extractor.scope.reads = reads;
  let hasError: boolean;
  try {
    hasError = walkRegion(extractor, region, rs, locate, own);
  } finally {
    extractor.scope.journal = outer;
    extractor.scope.reads = null;
  }
  outer?.append(ops);
  for (const p of own.problems) addProblem(syntax, p);
  syntax.more += own.more;
  if (reads.shareable) {
    keep({ reads: reads.frozen(), ops, problems: own.problems.map((p) => ({ ...p, row: p.row - region.row })), more: own.more, hasError });
  }
  return hasError;
}

/** Lists a problem while fewer than SYNTAX_PROBLEM_LIMIT are listed, else counts it; one within a definition is always listed. */
function addProblem(syntax: Syntax, p: SyntaxProblem): void {
  if (p.inDefinition || syntax.problems.length < SYNTAX_PROBLEM_LIMIT) syntax.problems.push(p);
  else syntax.more++;
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
