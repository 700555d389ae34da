/**
 * The uAPI/kABI stage: for each patch (image i-1 → image i) and for the series
 * end to end (base → last image), compare the declarations of every touched
 * header on every ABI, read the kernel code the patch changed, and run the
 * rule catalogue. Pure: model building is injected (the pipeline passes a
 * memoised buildTypeModel), layouts come from src/abi/layout.
 */
import type { Series } from '../patchwork/series.ts';
import { isWholeImage, type FileImage, type Images, type KnownRange } from '../tree/images.ts';
import type { TypeModel } from '../c/type-model.ts';
import type { Finding, Report } from '../report/report.ts';
import type { AbiName, RecordLayout } from './layout-types.ts';
import { layoutRecord, sizeAlignOf } from './layout/index.ts';
import { classifyPath, type PathScope } from './classify-path.ts';
import { diffFile, type ModelsByAbi } from './diff/diff-file.ts';
import { settledDiff, type SettledFileDiff } from './diff/settled-diff.ts';
import type { LayoutEngine } from './diff/layout-engine.ts';
import { restoreRecordSections, parseHunkHeader, type Section } from './diff/hunk-sections.ts';
import { configGuardingChanges } from './guarding-config.ts';
import { changedRanges, codeUnits } from './diff/code-units.ts';
import { RULES, type CodeUnit } from './rules/index.ts';
import { archDirOf } from '../c/preprocess/index.ts';
import { missingIncludes, withholdRemovals } from './withheld-removals.ts';
import { withholdSeriesMoves } from './moved-in-series.ts';
import { grownRecords, grownStructTags, movedHeader } from './grown-structs.ts';
import { interfaceUsers, type InterfaceUsers } from './interface-users.ts';
import type { OpImplementation, OpSlot } from './diff/op-implementations.ts';
import type { FunctionCall } from './diff/function-calls.ts';
import type { VariableDeclaration } from './diff/variable-declarations.ts';
import type { PointerChange, StaleVariableUse } from './diff/variable-uses.ts';
import { placeOnTables, withSyscallHeaders } from './syscall-table-images.ts';
import { syscallNotWired } from './rules/syscall-not-wired.ts';
import { sysfsUndocumented } from './rules/sysfs-undocumented.ts';
import { documentedNames, sysfsAdditions } from './sysfs-attributes.ts';
import { IOCTL_REGISTRY_PATHS, parseIoctlRegistry, type RegistryRow } from './ioctl-registry.ts';
import { ioctlTypeUnregistered } from './rules/ioctl-type-unregistered.ts';
import { syscallNumbers } from './rules/syscall-number.ts';
import { syscallCountStale } from './rules/syscall-count.ts';
import { syscallSeries, type SyscallListSource } from './syscall-additions.ts';

/**
 * Builds a file image's TypeModel. `siblings`: the files the series
 * touches, as they are in the same image, where that differs from the base
 * (repo-relative path → text, null when the file does not exist there): a
 * header the file includes is read from there rather than from the tree.
 */
export type BuildModel = (
  file: { path: string; text: string; known?: KnownRange[] },
  abi: AbiName,
  kernel: boolean,
  siblings?: ReadonlyMap<string, string | null>,
  /** In-kernel code: Kconfig options read as on whatever the configuration says (BuildOptions.configOn). */
  configOn?: readonly string[],
) => TypeModel;

