/**
 * Kbuild's "offsets" headers that C layouts depend on, worked out by the
 * front end where the tree has no copy for the ABI read:
 * include/generated/bounds.h, from kernel/bounds.c (MAX_NR_ZONES,
 * NR_PAGEFLAGS, SPINLOCK_SIZE …). In-kernel headers size arrays by it
 * (`struct zone node_zones[MAX_NR_ZONES]`) and test it in `#if` (lockref.h's
 * `SPINLOCK_SIZE <= 4` picks struct lockref's layout, and so struct
 * dentry's), and an unbuilt tree has no such file.
 *
 * include/generated/asm-offsets.h is made the same way, but it is not worked
 * out: its generator includes most of the kernel (linux/sched.h, crypto …),
 * which would cost seconds per ABI, for offsets that only assembly reads (x86
 * C headers include it, none of their C uses it). It stays missing.
 *
 * Kbuild compiles the generator to assembly, where each DEFINE(sym, val) of
 * <linux/kbuild.h> left `.ascii "->sym $value val-text"`, and rewrites those
 * lines to `#define sym value /* val-text *\/` (filechk_offsets in
 * scripts/Makefile.lib; `->#text` is a comment, a bare `->` a blank line).
 * Here the generator is preprocessed as in-kernel code on the ABI, with the
 * configuration the tree has there; each asm statement whose template has an
 * `.ascii "->…"` line gives its line, and the `%0` in it is the statement's
 * first input operand, evaluated like a macro's value: enumerators, sizeof
 * and offsetof through the type model and the layout engine.
 *
 * The tree's own file is read where it was generated for this ABI: the tree
 * is built (include/generated/autoconf.h) with a configuration that fits it
 * (kernel-config.ts). Elsewhere — an unbuilt tree, a .config only, another
 * architecture — the header is worked out, once per ABI, configuration and
 * reader. A unit that is itself one of the files the generator reads (a
 * patched mmzone.h) is read as the unit's text there too.
 */
import { join } from 'node:path';
import type { AbiName } from '../abi/layout-types.ts';
import { parseTranslationUnit } from './parse/parse-translation-unit.ts';
import { preprocess, readSourceFile } from './preprocess/index.ts';
import { builtFor, treeConfig } from './preprocess/kernel-config.ts';
import { lexText } from './preprocess/lexer.ts';
import { spellTokens, type Token } from './preprocess/token.ts';
import { LAYOUT_HOOKS } from './layout-hooks.ts';
import type { MacroDef } from './type-model.ts';

/** A generated header and the source Kbuild generates it from (paths relative to the tree). */
interface OffsetsHeader {
  header: string;
  guard: string;
  source: string;
}

const OFFSETS_HEADERS: readonly OffsetsHeader[] = [
  { header: 'include/generated/bounds.h', guard: '__LINUX_BOUNDS_H__', source: 'kernel/bounds.c' },
];

/** A file's text, or null when it is missing. */
type Reader = (path: string) => string | null;

/** One worked-out header, and what it was worked out from. */
interface Worked {
  text: string;
  /** The tree's configuration file's text (null: unconfigured). */
  config: string | null;
  /** The source files the generator read, and their texts as it read them (parallel arrays). */
  paths: string[];
  texts: (string | null)[];
}

/** Worked-out headers by reader (DISK: the file system), then by tree, ABI and header. */
const worked = new WeakMap<object, Map<string, Worked[]>>();
const DISK = {};
/** Variants kept per header: the tree's, and those of units the generator reads (patched headers). */
const VARIANTS = 4;
/** Headers being worked out now (a generator that reached its own header reads it as missing). */
const inProgress = new Set<string>();

export interface OffsetsContext {
  tree: string;
  abi: AbiName;
  /** The unit being built: read as its text wherever the generator includes its path. */
  unit: { path: string; text: string };
  /** The preprocess run's reader (undefined: the file system). */
  readFile?: Reader;
}

