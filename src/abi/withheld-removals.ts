/**
 * Removals the comparison cannot vouch for: when the new version of a header
 * includes a file that is not in the tree (a header generated at build time,
 * such as asm/unistd_64.h, which 6.12's riscv asm/unistd.h includes for the
 * syscall numbers it used to define itself), what looks removed may be
 * defined there. Such findings are withheld and said in a note instead.
 * Only an include the old version did not already miss counts, and only with
 * a tree: without one (bases from diff context or GitHub) no include is ever
 * found, and a removal the diff shows is reported as it is.
 */
import type { TypeModel } from '../c/type-model.ts';
import type { Finding } from '../report/report.ts';
import { inFile } from './diff/diff-file.ts';
import { parseNotFoundMessage } from '../c/preprocess/include-paths.ts';
import { abridged } from './rules/format.ts';

export const REMOVAL_RULES = new Set(['uapi.macro-removed', 'uapi.type-removed', 'uapi.enumerator-removed']);

/** Headers the file itself includes that were found nowhere, on any of the models' ABIs. */
export function missingIncludes(models: Partial<Record<string, TypeModel>> | null, path: string): string[] {
  if (!models) return [];
  const mine = inFile(path);
  const out = new Set<string>();
  for (const m of Object.values(models)) {
    for (const d of m?.diagnostics ?? []) {
      const hit = parseNotFoundMessage(d.message);
      if (hit && mine(d.loc.file)) out.add(hit);
    }
  }
  return [...out];
}

/** Splits `findings` of `path` into those kept and a note for the removals withheld because of `missing`. */
export function withholdRemovals(findings: Finding[], path: string, missing: string[]): { kept: Finding[]; note: string | null } {
  if (missing.length === 0) return { kept: findings, note: null };
  const withheld = findings.filter((f) => REMOVAL_RULES.has(f.rule));
  if (withheld.length === 0) return { kept: findings, note: null };
  const names = withheld.map((f) => f.symbol);
  const shown = abridged(names, 8, (n) => n).join(', ');
  const headers = missing.map((h) => `<${h}>`).join(', ');
  return {
    kept: findings.filter((f) => !REMOVAL_RULES.has(f.rule)),
    note: `${path}: ${withheld.length} removal${withheld.length === 1 ? '' : 's'} not reported (${shown}): the new version includes ${headers}, which ${missing.length === 1 ? 'is' : 'are'} not in the tree (generated at build time?) and may define ${withheld.length === 1 ? 'it' : 'them'}; build the tree's headers (make headers) to check`,
  };
}