export interface AnalyseSeriesInput {
  series: Series;
  images: Images;
  abis: AbiName[];
  buildModel: BuildModel;
  /** Defaults to src/abi/layout. */
  layout?: LayoutEngine;
  /** Models read includes from a kernel tree (default: when the bases came from one). */
  treeIncludes?: boolean;
  /** The kernel tree includes are read from: files there are named by their path in it in findings. */
  treeRoot?: string;
  /**
   * The tree's own functions that name one of the structs `tags`, outside
   * the files `exclude` (injected IO, src/tree/tree-code.ts): how kernel code
   * the series leaves alone copies a struct the series grows.
   */
  treeCode?: (tags: string[], exclude: ReadonlySet<string>) => CodeUnit[];
  /**
   * The functions the tree's .c files put in the op slots `slots`, outside
   * the files `exclude` (injected IO, src/tree/op-implementations.ts): what
   * must change with an op whose signature the series changes.
   */
  treeOpImplementations?: (slots: OpSlot[], exclude: ReadonlySet<string>) => OpImplementation[];
  /** The calls of the functions `names` in the tree's .c files outside `exclude` (injected IO, src/tree/function-calls.ts). */
  treeFunctionCalls?: (names: string[], exclude: ReadonlySet<string>) => FunctionCall[];
  /** The file-scope definitions and `extern` declarations of the variables `names` in the tree's .c and .h files outside `exclude` (injected IO, src/tree/variable-declarations.ts). */
  treeVariableDeclarations?: (names: string[], exclude: ReadonlySet<string>) => VariableDeclaration[];
  /** The uses of the variables `changes` names, still treating them as their old type, in the tree's .c and .h files outside `exclude` (injected IO, src/tree/variable-uses.ts). */
  treeVariableUses?: (changes: ReadonlyMap<string, PointerChange>, exclude: ReadonlySet<string>) => StaleVariableUse[];
  /**
   * Told every word the four searches above will ask about before they are
   * asked (injected IO, src/tree/tree-words.ts): one search of the tree can
   * then answer them all.
   */
  treePrepareWords?: (words: string[]) => void;
  /** A file of the kernel tree by its tree-relative path (injected IO), or null when it is missing. */
  treeFile?: (path: string) => string | null;
  /** The tree's syscall lists (injected IO, src/tree/syscall-list-files.ts), for uapi.syscall-not-wired. */
  treeSyscallLists?: SyscallListSource;
  /** The texts of the tree's Documentation/ABI (injected IO, src/tree/abi-documentation.ts), for uapi.sysfs-undocumented. */
  treeAbiDocumentation?: () => readonly string[];
  /**
   * What the report says about the Kconfig configuration in-kernel headers
   * were read with on `abis` (injected IO: the tree's .config, kernel-config.ts);
   * asked once, when in-kernel headers were compared.
   */
  kernelConfigNote?: (abis: AbiName[]) => string;
}

export interface AnalyseSeriesResult {
  findings: Finding[];
  layouts: Report['layouts'];
  notes: string[];
}

const DEFAULT_ENGINE: LayoutEngine = { layoutRecord, sizeAlignOf };

/** The ABIs a file is compiled for: those of its architecture for a file under arch/<arch>/, else all. */
function abisOfPath(path: string, abis: AbiName[]): AbiName[] {
  const arch = /^arch\/([^/]+)\//.exec(path)?.[1];
  return arch === undefined ? abis : abis.filter((a) => archDirOf(a) === arch);
}

/** ABIs used for in-kernel headers: the first 64-bit and the first 32-bit ABI asked for. */
function kernelAbis(abis: AbiName[]): AbiName[] {
  const is32 = (a: AbiName) => ['i386', 'x32', 'arm', 'ppc32', 'mips', 'm68k'].includes(a);
  const out = [abis.find((a) => !is32(a)), abis.find(is32)].filter((a): a is AbiName => a !== undefined);
  return out.length ? out : abis.slice(0, 1);
}

/** The Kconfig options guarding what the series changes in in-kernel headers, patch by patch (guarding-config.ts). */
function optionsGuardingChanges(images: Images, n: number): string[] {
  const out = new Set<string>();
  for (const [path, seq] of Object.entries(images.files)) {
    if (classifyPath(path) !== 'kernel-header') continue;
    for (let k = 1; k <= n; k++) {
      const before = seq[k - 1]?.text;
      const after = seq[k]?.text;
      if (before && after && before !== after) for (const s of configGuardingChanges(before, after)) out.add(s);
    }
  }
  return [...out].sort();
}

/** Section headings of the hunks that show image `k` of `path`: the new side of the last patch at or
 *  before k that touched it, and the old side of the first patch after k that touches it, as long as
 *  the file is unchanged in between (so their line numbers are image k's). */