/**
 * The preprocessor's generatedFile hook for a unit of in-kernel code in
 * `ctx.tree`: the text an offsets header reads as, or undefined for any other
 * path (and for a header the tree has for this ABI: it is read as usual).
 */
export function offsetsHeaderHook(ctx: OffsetsContext): (path: string) => string | null | undefined {
  const paths = new Map(OFFSETS_HEADERS.map((h) => [join(ctx.tree, h.header), h]));
  return (path) => {
    const h = paths.get(path);
    return h ? offsetsHeaderText(h, ctx) : undefined;
  };
}

function offsetsHeaderText(h: OffsetsHeader, ctx: OffsetsContext): string | null | undefined {
  const read: Reader = ctx.readFile ?? readSourceFile;
  const headerPath = join(ctx.tree, h.header);
  if (builtFor(ctx.tree, ctx.abi, headerPath, read)) return undefined;
  const config = treeConfig(ctx.tree, read);
  const sourcePath = join(ctx.tree, h.source);
  const sourceText = read(sourcePath);
  if (sourceText === null) return undefined;
  const key = `${ctx.tree}\0${ctx.abi}\0${h.header}`;
  if (inProgress.has(key)) return null;
  let byKey = worked.get(ctx.readFile ?? DISK);
  if (!byKey) worked.set(ctx.readFile ?? DISK, (byKey = new Map()));
  const variants = byKey.get(key) ?? [];
  const { unit } = ctx;
  const configText = config?.text ?? null;
  // the files as this unit reads them: itself as its text
  const fits = (w: Worked) => w.config === configText && w.paths.every((p, i) => (p === unit.path ? unit.text : read(p)) === w.texts[i]);
  const hit = variants.find(fits);
  if (hit) return hit.text;
  inProgress.add(key);
  try {
    let w = workOut(h, { path: sourcePath, text: sourceText }, ctx, read, null, configText);
    // the generator read the unit's file, which the unit has otherwise: read it as the unit is
    if (!fits(w)) w = workOut(h, { path: sourcePath, text: sourceText }, ctx, read, unit, configText);
    variants.unshift(w);
    if (variants.length > VARIANTS) variants.pop();
    byKey.set(key, variants);
    return w.text;
  } finally {
    inProgress.delete(key);
  }
}

function workOut(
  h: OffsetsHeader,
  source: { path: string; text: string },
  ctx: OffsetsContext,
  read: Reader,
  unit: OffsetsContext['unit'] | null,
  config: string | null,
): Worked {
  const readFile: Reader | undefined = unit ? (p) => (p === unit.path ? unit.text : read(p)) : ctx.readFile;
  const inner: OffsetsContext = { ...ctx, ...(readFile ? { readFile } : {}) };
  const pp = preprocess(
    source,
    {
      abi: ctx.abi,
      kernel: true,
      includeDirs: [],
      kernelTree: ctx.tree,
      ...(readFile ? { readFile } : {}),
      generatedFile: offsetsHeaderHook(inner),
    },
  );
  const lines = asciiLines(pp.text);
  const exprs = new Map<string, string>();
  const defs: MacroDef[] = [];
  for (const l of lines) {
    if (l.kind !== 'define' || exprs.has(l.name)) continue;
    exprs.set(l.name, l.operand);
    defs.push({ name: l.name, params: null, body: l.operand, loc: pp.origins[l.row] ?? { file: source.path, line: 0 } });
  }
  parseTranslationUnit(pp.text, pp.origins, ctx.abi, {
    kernel: true,
    layout: LAYOUT_HOOKS,
    macros: { defs, evaluate: () => true, expand: (name) => exprs.get(name) ?? null },
    inclusions: pp.includeSpans,
    tails: pp.tailSpans,
  });
  const values = new Map(defs.map((d) => [d.name, d.value]));
  const body = lines.map((l) => {
    if (l.kind === 'comment') return `/* ${l.text} */`;
    if (l.kind === 'blank') return '';
    const v = values.get(l.name);
    if (v === undefined) return `#warning "abi-check: ${l.name} (${l.valueText.replace(/["\\]/g, '')}) from ${h.source} is not a constant it can work out"`;
    // as GCC prints an "i" operand: a signed 64-bit integer
    return `#define ${l.name} ${BigInt.asIntN(64, v)} /* ${l.valueText} */`;
  });
  const text = [
    `#ifndef ${h.guard}`,
    `#define ${h.guard}`,
    '/*',
    ' * DO NOT MODIFY.',
    ' *',
    ` * Worked out by abi-check from ${h.source} for ${ctx.abi}, as Kbuild generates it`,
    ' */',
    '',
    ...body,
    '',
    '#endif',
    '',
  ].join('\n');
  // generated files (the configuration, read as the ABI reads it) are checked through `config`
  const generated = join(ctx.tree, 'include/generated/');
  const paths = pp.files.filter((p) => !p.startsWith(generated));
  return { text, config, paths, texts: paths.map((p) => (readFile ?? read)(p)) };
}

