/**
 * Compares everything one file declares (records, enums, macros, typedefs)
 * before and after a change, on every ABI. The result is plain data that every
 * rule reads; nothing here decides what is a break.
 */
import type { EnumDecl, Enumerator, MacroDef, RecordDecl, TypeModel, TypedefDecl } from '../../c/type-model.ts';
import type { AbiName } from '../layout-types.ts';
import type { PathScope } from '../classify-path.ts';
import type { LayoutEngine } from './layout-engine.ts';
import { variableChanges } from './variable-changes.ts';
import type { EnumChange, EnumeratorChange, FileDiff, MacroChange, RecordChange, TypedefChange } from './types.ts';
import { buildRecordSide, recordSymbol } from './record-side.ts';
import { recordIdWithin } from '../../c/parse/c-types.ts';
import { matchFields } from './match-fields.ts';
import { bodyText, mayFollowSizeof, macroValue, requestsOf } from './macro-values.ts';
import { canonicalType, lookupFor, writtenType } from './type-text.ts';
import { includeFacts } from './include-facts.ts';
import { addedLines } from './added-lines.ts';
import { prototypeChanges } from './prototype-changes.ts';
import type { FileImage } from '../../tree/images.ts';

export type ModelsByAbi = Partial<Record<AbiName, TypeModel>>;

export interface DiffFileInput {
  path: string;
  scope: PathScope;
  abis: AbiName[];
  /** null when the file does not exist on that side. */
  before: ModelsByAbi | null;
  after: ModelsByAbi | null;
  engine: LayoutEngine;
  /**
   * The units' #includes were looked up where userspace would find them (a
   * kernel tree, or a complete unit with nothing to include): only then can a
   * type no header declares be called unknown. False for diff-context and
   * GitHub bases, whose includes are never all available. Default false.
   */
  includesComplete?: boolean;
  /** The file's texts, for the rules that read lines (CONFIG_ leaks, C90): the images compared. */
  images?: { before: FileImage | null; after: FileImage | null };
  /** For a file the change renames (a git rename), its new path. */
  renamedTo?: string | null;
  /**
   * For a file the change creates by renaming another: the old path, whose
   * models `before` holds (their declarations are that file's), so that what
   * the rename carries over unchanged is no addition.
   */
  renamedFrom?: string;
}