function sectionsFor(images: Images, path: string, k: number): Section[] {
  const out: Section[] = [];
  const seq = images.files[path] ?? [];
  const touches = (j: number) => images.applied[j - 1]?.find((f) => f.path === path || f.oldPath === path);
  for (let j = k; j >= 1; j--) {
    const f = touches(j);
    if (!f) continue;
    if (seq[j]?.text === seq[k]?.text) {
      for (const h of f.hunks) {
        const p = parseHunkHeader(h.header);
        if (p && h.status !== 'failed') out.push({ line: h.newStart ?? p.newStart + h.offset, heading: p.heading });
      }
    }
    break;
  }
  for (let j = k + 1; j < seq.length; j++) {
    const f = touches(j);
    if (!f) continue;
    if (seq[j - 1]?.text === seq[k]?.text) {
      for (const h of f.hunks) {
        const p = parseHunkHeader(h.header);
        if (p && h.status !== 'failed') out.push({ line: p.oldStart + h.offset, heading: p.heading });
      }
    }
    break;
  }
  return out;
}

class ModelSource {
  readonly notes: string[] = [];
  /** The ABIs in-kernel headers were compared on. */
  readonly kernelAbisUsed = new Set<AbiName>();
  private readonly failed = new Set<string>();
  private readonly siblingsAt = new Map<number, Map<string, string | null>>();
  constructor(
    private readonly input: AnalyseSeriesInput,
    /** Kconfig options in-kernel headers are read with on (guarding-config.ts). */
    private readonly configOn: readonly string[] = [],
  ) {}

  /** Every touched file whose image k differs from its base (only whole files: partial images are not headers one can include); the file being built is among them, which changes nothing. */
  private siblings(k: number): Map<string, string | null> {
    let out = this.siblingsAt.get(k);
    if (out) return out;
    out = new Map();
    for (const [path, seq] of Object.entries(this.input.images.files)) {
      const image = seq[k];
      const base = seq[0];
      if (!image || (image.text ?? null) === (base?.text ?? null)) continue;
      if (image.text !== null && !isWholeImage(image)) continue;
      out.set(path, image.text);
    }
    this.siblingsAt.set(k, out);
    return out;
  }

  /** Models of image k of `path` on each ABI, or null when the file does not exist there. */
  models(path: string, k: number, abis: AbiName[], kernel: boolean): ModelsByAbi | null {
    const image = this.input.images.files[path]?.[k];
    if (!image || image.text === null) return null;
    const file = this.fileFor(path, image, k);
    const siblings = this.siblings(k); // one object per image: the model cache digests it once
    const out: ModelsByAbi = {};
    for (const abi of abis) {
      try {
        out[abi] = this.input.buildModel(file, abi, kernel, siblings.size ? siblings : undefined, kernel ? this.configOn : undefined);
      } catch (e) {
        const key = `${path}@${k}`;
        if (!this.failed.has(key)) {
          this.failed.add(key);
          this.notes.push(`${path} (${k === 0 ? 'base' : `after patch ${k}`}): not parsed on ${abi}: ${(e as Error).message}`);
        }
      }
    }
    return out;
  }

  private readonly codeAt = new Map<string, CodeUnit[]>();

  /** The kernel code patch `patch` changed, as image `at` has it: whole functions where the front end found them. */
  changedCode(patch: number, at: number): CodeUnit[] {
    const key = `${patch}@${at}`;
    let code = this.codeAt.get(key);
    if (code) return code;
    const { images, abis } = this.input;
    code = [];
    for (const f of images.applied[patch - 1] ?? []) {
      if (classifyPath(f.path) !== 'kernel-source') continue;
      const image = images.files[f.path]?.[at];
      if (!image?.text) continue;
      const ofArch = abisOfPath(f.path, abis);
      const models = this.models(f.path, at, (ofArch.length ? ofArch : abis).slice(0, 1), true);
      const fns = models ? Object.values(models)[0]?.functions ?? [] : [];
      code.push(...codeUnits(f.path, image, changedRanges(f.hunks), fns));
    }
    this.codeAt.set(key, code);
    return code;
  }

