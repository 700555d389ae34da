/**
 * The kernel one side of a series describes (its base, or the tree after
 * the series): the C types of every image the series touches, then the
 * emulator's kernel prelude for what the images do not define, merged into
 * one TypeModel (an image's definition wins), and the function
 * definitions of its .c images — those whose every line is known can run,
 * the others are listed with exactly which lines are missing.
 */
import type { AbiName } from '../abi/layout-types.ts';
import type { CType, TypeModel } from '../c/type-model.ts';
import type { FileImage, Images, KnownRange } from '../tree/images.ts';
import { unitDefinitions } from './interpreter/definitions.ts';
import { KERNEL_PRELUDE, KERNEL_PRELUDE_PATH } from './kernel/kernel-prelude.ts';

export type BuildModel = (file: { path: string; text: string; known?: KnownRange[] }, abi: AbiName, kernel: boolean) => TypeModel;

export interface EmulatedKernel {
  side: 'before' | 'after';
  abi: AbiName;
  model: TypeModel;
  units: { path: string; text: string }[];
  runnable: Set<string>;
  /** function → why it cannot run. */
  unrunnable: Map<string, string>;
  /** function → file that defines it (runnable or not). */
  definedIn: Map<string, string>;
  notes: string[];
}

/** Is every line in [start, end] known? Returns the unknown sub-ranges. */
export function unknownLines(known: KnownRange[], start: number, end: number): KnownRange[] {
  const gaps: KnownRange[] = [];
  let at = start;
  const sorted = [...known].sort((a, b) => a.start - b.start);
  for (const r of sorted) {
    if (r.end < at) continue;
    if (r.start > end) break;
    if (r.start > at) gaps.push({ start: at, end: Math.min(end, r.start - 1) });
    at = Math.max(at, r.end + 1);
    if (at > end) break;
  }
  if (at <= end) gaps.push({ start: at, end });
  return gaps;
}

export function describeRanges(rs: KnownRange[]): string {
  return rs.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}–${r.end}`)).join(', ');
}

function fullRange(img: FileImage): KnownRange[] {
  return img.known;
}

function mergeModels(abi: AbiName, models: TypeModel[]): TypeModel {
  const merged: TypeModel = { abi, records: [], enums: [], typedefs: [], macros: [], functions: [], diagnostics: [] };
  const seenRecords = new Set<string>();
  const seenEnums = new Set<string>();
  const seenTypedefs = new Set<string>();
  const seenMacros = new Set<string>();
  for (const m of models) {
    for (const r of m.records) {
      if (seenRecords.has(r.id)) continue;
      if (!r.complete && m.records.some((x) => x.id === r.id && x.complete)) continue;
      if (!r.complete && models.some((o) => o.records.some((x) => x.id === r.id && x.complete))) continue;
      seenRecords.add(r.id);
      merged.records.push(r);
    }
    for (const e of m.enums) if (!seenEnums.has(e.id) && e.enumerators.length) (seenEnums.add(e.id), merged.enums.push(e));
    for (const t of m.typedefs) if (!seenTypedefs.has(t.name)) (seenTypedefs.add(t.name), merged.typedefs.push(t));
    for (const d of m.macros) if (!seenMacros.has(d.name)) (seenMacros.add(d.name), merged.macros.push(d));
    merged.diagnostics.push(...m.diagnostics);
  }
  return merged;
}

/**
 * Each image is read on its own, so a typedef it uses but another file
 * defines (refcount_t in st.c) is unresolved there (a typedef of void).
 * Resolve such references against the merged typedefs, copying what changes
 * (the models themselves are shared and stay untouched).
 */
function resolveForeignTypedefs(model: TypeModel): TypeModel {
  const known = new Map<string, CType>();
  for (const t of model.typedefs) if (t.type.kind !== 'void') known.set(t.name, t.type);
  const fix = (t: CType): CType => {
    switch (t.kind) {
      case 'typedef':
        return t.to.kind === 'void' && known.has(t.name) ? { kind: 'typedef', name: t.name, to: known.get(t.name)! } : t;
      case 'pointer': {
        const to = fix(t.to);
        return to === t.to ? t : { kind: 'pointer', to };
      }
      case 'array': {
        const of = fix(t.of);
        return of === t.of ? t : { ...t, of };
      }
      default:
        return t;
    }
  };
  const records = model.records.map((r) => {
    const members = r.members.map((m) => {
      const type = fix(m.type);
      return type === m.type ? m : { ...m, type };
    });
    return members.some((m, i) => m !== r.members[i]) ? { ...r, members } : r;
  });
  return { ...model, records };
}

/** From a unit model, what the image itself declares. */
function imagePart(m: TypeModel): TypeModel {
  const own = (loc: { file: string }) => loc.file !== KERNEL_PRELUDE_PATH;
  return { ...m, records: m.records.filter((r) => own(r.loc)), enums: m.enums.filter((e) => own(e.loc)), typedefs: m.typedefs.filter((t) => own(t.loc)), macros: m.macros.filter((d) => own(d.loc)) };
}

export function emulatedKernel(images: Images, side: 'before' | 'after', abi: AbiName, buildModel: BuildModel): EmulatedKernel {
  const notes: string[] = [];
  const imageModels: TypeModel[] = [];
  const units: { path: string; text: string }[] = [];
  const runnable = new Set<string>();
  const unrunnable = new Map<string, string>();
  const definedIn = new Map<string, string>();
  const paths = Object.keys(images.files).sort((a, b) => Number(a.endsWith('.c')) - Number(b.endsWith('.c')) || a.localeCompare(b));
  for (const path of paths) {
    const stages = images.files[path]!;
    const img = side === 'before' ? stages[0]! : stages[stages.length - 1]!;
    if (img.text === null) continue;
    if (!/\.[ch]$/.test(path)) continue;
    try {
      imageModels.push(imagePart(buildModel({ path, text: img.text, known: fullRange(img) }, abi, true)));
    } catch (e) {
      notes.push(`${side}: the types of ${path} could not be read: ${(e as Error).message}`);
    }
    if (!path.endsWith('.c')) continue;
    units.push({ path, text: img.text });
    const defs = unitDefinitions(path, img.text);
    for (const [name, fn] of defs.functions) {
      definedIn.set(name, path);
      const gaps = unknownLines(img.known, fn.startLine, fn.endLine);
      if (gaps.length) unrunnable.set(name, `lines ${describeRanges(gaps)} of ${path} (${side} the series) are unknown`);
      else runnable.add(name);
    }
  }
  let preludeModel: TypeModel;
  try {
    preludeModel = buildModel({ path: KERNEL_PRELUDE_PATH, text: KERNEL_PRELUDE }, abi, true);
  } catch (e) {
    throw new Error(`the emulator's kernel prelude does not build: ${(e as Error).message}`);
  }
  return { side, abi, model: resolveForeignTypedefs(mergeModels(abi, [...imageModels, preludeModel])), units, runnable, unrunnable, definedIn, notes };
}
