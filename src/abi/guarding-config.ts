/**
 * The Kconfig options that guard what a series changes in in-kernel headers.
 *
 * Most of an in-kernel header sits under `#ifdef CONFIG_…` (pci.h's whole
 * API under `#ifdef CONFIG_PCI`, with `static inline` stubs in the `#else`).
 * An unconfigured tree is read as allnoconfig, and a configured one as its
 * configuration says: either may leave such an option off, and then the
 * declarations the series changes are not there to compare — a prototype
 * given a parameter is no change at all. So the in-kernel headers are read
 * with the options guarding the changed lines on (kernel-config.ts's
 * `forced`): those a changed line needs on to be compiled, taken from the
 * conditionals around it, `#ifdef CONFIG_X` or `defined(CONFIG_X)` /
 * `IS_ENABLED(CONFIG_X)` (also IS_BUILTIN, IS_REACHABLE) in an `#if` or
 * `#elif`, not negated (an `#else`, `#ifndef` or `!defined` branch needs
 * the option off, as it already is). Options compared by value (`#if
 * CONFIG_PGTABLE_LEVELS > 2`) and the architecture's own (word size, byte
 * order: an ABI's kernel fixes them) are never forced.
 *
 * A changed line is a line of one version whose text the other version
 * does not have anywhere (moved lines and repeated ones such as `};` do not
 * count: they declare nothing new).
 */
import { ABI_NAMES } from './layout-types.ts';
import { ConditionalBranches, type Branch } from '../c/conditional-branches.ts';
import { archKconfig } from '../c/preprocess/kernel-config.ts';

/** Word size, byte order and architecture symbols: an ABI's kernel fixes them (kernel-config.ts), a series does not turn them on. */
const ARCH_SYMBOLS: ReadonlySet<string> = new Set(ABI_NAMES.flatMap((abi) => Object.keys(archKconfig(abi))));

/** `CONFIG_X` tested for being on in an `#if` expression: `defined(CONFIG_X)`, `defined CONFIG_X`, `IS_ENABLED(CONFIG_X)` …, not after `!`. */
function positiveTests(expr: string): string[] {
  const out: string[] = [];
  const re = /(!\s*)?(?:\(\s*)?(?:defined\s*\(\s*|defined\s+|IS_ENABLED\s*\(\s*|IS_BUILTIN\s*\(\s*|IS_REACHABLE\s*\(\s*)(CONFIG_\w+)/g;
  for (const m of expr.matchAll(re)) if (!m[1]) out.push(m[2]!);
  return out;
}

/** A directive line's text with comments dropped and continuation lines joined; `next` is the line after it. */
function directiveAt(lines: readonly string[], i: number): { text: string; next: number } {
  let text = lines[i]!;
  let j = i;
  while (text.endsWith('\\') && j + 1 < lines.length) text = text.slice(0, -1) + ' ' + lines[++j]!;
  return { text: text.replace(/\/\*.*?\*\//g, ' ').replace(/\/\*.*$|\/\/.*$/, ''), next: j + 1 };
}

/** What a branch needs on: `#ifdef CONFIG_X`'s option, the positive tests of an `#if` or `#elif`; nothing for `#ifndef` or `#else`. */
function optionsNeeded(b: Branch): string[] {
  if (b.directive === 'ifdef') return [/^\s*(CONFIG_\w+)/.exec(b.condition)?.[1]].filter((s): s is string => s !== undefined);
  return b.directive === 'if' || b.directive === 'elif' ? positiveTests(b.condition) : [];
}

/**
 * The options each line of `text` needs on (by 0-based line): those of the
 * conditional branches around it, outermost first.
 */
function guardsByLine(text: string): (readonly string[])[] {
  const lines = text.split('\n');
  const out: (readonly string[])[] = new Array(lines.length);
  const branches = new ConditionalBranches();
  let here: readonly string[] = [];
  for (let i = 0; i < lines.length; ) {
    const { text: directive, next } = /^\s*#/.test(lines[i]!) ? directiveAt(lines, i) : { text: '', next: i + 1 };
    if (branches.directive(directive)) here = branches.open.flatMap(optionsNeeded);
    for (let j = i; j < next; j++) out[j] = here;
    i = next;
  }
  return out;
}

/** The lines of `text` (0-based) whose text `other` does not have on any line. */
function linesNotIn(text: string, other: string): number[] {
  const have = new Set(other.split('\n').map((l) => l.trim()));
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() !== '' && !have.has(l.trim())) out.push(i);
  });
  return out;
}

/**
 * The options (`CONFIG_X`, sorted) that guard the lines changed between
 * `before` and `after`, two versions of an in-kernel header.
 */
export function configGuardingChanges(before: string, after: string): string[] {
  const out = new Set<string>();
  for (const [text, other] of [[before, after], [after, before]] as const) {
    const changed = linesNotIn(text, other);
    if (changed.length === 0) continue;
    const guards = guardsByLine(text);
    for (const i of changed) for (const s of guards[i] ?? []) if (!ARCH_SYMBOLS.has(s)) out.add(s);
  }
  return [...out].sort();
}