  private fileFor(path: string, image: FileImage, k: number): { path: string; text: string; known?: KnownRange[] } {
    const full = isWholeImage(image);
    if (full || this.input.images.source !== 'diff-context' || !/\.h$/.test(path)) {
      return full ? { path, text: image.text! } : { path, text: image.text!, known: image.known };
    }
    const restored = restoreRecordSections(image.text!, image.known, sectionsFor(this.input.images, path, k), classifyPath(path) === 'uapi-header');
    // named once, by the lines of the version a patch made (as findings are)
    for (const n of k > 0 ? restored.nested : []) {
      const version = this.input.images.applied.length > 1 ? ` (after patch ${k})` : '';
      const inner = [...n.kinds].reverse().map((kind) => `a ${kind}`).join(' in ');
      const note = `${path}: lines ${n.start}–${n.end}${version} are indented as inside an aggregate nested in \`${n.heading}\`, whose opening the diff does not show: read as in ${inner} there (nested aggregates alternate struct and union in uAPI headers; the tree is what can tell)`;
      if (!this.notes.includes(note)) this.notes.push(note);
    }
    return { path, text: restored.text, known: restored.known };
  }
}


interface Pass {
  patch: number;
  from: number;
  to: number;
  paths: string[];
  /** Code of this patch to read (defaults to patch `patch`'s own changes). */
  codeOf?: number;
}

/** The uAPI headers the pass creates (absent before, present after). */
function createdHeaders(images: Images, pass: Pass): string[] {
  return pass.paths.filter((p) => classifyPath(p) === 'uapi-header' && images.files[p]?.[pass.from]?.text == null && images.files[p]?.[pass.to]?.text != null);
}

/** The first-ABI model of each path at image `k` (the passes build the same ones: the model cache keeps them). */
function firstAbiModel(src: ModelSource, abis: AbiName[], path: string, k: number): TypeModel | null {
  const abi = abisOfPath(path, abis)[0];
  return abi === undefined ? null : src.models(path, k, [abi], false)?.[abi] ?? null;
}

/**
 * The headers a pass creates by renaming others, new path → old path: git
 * renames between headers of one kind (uAPI or in-kernel), and a uAPI header
 * the pass deletes whose declarations a header it creates mostly holds (a
 * plain diff shows a rename so).
 */
function headerRenames(images: Images, pass: Pass, src: ModelSource, abis: AbiName[]): Map<string, string> {
  const out = new Map<string, string>();
  const isHeader = (p: string) => ['uapi-header', 'kernel-header'].includes(classifyPath(p));
  for (const f of images.applied.slice(pass.from, pass.to).flat()) {
    if (f.change === 'rename' && f.oldPath && isHeader(f.path) && classifyPath(f.path) === classifyPath(f.oldPath)) out.set(f.path, f.oldPath);
  }
  const created = createdHeaders(images, pass).filter((p) => !out.has(p));
  if (created.length === 0) return out;
  const renamed = new Set(out.values());
  const createdModels = created.flatMap((p) => {
    const model = firstAbiModel(src, abis, p, pass.to);
    return model ? [{ path: p, model }] : [];
  });
  for (const path of pass.paths) {
    const seq = images.files[path];
    if (classifyPath(path) !== 'uapi-header' || renamed.has(path) || seq?.[pass.from]?.text == null || seq[pass.to]?.text != null) continue;
    const model = firstAbiModel(src, abis, path, pass.from);
    const to = model ? movedHeader({ path, model }, createdModels.filter((c) => !out.has(c.path))) : null;
    if (to) out.set(to, path);
  }
  return out;
}

function touchedPaths(images: Images, patch: number): string[] {
  return [...new Set((images.applied[patch - 1] ?? []).flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]))];
}

/** What the passes read: the input, and the ABIs that read each header worked out from a syscall table. */
type PassInput = AnalyseSeriesInput & { generatedReadBy: ReadonlyMap<string, AbiName[]> };

/**
 * What the passes read besides the files they compare: the series' code, the
 * same for all (so per-patch and end-to-end verdicts agree), and the users of
 * the in-kernel interfaces it changes as image k has them.
 */
interface SeriesEvidence {
  code: CodeUnit[];
  usersAt: (k: number) => InterfaceUsers;
}

