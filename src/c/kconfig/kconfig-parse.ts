/**
 * Reads a kernel tree's Kconfig files, from the top-level `Kconfig` through
 * every `source`, into the symbols they declare: each symbol's type, the
 * conditions its prompts are visible under, its defaults, the symbols that
 * select it, its dependencies, and the choices it belongs to. Conditions of
 * enclosing `if` blocks, `menu … depends on`, `choice … depends on` and an
 * entry's own `depends on` are folded into each property, as Kconfig's
 * menu_finalize does; a menu's `visible if` only into prompts. Help texts
 * (ending at the first line indented less than their first) are skipped.
 * Ranges and `option` lines carry nothing a configuration without user
 * choices needs.
 */
import { posix as path } from 'node:path';
import { and, parseExpr, tokenizeLine, YES, KconfigSyntaxError, type KconfigExpr, type KconfigToken } from './kconfig-expr.ts';
import { KconfigMacros } from './kconfig-macros.ts';

export type KconfigType = 'bool' | 'tristate' | 'int' | 'hex' | 'string';

export interface KconfigChoice {
  /** Conditions under which its prompt is visible. */
  prompts: KconfigExpr[];
  /** Its dependencies (enclosing blocks and its own `depends on`): a choice whose prompt is hidden still picks its default. */
  dep: KconfigExpr;
  defaults: { name: string; cond: KconfigExpr }[];
  members: string[];
}

export interface KconfigSymbol {
  name: string;
  type: KconfigType | null;
  /** Visibility condition of each prompt (its `if`, dependencies, menus' `visible if`). */
  prompts: KconfigExpr[];
  /** In order: the first whose condition holds gives the value. */
  defaults: { value: KconfigExpr; cond: KconfigExpr }[];
  /** `range MIN MAX [if cond]` of an int or hex, in order: the first whose condition holds bounds the value (each bound a symbol or a number). */
  ranges: { min: string; max: string; cond: KconfigExpr }[];
  /** `select <this> if cond` of other symbols: `by` and the condition (with `by`'s dependencies). */
  selectedBy: { by: string; cond: KconfigExpr }[];
  /** `imply <this> if cond` of other symbols: a default that `by` raises, within this symbol's dependencies. */
  impliedBy: { by: string; cond: KconfigExpr }[];
  /** Its dependencies: those of any of its definitions (enclosing blocks and `depends on`). */
  dirDep: KconfigExpr | null;
  choice: KconfigChoice | null;
}

export interface KconfigModel {
  symbols: Map<string, KconfigSymbol>;
  choices: KconfigChoice[];
  /** Every file read (tree-relative path → text), to tell whether a cached model still holds. */
  files: Map<string, string>;
}

/** A Kconfig tree that cannot be read: a missing `source`d file, a line that does not parse. */
export class KconfigError extends Error {}

type Reader = (relPath: string) => string | null;

interface Frame {
  kind: 'if' | 'menu' | 'choice';
  dep: KconfigExpr;
  visible: KconfigExpr;
  choice?: KconfigChoice;
}

interface Entry {
  kind: 'config' | 'choice' | 'menu' | 'other';
  name?: string;
  deps: KconfigExpr;
  type: KconfigType | null;
  prompts: KconfigExpr[];
  defaults: { value: KconfigExpr; cond: KconfigExpr }[];
  ranges: { min: string; max: string; cond: KconfigExpr }[];
  selects: { target: string; cond: KconfigExpr; imply: boolean }[];
  frame?: Frame;
}

const TYPES: Record<string, KconfigType> = { bool: 'bool', boolean: 'bool', tristate: 'tristate', int: 'int', hex: 'hex', string: 'string' };
const MAX_FILES = 20_000;

function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n = (Math.floor(n / 8) + 1) * 8;
    else break;
  }
  return n;
}

