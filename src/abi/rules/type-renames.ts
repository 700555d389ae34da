/**
 * Pairs types that disappear with types that appear carrying exactly the same
 * members (or enumerators): the same type under a new name.
 */
import type { FileDiff, RecordChange, EnumChange } from '../diff/types.ts';

function recordShape(c: RecordChange, side: 'before' | 'after'): string {
  const s = c[side]!;
  return `${s.decl.kind}{${s.fields.map((f) => `${f.path}:${f.canonical}`).join(';')}}`;
}

function enumShape(e: EnumChange, side: 'before' | 'after'): string {
  return e[side]!.enumerators.map((x) => `${x.name}=${x.value}`).join(',');
}

export interface TypeRename {
  from: string;
  to: string;
  kind: 'record' | 'enum';
  line: number | null;
}

export function typeRenames(diff: FileDiff): TypeRename[] {
  const out: TypeRename[] = [];
  const goneR = diff.records.filter((c) => c.before && !c.after && c.before.fields.length > 0);
  const newR = diff.records.filter((c) => !c.before && c.after);
  const used = new Set<string>();
  for (const g of goneR) {
    const shape = recordShape(g, 'before');
    const n = newR.find((c) => !used.has(c.symbol) && recordShape(c, 'after') === shape);
    if (n) {
      used.add(n.symbol);
      out.push({ from: g.symbol, to: n.symbol, kind: 'record', line: n.after!.decl.loc.line });
    }
  }
  const goneE = diff.enums.filter((e) => e.before && !e.after && e.before.enumerators.length > 0);
  const newE = diff.enums.filter((e) => !e.before && e.after);
  for (const g of goneE) {
    const shape = enumShape(g, 'before');
    const n = newE.find((e) => !used.has(e.symbol) && enumShape(e, 'after') === shape);
    if (n) {
      used.add(n.symbol);
      out.push({ from: g.symbol, to: n.symbol, kind: 'enum', line: n.after!.loc.line });
    }
  }
  return out;
}