function runPass(input: PassInput, src: ModelSource, pass: Pass, engine: LayoutEngine, evidence: SeriesEvidence): { findings: Finding[]; diffs: SettledFileDiff[] } {
  const { images, abis } = input;
  const findings: Finding[] = [];
  const diffs: SettledFileDiff[] = [];
  // With a tree, an include only the new version has and that is found nowhere may hold what looks removed.
  const treeIncludes = input.treeIncludes ?? images.source === 'tree';
  // Code the patch changed (per-patch passes only: the series-wide pass repeats nothing new).
  const codePatch = pass.codeOf ?? pass.patch;
  const code: CodeUnit[] = codePatch > 0 ? src.changedCode(codePatch, pass.to) : [];
  const renames = headerRenames(images, pass, src, abis);
  const movedTo = new Map([...renames].map(([to, from]) => [from, to]));
  for (const path of pass.paths) {
    const scope: PathScope = classifyPath(path);
    if (scope !== 'uapi-header' && scope !== 'kernel-header') continue;
    const seq = images.files[path];
    if (!seq) continue;
    const b = seq[pass.from];
    const a = seq[pass.to];
    if ((b?.text ?? null) === (a?.text ?? null)) continue;
    // A header under arch/<arch>/ exists only for that architecture's ABIs.
    const ofArch = input.generatedReadBy.get(path) ?? abisOfPath(path, abis);
    if (ofArch.length === 0) {
      src.notes.push(`${path}: not compared: none of the ABIs asked for (${abis.join(', ')}) is of its architecture`);
      continue;
    }
    const useAbis = scope === 'uapi-header' ? ofArch : kernelAbis(ofArch);
    const kernel = scope !== 'uapi-header';
    if (kernel) for (const a of useAbis) src.kernelAbisUsed.add(a);
    // a header this pass creates by renaming another is compared with that one: only what differs is told
    const from = (b?.text ?? null) === null ? renames.get(path) : undefined;
    const before = src.models(from ?? path, pass.from, useAbis, kernel);
    const after = src.models(path, pass.to, useAbis, kernel);
    const abisOf = (m: ModelsByAbi | null) => (m ? useAbis.filter((x) => m[x]) : null);
    const bAbis = abisOf(before);
    const aAbis = abisOf(after);
    // A side that exists but could not be parsed on any ABI cannot be compared (everything would look added or removed).
    if ((bAbis && bAbis.length === 0) || (aAbis && aAbis.length === 0)) {
      src.notes.push(`${path}: not compared${pass.patch ? ` for patch ${pass.patch}` : ' end to end'}: the ${bAbis && bAbis.length === 0 ? 'old' : 'new'} version could not be parsed on any ABI`);
      continue;
    }
    // Compare only on ABIs both sides could be parsed on.
    const common = useAbis.filter((x) => (!bAbis || bAbis.includes(x)) && (!aAbis || aAbis.includes(x)));
    // a git rename in the patches of this pass: where the file went
    const gitRename = images.applied.slice(pass.from, pass.to).flat().find((f) => f.change === 'rename' && f.oldPath === path)?.path ?? null;
    // deleted without a git rename: a header the same change creates may hold what it declared (a plain diff)
    const renamedTo = gitRename ?? (before && !after ? movedTo.get(path) ?? null : null);
    const imageBefore = (from !== undefined ? images.files[from]?.[pass.from] : b) ?? null;
    const diff = diffFile({
      path, scope, abis: common, before, after, engine, includesComplete: treeIncludes, images: { before: imageBefore, after: a ?? null }, renamedTo,
      ...(from !== undefined ? { renamedFrom: from } : {}),
    });
    const found: Finding[] = [];
    for (const rule of RULES) {
      if (!rule.scopes.includes(scope)) continue;
      found.push(...rule.check({ patch: pass.patch, diff, code, seriesCode: evidence.code, ...evidence.usersAt(pass.to), abis: common }));
    }
    const missedBefore = treeIncludes ? new Set(missingIncludes(before, path)) : null;
    const missing = missedBefore ? missingIncludes(after, path).filter((h) => !missedBefore.has(h)) : [];
    const { kept, note } = withholdRemovals(found, path, missing);
    if (note) diff.notes.push(note);
    findings.push(...kept);
    // its rules have run: what is kept of it holds no model
    diffs.push(settledDiff(diff));
  }
  // without a tree, a removal may be a move into a header the diff shows only in part
  const placed = placeMoved(treeIncludes ? findings : withholdSeriesMoves(findings, diffs), diffs, pass.paths, input.treeRoot);
  return { findings: placed, diffs };
}