/** The Kconfig tree under `Kconfig` (read by `read`, tree-relative paths) with these environment variables. */
export function parseKconfig(read: Reader, env: Readonly<Record<string, string>>): KconfigModel {
  const model: KconfigModel = { symbols: new Map(), choices: [], files: new Map() };
  const macros = new KconfigMacros(env);
  const frames: Frame[] = [];
  let entry: Entry | null = null;

  const symbol = (name: string): KconfigSymbol => {
    let s = model.symbols.get(name);
    if (!s) model.symbols.set(name, (s = { name, type: null, prompts: [], defaults: [], ranges: [], selectedBy: [], impliedBy: [], dirDep: null, choice: null }));
    return s;
  };
  const frameDeps = () => frames.reduce<KconfigExpr>((d, f) => and(d, f.dep), YES);
  const frameVisible = () => frames.reduce<KconfigExpr>((d, f) => and(d, f.visible), YES);

  const finish = (): void => {
    const e = entry;
    entry = null;
    if (!e) return;
    if (e.kind === 'config') {
      const s = symbol(e.name!);
      if (e.type) s.type = e.type;
      s.dirDep = s.dirDep ? { k: 'or', a: s.dirDep, b: e.deps } : e.deps;
      const visible = frameVisible();
      for (const p of e.prompts) s.prompts.push(and(and(e.deps, visible), p));
      for (const d of e.defaults) s.defaults.push({ value: d.value, cond: and(e.deps, d.cond) });
      for (const r of e.ranges) s.ranges.push({ ...r, cond: and(e.deps, r.cond) });
      for (const sel of e.selects) symbol(sel.target)[sel.imply ? 'impliedBy' : 'selectedBy'].push({ by: s.name, cond: and(e.deps, sel.cond) });
      const choice = [...frames].reverse().find((f) => f.kind === 'choice')?.choice;
      if (choice && !choice.members.includes(s.name)) {
        choice.members.push(s.name);
        s.choice = choice;
      }
    } else if (e.kind === 'choice') {
      const c = e.frame!.choice!;
      const outer = frames.slice(0, -1);
      c.dep = and(outer.reduce<KconfigExpr>((d, f) => and(d, f.dep), YES), e.frame!.dep);
      const visible = outer.reduce<KconfigExpr>((d, f) => and(d, f.visible), YES);
      for (const p of e.prompts) c.prompts.push(and(and(c.dep, visible), p));
    }
  };

  /** `expr [if cond]` from tokens[from…]. */
  const valueIf = (t: KconfigToken[], from: number): { value: KconfigExpr; cond: KconfigExpr } => {
    // `default $(ld-version) if LD_IS_LLD` where the macro expanded to nothing
    if (from >= t.length || (t[from]!.kind === 'word' && t[from]!.text === 'if')) return { value: { k: 'const', text: '' }, cond: from >= t.length ? YES : parseExpr(t, from + 1).expr };
    const { expr, end } = parseExpr(t, from);
    if (end < t.length && t[end]!.kind === 'word' && t[end]!.text === 'if') return { value: expr, cond: parseExpr(t, end + 1).expr };
    return { value: expr, cond: YES };
  };
  const promptIf = (t: KconfigToken[], from: number): KconfigExpr | null => {
    if (from >= t.length || t[from]!.kind !== 'string') return null;
    return t[from + 1]?.kind === 'word' && t[from + 1]!.text === 'if' ? parseExpr(t, from + 2).expr : YES;
  };

  /** Files being read, outermost first: a file that sources itself, directly or not, is an error, as in Kconfig. */
  const sourcing: string[] = [];
  const readFile = (file: string, optional: boolean): void => {
    if (sourcing.includes(file)) throw new KconfigError(`${file}: sourced recursively (${[...sourcing, file].join(' → ')})`);
    if (model.files.size >= MAX_FILES) throw new KconfigError(`more than ${MAX_FILES} Kconfig files`);
    sourcing.push(file);
    try {
      readLines(file, optional);
    } finally {
      sourcing.pop();
    }
  };
  const readLines = (file: string, optional: boolean): void => {
    const text = read(file);
    if (text === null) {
      if (optional) return;
      throw new KconfigError(`${file}: sourced but missing`);
    }
    model.files.set(file, text);
    const raw = text.split('\n');
    let helpIndent = -1;
    let inHelp = false;
    for (let i = 0; i < raw.length; i++) {
      let line = raw[i]!;
      const lineNo = i + 1;
      if (inHelp) {
        if (line.trim() === '') continue;
        const ind = indentOf(line);
        if (helpIndent < 0) helpIndent = ind;
        if (ind >= helpIndent && helpIndent > 0) continue;
        inHelp = false;
      }
      while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + raw[++i]!;
      const where = { file, line: lineNo };
      const assign = /^\s*([A-Za-z0-9_.-]+)\s*(:=|\+=|=)\s?(.*)$/.exec(line);
      if (assign && !(assign[1]! in KEYWORDS)) {
        macros.assign(assign[1]!, assign[2]!, assign[3]!, where);
        continue;
      }
      const t = tokenizeLine(macros.expand(line, where));
      if (t.length === 0) continue;
      const kw = t[0]!.text;
      try {
        switch (kw) {
          case 'source': case 'rsource': case 'osource': case 'orsource': {
            const target = t[1]?.text ?? '';
            finish();
            readFile(kw.startsWith('r') || kw === 'orsource' ? path.join(path.dirname(file), target) : target, kw.startsWith('o'));
            break;
          }
          case 'config': case 'menuconfig':
            finish();
            entry = { kind: 'config', name: t[1]?.text ?? '', deps: frameDeps(), type: null, prompts: [], defaults: [], ranges: [], selects: [] };
            break;
          case 'choice': {
            finish();
            const choice: KconfigChoice = { prompts: [], dep: YES, defaults: [], members: [] };
            model.choices.push(choice);
            const frame: Frame = { kind: 'choice', dep: YES, visible: YES, choice };
            frames.push(frame);
            entry = { kind: 'choice', deps: YES, type: null, prompts: [], defaults: [], ranges: [], selects: [], frame };
            break;
          }
          case 'endchoice': case 'endmenu': case 'endif':
            finish();
            if (frames.pop()?.kind !== { endchoice: 'choice', endmenu: 'menu', endif: 'if' }[kw]) throw new KconfigError(`${file}:${lineNo}: ${kw} without its block`);
            break;
          case 'menu': {
            finish();
            const frame: Frame = { kind: 'menu', dep: YES, visible: YES };
            frames.push(frame);
            entry = { kind: 'menu', deps: YES, type: null, prompts: [], defaults: [], ranges: [], selects: [], frame };
            break;
          }
          case 'if':
            finish();
            frames.push({ kind: 'if', dep: parseExpr(t, 1).expr, visible: YES });
            break;
          case 'comment': case 'mainmenu':
            finish();
            entry = { kind: 'other', deps: YES, type: null, prompts: [], defaults: [], ranges: [], selects: [] };
            break;
          case 'help': case '---help---':
            inHelp = true;
            helpIndent = -1;
            break;
          default:
            if (entry) attribute(entry, t, file, lineNo);
            else throw new KconfigError(`${file}:${lineNo}: '${kw}' outside any entry`);
        }
      } catch (e) {
        if (e instanceof KconfigSyntaxError) throw new KconfigError(`${file}:${lineNo}: ${e.message}`);
        throw e;
      }
    }
    finish();
  };

  const attribute = (e: Entry, t: KconfigToken[], file: string, lineNo: number): void => {
    const kw = t[0]!.text;
    if (kw in TYPES) {
      e.type = TYPES[kw]!;
      const p = promptIf(t, 1);
      if (p) e.prompts.push(p);
    } else if (kw === 'prompt') {
      const p = promptIf(t, 1);
      if (p) e.prompts.push(p);
    } else if (kw === 'default') {
      if (e.kind === 'choice') {
        const d = valueIf(t, 1);
        if (d.value.k === 'sym') e.frame!.choice!.defaults.push({ name: d.value.name, cond: d.cond });
      } else e.defaults.push(valueIf(t, 1));
    } else if (kw === 'def_bool' || kw === 'def_tristate') {
      e.type = kw === 'def_bool' ? 'bool' : 'tristate';
      e.defaults.push(valueIf(t, 1));
    } else if (kw === 'depends' && t[1]?.text === 'on') {
      const d = parseExpr(t, 2).expr;
      if (e.frame) e.frame.dep = and(e.frame.dep, d);
      else e.deps = and(e.deps, d);
    } else if (kw === 'visible' && t[1]?.text === 'if') {
      if (e.frame) e.frame.visible = and(e.frame.visible, parseExpr(t, 2).expr);
    } else if (kw === 'range') {
      const [min, max] = [t[1], t[2]];
      if (!min || !max || (t[3] && t[3].text !== 'if')) throw new KconfigError(`${file}:${lineNo}: 'range' takes two bounds and an optional 'if'`);
      e.ranges.push({ min: min.text, max: max.text, cond: t[3] ? parseExpr(t, 4).expr : YES });
    } else if (kw === 'select' || kw === 'imply') {
      const target = t[1]?.text;
      if (target) e.selects.push({ target, cond: t[2]?.text === 'if' ? parseExpr(t, 3).expr : YES, imply: kw === 'imply' });
    } else if (!IGNORED.has(kw)) {
      throw new KconfigError(`${file}:${lineNo}: unknown Kconfig keyword '${kw}'`);
    }
  };

  readFile('Kconfig', false);
  if (frames.length > 0) throw new KconfigError(`Kconfig: ${frames.length} block(s) left open at the end`);
  return model;
}

/** Entry attributes that do not bear on a configuration made without user answers. */
const IGNORED = new Set(['option', 'modules', 'optional', 'transitional', 'env', 'allnoconfig_y', 'defconfig_list']);

const KEYWORDS: Record<string, true> = Object.fromEntries(
  ['source', 'rsource', 'osource', 'orsource', 'config', 'menuconfig', 'choice', 'endchoice', 'menu', 'endmenu', 'if', 'endif', 'comment', 'mainmenu',
    'help', 'bool', 'boolean', 'tristate', 'int', 'hex', 'string', 'prompt', 'default', 'def_bool', 'def_tristate', 'depends', 'visible', 'select', 'imply', 'range', ...IGNORED]
    .map((k) => [k, true]),
);
