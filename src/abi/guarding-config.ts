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

/** Word size, byte order and architecture symbols: an ABI's kernel fixes them, a series does not turn them on. */
const ARCH_SYMBOLS = /^CONFIG_(64BIT|32BIT|X86|X86_64|X86_32|ARM|ARM64|AEABI|PPC|PPC32|PPC64|S390|RISCV|ARCH_RV64I|ARCH_RV32I|MIPS|M68K|SPARC|SPARC32|SPARC64|CPU_BIG_ENDIAN|CPU_LITTLE_ENDIAN|GENERIC_CPU)$/;

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

/**
 * The options each line of `text` needs on (by 0-based line): the positive
 * tests of the conditional branches around it, innermost last.
 */
function guardsByLine(text: string): (readonly string[])[] {
  const lines = text.split('\n');
  const out: (readonly string[])[] = new Array(lines.length);
  const stack: string[][] = [];
  const current = () => stack.flat();
  let here: readonly string[] = [];
  for (let i = 0; i < lines.length; ) {
    const m = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(lines[i]!);
    if (!m) {
      out[i++] = here;
      continue;
    }
    const { text: directive, next } = directiveAt(lines, i);
    const rest = /^\s*#\s*\w+(.*)$/.exec(directive)?.[1] ?? '';
    const kind = m[1]!;
    if (kind === 'ifdef') stack.push(/^\s*(CONFIG_\w+)/.exec(rest) ? [/^\s*(CONFIG_\w+)/.exec(rest)![1]!] : []);
    else if (kind === 'ifndef') stack.push([]);
    else if (kind === 'if') stack.push(positiveTests(rest));
    else if (kind === 'elif' && stack.length > 0) stack[stack.length - 1] = positiveTests(rest);
    else if (kind === 'else' && stack.length > 0) stack[stack.length - 1] = [];
    else if (kind === 'endif') stack.pop();
    here = current();
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
    for (const i of changed) for (const s of guards[i] ?? []) if (!ARCH_SYMBOLS.test(s)) out.add(s);
  }
  return [...out].sort();
}