/**
 * Findings about declarations a file compared where they went (a header it
 * includes) belong to that header, whose lines they cite: they are filed
 * there (by its repository path, when it is one the series touches or lies in
 * the tree). When the series touches that header too, its own comparison
 * sees the same declarations as new (type-added, design checks of a new
 * type): those findings are dropped, the moving file's comparison speaks for
 * them.
 */
function placeMoved(findings: Finding[], diffs: SettledFileDiff[], paths: string[], treeRoot: string | undefined): Finding[] {
  const repoPath = (file: string): string | null => {
    const touched = paths.find((p) => file === p || file.endsWith(`/${p}`));
    if (touched) return touched;
    if (treeRoot !== undefined) {
      const root = treeRoot.replace(/\/+$/, '');
      if (file.startsWith(`${root}/`)) return file.slice(root.length + 1);
    }
    return null;
  };
  const movedFrom = new Map<string, Record<string, string>>(diffs.map((d) => [d.path, d.moved]));
  /** `${file}\0${symbol}` of every declaration some file compared in `file`. */
  const arrived = new Set<string>();
  for (const d of diffs) {
    for (const [symbol, to] of Object.entries(d.moved)) {
      const rel = repoPath(to);
      if (rel) arrived.add(`${rel}\0${symbol}`);
    }
  }
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const root = f.symbol.replace(/\.[^ ]*$/, '');
    const to = movedFrom.get(f.file)?.[root] ?? movedFrom.get(f.file)?.[f.symbol];
    const rel = to === undefined ? null : repoPath(to);
    const placed = rel ? { ...f, file: rel } : f;
    // The header's own comparison sees an arrived declaration as new; the file it came from compared it
    // with what it was, and that comparison speaks for it.
    if (!rel && arrived.has(`${f.file}\0${root}`)) continue;
    const key = `${placed.rule}\0${placed.symbol}\0${placed.file}`;
    if (rel && seen.has(key)) continue;
    seen.add(key);
    out.push(placed);
  }
  return out;
}

const keyOf = (f: Finding) => `${f.rule}\u0000${f.symbol}\u0000${f.file}`;

function layoutsFor(findings: Finding[], passes: Map<number, SettledFileDiff[]>): Report['layouts'] {
  const out: Report['layouts'] = {};
  /** Each diff's records by symbol, the first of each (thousands of findings look in hundreds of diffs). */
  const indexes = new Map<SettledFileDiff, Map<string, number>>();
  const indexOf = (d: SettledFileDiff): Map<string, number> => {
    let ix = indexes.get(d);
    if (!ix) {
      ix = new Map();
      for (let i = d.records.length - 1; i >= 0; i--) ix.set(d.records[i]!.symbol, i);
      indexes.set(d, ix);
    }
    return ix;
  };
  for (const f of findings) {
    const diffs = passes.get(f.patch) ?? [];
    const recordSymbol = f.symbol.replace(/\.[^ ]*$/, '');
    for (const d of diffs) {
      const ix = indexOf(d);
      const at = Math.min(ix.get(recordSymbol) ?? Infinity, ix.get(f.symbol) ?? Infinity);
      const c = at === Infinity ? undefined : d.records[at];
      if (!c || out[c.symbol]) continue;
      const per: Record<string, { before: RecordLayout | null; after: RecordLayout | null }> = {};
      for (const abi of d.abis) {
        const before = c.before?.layouts[abi] ?? c.before?.partialLayouts[abi] ?? null;
        const after = c.after?.layouts[abi] ?? c.after?.partialLayouts[abi] ?? null;
        if (before || after) per[abi] = { before, after };
      }
      if (Object.keys(per).length) out[c.symbol] = per;
    }
  }
  return out;
}

