/**
 * `#pragma pack` recovered from the source text, for TypeModels whose front
 * end did not fill RecordDecl.maxFieldAlign (it reports the pragma as
 * unsupported instead).
 *
 * The pack state is tracked line by line through each file as GCC does:
 * `pack(N)` sets it, `pack()` resets it, `pack(push[, N])` saves it (and sets
 * N), `pack(pop[, N])` restores it (or sets N). Limitation of working on raw
 * lines: a pragma inside a false `#if` branch, or produced by `_Pragma` in a
 * macro, is still taken as written; uAPI headers use neither.
 */
import type { TypeModel } from '../../c/type-model.ts';

interface PackChange {
  line: number;
  /** Pack in effect after this line (0 = none). */
  pack: number;
}

const PRAGMA = /^\s*#\s*pragma\s+pack\s*\(([^)]*)\)/;

/** The pack in effect after each `#pragma pack` line of a file, in line order. */
export function pragmaPackChanges(text: string): PackChange[] {
  const changes: PackChange[] = [];
  const stack: number[] = [];
  let current = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = PRAGMA.exec(lines[i]!);
    if (!m) continue;
    const args = m[1]!.split(',').map((a) => a.trim()).filter((a) => a !== '');
    const num = args.find((a) => /^\d+$/.test(a));
    if (args[0] === 'push') {
      stack.push(current);
      if (num) current = Number(num);
    } else if (args[0] === 'pop') {
      current = num ? Number(num) : stack.pop() ?? 0;
    } else {
      current = num ? Number(num) : 0;
    }
    changes.push({ line: i + 1, pack: current });
  }
  return changes;
}

function packAt(changes: PackChange[], line: number): number {
  let pack = 0;
  for (const c of changes) {
    if (c.line >= line) break;
    pack = c.pack;
  }
  return pack;
}

/**
 * Sets maxFieldAlign on the records defined under a `#pragma pack`, unless
 * the model already carries pack information. Returns how many were set.
 */
export function applyPragmaPack(model: TypeModel, readFile: (path: string) => string | null): number {
  if (model.records.some((r) => r.maxFieldAlign)) return 0;
  const perFile = new Map<string, PackChange[]>();
  let set = 0;
  for (const r of model.records) {
    if (!r.complete) continue;
    let changes = perFile.get(r.loc.file);
    if (!changes) {
      const text = readFile(r.loc.file);
      changes = text && text.includes('pragma') ? pragmaPackChanges(text) : [];
      perFile.set(r.loc.file, changes);
    }
    const pack = changes.length ? packAt(changes, r.loc.line) : 0;
    if (pack) {
      r.maxFieldAlign = pack;
      set++;
    }
  }
  return set;
}