/** Whether a declaration's location is in the file being compared (models hold included files too). */
export function inFile(path: string): (file: string) => boolean {
  const norm = (p: string) => p.replace(/^\.?\/+/, '').replace(/^[ab]\//, '');
  const want = norm(path);
  return (file) => {
    const f = norm(file);
    return f === want || f.endsWith(`/${want}`) || want.endsWith(`/${f}`);
  };
}

function recordsOf(model: TypeModel, mine: (f: string) => boolean): Map<string, RecordDecl> {
  const out = new Map<string, RecordDecl>();
  for (const r of model.records) {
    const sym = recordSymbol(r);
    if (!sym || !mine(r.loc.file)) continue;
    const prev = out.get(sym);
    if (!prev || (!prev.complete && r.complete)) out.set(sym, r);
  }
  return out;
}

function enumName(e: { tag: string | null; typedefName?: string }): string | null {
  return e.tag ? `enum ${e.tag}` : e.typedefName ?? null;
}

export function diffFile(input: DiffFileInput): FileDiff {
  const { path, scope, abis, engine } = input;
  const here = inFile(path);
  const there = input.renamedFrom !== undefined ? inFile(input.renamedFrom) : null;
  const mine = there ? (file: string) => here(file) || there(file) : here;
  const sideAbis = (side: ModelsByAbi | null) => (side ? abis.filter((a) => side[a]) : []);
  const beforeAbis = sideAbis(input.before);
  const afterAbis = sideAbis(input.after);
  const primaryBefore = beforeAbis.length ? input.before![beforeAbis[0]]! : null;
  const primaryAfter = afterAbis.length ? input.after![afterAbis[0]]! : null;
  const notes: string[] = [];

  // Records
  const recBefore = new Map<AbiName, Map<string, RecordDecl>>();
  const recAfter = new Map<AbiName, Map<string, RecordDecl>>();
  for (const a of beforeAbis) recBefore.set(a, recordsOf(input.before![a]!, mine));
  for (const a of afterAbis) recAfter.set(a, recordsOf(input.after![a]!, mine));
  // A record the file no longer declares but a header it includes now does: moved, still seen by its users.
  const movedTo = new Map<string, Set<string>>();
  const moved: Record<string, string> = {};
  const noteMove = (symbol: string, file: string) => {
    moved[symbol] ??= file;
    let files = movedTo.get(symbol);
    if (!files) movedTo.set(symbol, (files = new Set()));
    files.add(file);
  };
  for (const a of afterAbis) {
    const own = recAfter.get(a)!;
    let everywhere: Map<string, RecordDecl> | undefined;
    for (const [symbol, was] of recBefore.get(a) ?? []) {
      if (!was.complete || own.get(symbol)?.complete) continue;
      everywhere ??= recordsOf(input.after![a]!, () => true);
      const there = everywhere.get(symbol);
      if (!there?.complete) continue;
      own.set(symbol, there);
      noteMove(symbol, there.loc.file);
    }
  }
  const symbols = new Set<string>();
  for (const m of [...recBefore.values(), ...recAfter.values()]) for (const [s, r] of m) if (r.complete) symbols.add(s);
  const records: RecordChange[] = [];
  for (const symbol of symbols) {
    const pick = (side: ModelsByAbi | null, by: Map<AbiName, Map<string, RecordDecl>>) => {
      const out: Partial<Record<AbiName, { model: TypeModel; decl: RecordDecl }>> = {};
      for (const [abi, m] of by) {
        const decl = m.get(symbol);
        if (decl?.complete) out[abi] = { model: side![abi]!, decl };
      }
      return out;
    };
    const before = buildRecordSide(symbol, pick(input.before, recBefore), abis, engine);
    const after = buildRecordSide(symbol, pick(input.after, recAfter), abis, engine);
    const m = before && after ? matchFields(before.fields, after.fields, abis) : { pairs: [], removed: before?.fields ?? [], added: after?.fields ?? [] };
    records.push({ symbol, before, after, ...m });
    for (const side of [before, after]) {
      if (side && side.layoutProblems.length) notes.push(`${path}: ${symbol}: layout not computed on ${side.layoutProblems.join('; ')}`);
    }
    const partialSide = after?.partial ? after : before?.partial ? before : null;
    const holdsPartial = !partialSide ? [after, before].find((x) => x && Object.keys(x.partialLayouts).length > 0) : undefined;
    if (holdsPartial) {
      const named = partlyShownMembers(holdsPartial.decl, holdsPartial.model).map((m) => `\`${m}\``).join(', ');
      notes.push(`${path}: ${symbol}: ${named || 'a member'} ${named.includes(',') ? 'are of records' : 'is of a record'} the diff shows only part of; sizeof, alignment and the offsets after ${named.includes(',') ? 'them' : 'it'} were not checked`);
    }
    if (partialSide) {
      const top = partialSide.top;
      const gaps = top.flatMap((t, i) => {
        if (!t.unknown) return [];
        const next = top.slice(i + 1).find((x) => !x.unknown);
        const prev = [...top.slice(0, i)].reverse().find((x) => !x.unknown);
        if (!prev && next) return [`its first members (before line ${next.member.loc.line})`];
        if (!next && prev) return [`its last members (after line ${prev.member.loc.line})`];
        return [t.unknown.start === t.unknown.end ? `line ${t.unknown.start}` : `lines ${t.unknown.start}–${t.unknown.end}`];
      });
      // unknown stretches of a nested aggregate name the same neighbour: said once
      notes.push(`${path}: ${symbol}: the diff shows only part of the definition${partialSide === after ? '' : ' before the change'}, not ${[...new Set(gaps)].join(' nor ')}; visible members were matched and their offsets compared within each visible stretch, but sizeof, alignment and absolute offsets were not checked`);
    }
  }

  // Enums and enumerators: compared on the primary ABI, their values also on every ABI (perAbi)
  const enumsIn = (m: TypeModel | null) => (m ? m.enums.filter((e) => mine(e.loc.file)) : []);
  const eb = enumsIn(primaryBefore);
  const ea = enumsIn(primaryAfter);
  // Enums (and loose enumerators) moved into an included header, as records above.
  if (primaryAfter) {
    const ownNames = new Set(ea.flatMap((e) => e.enumerators.map((x) => x.name)));
    const ownSyms = new Set(ea.map(enumName));
    for (const e of primaryAfter.enums) {
      if (mine(e.loc.file) || ea.includes(e)) continue;
      const sym = enumName(e);
      const wasNamed = sym !== null && !ownSyms.has(sym) && eb.some((x) => enumName(x) === sym);
      const wasLoose = e.enumerators.some((x) => !ownNames.has(x.name) && eb.some((y) => y.enumerators.some((z) => z.name === x.name)));
      if (!wasNamed && !wasLoose) continue;
      ea.push(e);
      noteMove(sym ?? e.enumerators.find((x) => !ownNames.has(x.name))!.name, e.loc.file);
    }
  }
  const enums: EnumChange[] = [];
  const enumSyms = new Set([...eb, ...ea].map(enumName).filter((s): s is string => s !== null));
  for (const s of enumSyms) {
    enums.push({ symbol: s, before: eb.find((e) => enumName(e) === s) ?? null, after: ea.find((e) => enumName(e) === s) ?? null });
  }
  const enumerators: EnumeratorChange[] = [];
  const enBefore = new Map(eb.flatMap((e) => e.enumerators.map((x) => [x.name, { e, x }] as const)));
  const enAfter = new Map(ea.flatMap((e) => e.enumerators.map((x) => [x.name, { e, x }] as const)));
  /** An anonymous enum is known by its first enumerator after the change; one whose enumerators all went, by its first before. */
  const anchorOf = (b: { e: EnumDecl } | undefined, a: { e: EnumDecl } | undefined): string => {
    const named = enumName((a ?? b)!.e);
    if (named !== null) return named;
    const later = a?.e ?? b!.e.enumerators.map((x) => enAfter.get(x.name)?.e).find((e) => e !== undefined && enumName(e) === null);
    return (later ?? b!.e).enumerators[0]!.name;
  };
  for (const name of new Set([...enBefore.keys(), ...enAfter.keys()])) {
    const b = enBefore.get(name);
    const a = enAfter.get(name);
    const after = (v: { e: EnumDecl; x: Enumerator } | undefined) => (v ? v.e.enumerators.slice(v.e.enumerators.indexOf(v.x) + 1).map((x) => x.name) : []);
    const precedingAfter = a ? a.e.enumerators[a.e.enumerators.indexOf(a.x) - 1]?.value ?? null : null;
    enumerators.push({ name, enumName: enumName((a ?? b)!.e), enumAnchor: anchorOf(b, a), before: b?.x ?? null, after: a?.x ?? null, following: { before: after(b), after: after(a) }, precedingAfter, perAbi: { before: {}, after: {} } });
  }
  // The same enumerators on every ABI: a value that follows a sizeof, or an enumerator under an arch #ifdef.
  const perAbiValues = (side: ModelsByAbi | null, sabis: AbiName[], into: 'before' | 'after') => {
    const byName = new Map(enumerators.map((c) => [c.name, c] as const));
    for (const abi of sabis) {
      // wherever the unit declares them: enumerators moved into an included header are compared there, as above
      for (const e of side![abi]!.enums) {
        for (const x of e.enumerators) {
          const c = byName.get(x.name);
          if (c) c.perAbi[into][abi] = x.value;
        }
      }
    }
  };
  perAbiValues(input.before, beforeAbis, 'before');
  perAbiValues(input.after, afterAbis, 'after');

  // Macros (every ABI: values can depend on sizeof)
  const macrosBy = (side: ModelsByAbi | null, sabis: AbiName[]) => {
    const out = new Map<string, Partial<Record<AbiName, { def: MacroDef; model: TypeModel }>>>();
    for (const abi of sabis) {
      const model = side![abi]!;
      for (const def of model.macros) {
        if (!mine(def.loc.file)) continue;
        let e = out.get(def.name);
        if (!e) out.set(def.name, (e = {}));
        e[abi] = { def, model };
      }
    }
    return out;
  };
  const mb = macrosBy(input.before, scope === 'uapi-header' ? beforeAbis : beforeAbis.slice(0, 1));
  const ma = macrosBy(input.after, scope === 'uapi-header' ? afterAbis : afterAbis.slice(0, 1));
  // Macros moved into an included header (defined at the end of the unit, from another file).
  const unitMacros = new Map<AbiName, Map<string, MacroDef>>();
  const unitMacro = (abi: AbiName, name: string) => {
    const model = input.after?.[abi];
    if (!model) return undefined;
    let byName = unitMacros.get(abi);
    if (!byName) unitMacros.set(abi, (byName = new Map(model.macros.map((m) => [m.name, m]))));
    return byName.get(name);
  };
  // On some ABIs only, too: an `#ifndef X` fallback an architecture's asm/ header now pre-empts.
  const partlyMoved = new Map<string, Map<string, AbiName[]>>();
  for (const [name, was] of mb) {
    const stays = ma.get(name);
    for (const abi of Object.keys(was) as AbiName[]) {
      if (stays?.[abi]) continue;
      const model = input.after?.[abi];
      const def = unitMacro(abi, name);
      if (!model || !def) continue;
      let e = ma.get(name);
      if (!e) ma.set(name, (e = {}));
      e[abi] = { def, model };
      if (!stays) noteMove(name, def.loc.file);
      else {
        let files = partlyMoved.get(name);
        if (!files) partlyMoved.set(name, (files = new Map()));
        files.set(def.loc.file, [...(files.get(def.loc.file) ?? []), abi]);
      }
    }
  }
  for (const [name, files] of partlyMoved) {
    const where = [...files].map(([file, on]) => `on ${on.join(', ')} by ${file}`).join('; ');
    notes.push(`${path}: ${name} is now defined ${where}, which it includes: users built for those ABIs still see it there`);
  }
  const macros: MacroChange[] = [];
  for (const name of new Set([...mb.keys(), ...ma.keys()])) {
    const b = mb.get(name);
    const a = ma.get(name);
    const bd = b ? Object.values(b)[0]!.def : null;
    const ad = a ? Object.values(a)[0]!.def : null;
    // Unchanged text on both sides, ABI by ABI (another file may define it on some): nothing to evaluate unless the value may follow a sizeof.
    const sameAbis = b && a && Object.keys(b).length === Object.keys(a).length && Object.keys(b).every((x) => x in a);
    const sameText = sameAbis && (Object.keys(b) as AbiName[]).every((x) => b[x]!.def === a[x]!.def || bodyText(b[x]!.def.body) === bodyText(a[x]!.def.body));
    if (bd && ad && sameText && !mayFollowSizeof(ad.body, Object.values(a!)[0]!.model)) continue;
    macros.push({ name, before: b ? macroValue(b, abis, engine) : null, after: a ? macroValue(a, abis, engine) : null });
  }

  // Typedefs
  const typedefsIn = (m: TypeModel | null) => new Map((m ? m.typedefs.filter((t) => mine(t.loc.file)) : []).map((t) => [t.name, t] as const));
  const tb = typedefsIn(primaryBefore);
  const ta = typedefsIn(primaryAfter);
  for (const name of tb.keys()) {
    const there = ta.has(name) ? undefined : primaryAfter?.typedefs.find((t) => t.name === name);
    if (!there) continue;
    ta.set(name, there);
    noteMove(name, there.loc.file);
  }
  const typedefs: TypedefChange[] = [];
  const describe = (t: TypedefDecl | undefined, m: TypeModel | null) => {
    if (!t || !m) return null;
    const look = lookupFor(m);
    return { decl: t, canonical: canonicalType(t.type, look), written: writtenType(t.type, look) };
  };
  for (const name of new Set([...tb.keys(), ...ta.keys()])) {
    typedefs.push({ name, before: describe(tb.get(name), primaryBefore), after: describe(ta.get(name), primaryAfter) });
  }

  for (const [symbol, files] of movedTo) {
    notes.push(`${path}: ${symbol} moved to ${[...files].join(', ')}, which it includes: its users still see it there, and it is compared there`);
  }
  const texts = { before: input.images?.before?.text ?? null, after: input.images?.after?.text ?? null };
  const partial = [...recBefore.values(), ...recAfter.values()].some((m) => [...m.values()].some((r) => r.partial));
  return {
    path,
    scope,
    abis,
    records,
    enums,
    enumerators,
    macros,
    typedefs,
    functionsAfter: primaryAfter ? primaryAfter.functions.filter((f) => mine(f.loc.file)) : [],
    functionsBefore: primaryBefore ? primaryBefore.functions.filter((f) => mine(f.loc.file)) : [],
    prototypes: prototypeChanges(primaryBefore, primaryAfter, mine, texts),
    variables: variableChanges(primaryBefore, primaryAfter, mine, texts, { before: input.before, after: input.after, abis, engine }),
    partial,
    moved,
    exists: { before: input.before !== null && input.renamedFrom === undefined, after: input.after !== null, renamedTo: input.renamedTo ?? null },
    includes: includeFacts(input.before, input.after, mine, input.includesComplete ?? false),
    text: { added: addedLines(input.images?.before ?? null, input.images?.after ?? null), before: input.images?.before?.text ?? null, after: input.images?.after?.text ?? null },
    requestsAfter: primaryAfter && scope === 'uapi-header' ? requestsOf(primaryAfter, afterAbis[0]!, engine, mine) : [],
    notes,
  };
}

/** Members of `decl` whose type (through typedefs and arrays) is a record the diff shows only part of. */
function partlyShownMembers(decl: RecordDecl, model: TypeModel): string[] {
  const look = lookupFor(model);
  return decl.members.flatMap((m) => {
    const id = recordIdWithin(m.type);
    const r = id === null ? undefined : look.record(id);
    return r && m.name !== null && (r.partial || r.members.some((x) => x.unknownLines)) ? [m.name] : [];
  });
}