export function analyseSeries(given: AnalyseSeriesInput): AnalyseSeriesResult {
  // the headers Kbuild generates from syscall tables the series edits are compared like any other
  const generated = withSyscallHeaders(given.images, given.abis, given.treeFile);
  const input: PassInput = { ...given, images: generated.images, generatedReadBy: generated.readBy };
  const engine = input.layout ?? DEFAULT_ENGINE;
  const n = input.series.patches.length;
  const configOn = optionsGuardingChanges(input.images, n);
  const src = new ModelSource(input, configOn);
  // How the series' kernel code copies a struct answers questions a header change alone leaves
  // open, whichever patch of the series changed that code.
  const seriesCode = Array.from({ length: n }, (_, i) => src.changedCode(i + 1, i + 1)).flat();
  // ... and, with a tree, how the code the series leaves alone copies the structs it changes
  if (input.treeCode) {
    const touched = new Set(Array.from({ length: n }, (_, i) => touchedPaths(input.images, i + 1)).flat());
    const headers = [...touched].filter((p) => classifyPath(p) === 'uapi-header')
      .map((path) => ({ path, before: firstAbiModel(src, input.abis, path, 0), after: firstAbiModel(src, input.abis, path, n) }));
    seriesCode.push(...input.treeCode(grownStructTags(headers), touched));
  }
  const touchedAll = new Set(Array.from({ length: n }, (_, i) => touchedPaths(input.images, i + 1)).flat());
  const kernelModel = (path: string, k: number) => {
    const abi = kernelAbis(abisOfPath(path, input.abis))[0];
    return abi === undefined ? null : src.models(path, k, [abi], true)?.[abi] ?? null;
  };
  const usersAt = interfaceUsers(input.images, touchedAll, kernelModel, n, {
    implementations: input.treeOpImplementations, calls: input.treeFunctionCalls, variables: input.treeVariableDeclarations, variableUses: input.treeVariableUses,
    prepare: input.treePrepareWords,
  });
  const evidence: SeriesEvidence = { code: seriesCode, usersAt };
  const perPatch: Finding[] = [];
  const diffsByPatch = new Map<number, SettledFileDiff[]>();
  const notes: string[] = [];
  for (let i = 1; i <= n; i++) {
    const paths = touchedPaths(input.images, i);
    const r = runPass(input, src, { patch: i, from: i - 1, to: i, paths }, engine, evidence);
    let kept = r.findings;
    if (i > 1) {
      // Only the base was ever released: what patch i changes relative to something an earlier patch of
      // the same series introduced (a struct added by patch 1, a rename patch 1 made) is not a break.
      const sinceBase = runPass(input, src, { patch: i, from: 0, to: i, paths, codeOf: i }, engine, evidence);
      const released = new Set(sinceBase.findings.map(keyOf));
      kept = r.findings.filter((f) => released.has(keyOf(f)));
      const dropped = r.findings.length - kept.length;
      if (dropped > 0) notes.push(`patch ${i}: ${dropped} change${dropped === 1 ? '' : 's'} to declarations earlier patches of this series introduced (never released) not reported as findings`);
    }
    perPatch.push(...kept);
    diffsByPatch.set(i, r.diffs);
  }
  let findings = perPatch;
  if (n > 1) {
    const all = [...new Set(Array.from({ length: n }, (_, i) => touchedPaths(input.images, i + 1)).flat())];
    const wide = runPass(input, src, { patch: 0, from: 0, to: n, paths: all }, engine, evidence);
    diffsByPatch.set(0, wide.diffs);
    const wideKeys = new Set(wide.findings.map(keyOf));
    const patchKeys = new Set(perPatch.map(keyOf));
    // A break a later patch repairs is still the earlier patch's: keep it, say it is repaired.
    const codeRules = new Set(RULES.filter((r) => r.readsCode).map((r) => r.id));
    findings = perPatch.map((f) =>
      f.level !== 'note' && f.kind !== 'kabi' && !codeRules.has(f.rule) && !wideKeys.has(keyOf(f)) && f.rule.startsWith('uapi.') && f.patch < n
        ? { ...f, message: `${f.message} (Not visible end to end: a later patch in the series undoes or supersedes it; bisecting lands on the broken state.)` }
        : f);
    // End-to-end findings no single patch shows (e.g. a member removed by one patch and re-added under a new name by another).
    findings.push(...wide.findings.filter((f) => !patchKeys.has(keyOf(f))));
  }
  // files of the tree (where a declaration moved) by their path in it, as findings name them
  const root = input.treeRoot?.replace(/\/+$/, '');
  const inTree = (n: string) => (root ? n.split(`${root}/`).join('') : n);
  for (const ds of diffsByPatch.values()) for (const d of ds) notes.push(...d.notes.map(inTree));
  if (input.images.source === 'diff-context') {
    notes.push('uAPI diff: bases come from diff context only; records whose bodies the hunks do not fully show were compared on their visible members, with offsets relative to the visible stretches; sizes and absolute offsets of those records were not checked.');
    const grown = grownRecords([...diffsByPatch.values()].flat());
    if (grown.length > 0) {
      const named = grown.length > 12 ? `${grown.slice(0, 10).join(', ')} and ${grown.length - 10} more` : grown.join(', ');
      notes.push(`uAPI diff: ${named} ${grown.length === 1 ? 'grows' : 'grow'}; a struct embedding ${grown.length === 1 ? 'it' : 'one of them'} on lines the diff does not show, other than as its last member, would move its later members (a binary break): compare with --tree to know.`);
    }
  }
  notes.push(...generated.notes, ...src.notes);
  if (input.kernelConfigNote && src.kernelAbisUsed.size > 0) notes.push(input.kernelConfigNote(input.abis.filter((a) => src.kernelAbisUsed.has(a))));
  if (configOn.length > 0 && src.kernelAbisUsed.size > 0) {
    notes.push(`in-kernel headers were read with ${configOn.join(', ')} on, whatever the configuration says: ${configOn.length === 1 ? 'it guards' : 'they guard'} lines the series changes`);
  }
  findings = placeOnTables(findings, input.images, generated.sources);
  // new system calls left out of some architectures' lists, numbered apart or past a hand-kept count: the series as a whole
  const syscalls = syscallSeries(input.images, input.treeSyscallLists ?? null);
  const wiring = syscallNotWired(syscalls, input.abis);
  findings.push(...wiring.findings, ...syscallNumbers(syscalls, input.abis), ...syscallCountStale(syscalls, input.images, input.abis));
  notes.push(...wiring.notes);
  // new sysfs attributes without a Documentation/ABI entry: the series as a whole, and the tree's documentation
  const sysfs = sysfsUndocumentedIn(input);
  findings.push(...sysfs.findings);
  notes.push(...sysfs.notes);
  // new ioctl type codes without a row in ioctl-number.rst: as the series leaves it, else as the tree has it
  const ioctls = ioctlTypeUnregistered(diffsByPatch, ioctlRegistryOf(input), input.abis);
  findings.push(...ioctls.findings);
  notes.push(...ioctls.notes);
  return { findings, layouts: layoutsFor(findings, diffsByPatch), notes: [...new Set(notes)] };
}