/** One `.ascii "->…"` line of the generator's assembly, as filechk_offsets reads it. */
type AsciiLine =
  | { kind: 'define'; name: string; operand: string; valueText: string; row: number }
  | { kind: 'comment'; text: string; row: number }
  | { kind: 'blank'; row: number };

const ASM = new Set(['asm', '__asm__', '__asm']);
const QUALIFIERS = new Set(['volatile', '__volatile__', '__volatile', 'inline', '__inline__', '__inline', 'goto']);

/** The `->` lines of every asm statement in preprocessed text, in order. */
export function asciiLines(text: string): AsciiLine[] {
  const toks = lexText('<generator>', text).tokens;
  const out: AsciiLine[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (toks[i]!.kind !== 'ident' || !ASM.has(toks[i]!.text)) continue;
    let j = i + 1;
    while (toks[j]?.kind === 'ident' && QUALIFIERS.has(toks[j]!.text)) j++;
    if (toks[j]?.text !== '(') continue;
    j++;
    let template = '';
    while (toks[j]?.kind === 'string') template += stringValue(toks[j++]!.text);
    const operand = firstInputOperand(toks, j);
    const row = toks[i]!.line - 1;
    for (const line of template.split('\n')) {
      const m = /^\s*\.ascii\s*"(.*)"/.exec(line);
      if (!m || !m[1]!.startsWith('->')) continue;
      const rest = m[1]!.slice(2);
      const def = /^([^ ]*) %0 (.*)$/.exec(rest);
      if (rest.startsWith('#')) out.push({ kind: 'comment', text: rest.slice(1), row });
      else if (def && operand !== null) out.push({ kind: 'define', name: def[1]!, operand, valueText: def[2]!, row });
      else if (rest === '') out.push({ kind: 'blank', row });
    }
  }
  return out;
}

/** The expression of the first input operand of the asm statement whose template ends before `toks[j]` (null: none). */
function firstInputOperand(toks: readonly Token[], j: number): string | null {
  let colons = 0;
  let depth = 0;
  for (; j < toks.length; j++) {
    const t = toks[j]!.text;
    if (t === '(') depth++;
    else if (t === ')') {
      if (depth === 0) return null;
      depth--;
    } else if (t === ':' && depth === 0 && ++colons === 2) break;
  }
  // `"i" ( expr )`
  if (toks[j + 1]?.kind !== 'string' || toks[j + 2]?.text !== '(') return null;
  const start = j + 3;
  depth = 0;
  for (let k = start; k < toks.length; k++) {
    const t = toks[k]!.text;
    if (t === '(') depth++;
    else if (t === ')') {
      if (depth === 0) return spellTokens(toks.slice(start, k));
      depth--;
    }
  }
  return null;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The characters of a C string literal (prefix, quotes and escapes resolved). */
function stringValue(literal: string): string {
  const body = literal.slice(literal.indexOf('"') + 1, -1);
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}