/** The register of ioctl type codes as the series leaves it (when it touches it), else as the tree has it; null without either. */
function ioctlRegistryOf(input: AnalyseSeriesInput): { rows: RegistryRow[]; path: string } | null {
  for (const path of IOCTL_REGISTRY_PATHS) {
    const versions = input.images.files[path];
    const text = versions ? versions[versions.length - 1]?.text ?? null : input.treeFile?.(path) ?? null;
    if (text !== null) return { rows: parseIoctlRegistry(text), path };
  }
  return null;
}

/** uapi.sysfs-undocumented on the series: its new attributes against the Documentation/ABI it leaves and, with a tree, the tree's. */
function sysfsUndocumentedIn(input: AnalyseSeriesInput): { findings: Finding[]; notes: string[] } {
  const attributes = sysfsAdditions(input.images);
  if (attributes.length === 0) return { findings: [], notes: [] };
  const ownDocs = Object.entries(input.images.files)
    .filter(([path]) => path.startsWith('Documentation/ABI/'))
    .map(([, versions]) => versions[versions.length - 1]?.text ?? '');
  const treeDocs = input.treeAbiDocumentation?.() ?? null;
  return sysfsUndocumented(attributes, documentedNames([...ownDocs, ...(treeDocs ?? [])]), treeDocs !== null, input.abis);
}
