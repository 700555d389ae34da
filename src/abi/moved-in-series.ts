/**
 * Removals that are moves within the change, seen without a tree: a
 * declaration one uAPI header loses and another header of the same change
 * gains (Linux 6.8 moved KVM's x86 structs and #defines from linux/kvm.h into
 * asm/kvm.h, which linux/kvm.h includes). With a tree, includes are followed
 * and such a move is compared where it went (diff-file.ts). From diff
 * context they cannot be followed into a header the diff shows only in part;
 * when the diff shows the old header including the new one, the removals are
 * withheld and said in a note. When it does not, they may well be real
 * (6.12 moved CAN_RAW_FILTER_MAX from linux/can.h to linux/can/raw.h, which
 * can.h does not include): they stay, and a note says where they went.
 * Either way a struct or union that moves unchanged (the same members, types
 * and layouts) is not a new design where it lands: the design rules' findings
 * on it there are dropped, and the note says so.
 */
import type { Finding } from '../report/report.ts';
import type { SettledFileDiff, SettledRecordSide } from './diff/settled-diff.ts';
import { uapiIncludeName } from './classify-path.ts';
import { REMOVAL_RULES } from './withheld-removals.ts';
import { abridged } from './rules/format.ts';

/** Names of what `d` declares after the change and did not before: records, enums, enumerators, macros, typedefs. */
function gained(d: SettledFileDiff): Set<string> {
  const out = new Set<string>();
  for (const c of d.records) if (!c.before && c.after) out.add(c.symbol);
  for (const e of d.enums) if (!e.before && e.after) out.add(e.symbol);
  for (const e of d.enumerators) if (!e.before && e.after) out.add(e.name);
  for (const m of d.macros) if (!m.before && m.after) out.add(m.name);
  for (const t of d.typedefs) if (!t.before && t.after) out.add(t.name);
  return out;
}

/**
 * Whether `was` and `now` are one record, moved: the same members (access
 * paths and types) and, on every ABI that lays out both (an arch's asm/
 * header is laid out on that arch's ABIs only), the same size, alignment
 * and member offsets. Not when the diff shows only part of either.
 */
function sameRecord(was: SettledRecordSide | null | undefined, now: SettledRecordSide | null | undefined): boolean {
  if (!was || !now || was.partial || now.partial || was.fields.length !== now.fields.length) return false;
  if (!was.fields.every((f, i) => f.path === now.fields[i]!.path && f.canonical === now.fields[i]!.canonical)) return false;
  const abis = (Object.keys(now.layouts) as (keyof typeof now.layouts)[]).filter((a) => was.layouts[a]);
  return abis.length > 0 && abis.every((a) => {
    const [x, y] = [was.layouts[a]!, now.layouts[a]!];
    return x.size === y.size && x.align === y.align && was.fields.every((f, i) => f.at[a]?.offset === now.fields[i]!.at[a]?.offset);
  });
}

/** Whether `symbol`, a record `from` no longer declares, is the one `to` now declares, unchanged. */
function movedUnchanged(from: SettledFileDiff, to: SettledFileDiff, symbol: string): boolean {
  const was = from.records.find((c) => c.symbol === symbol && c.before && !c.after)?.before;
  return sameRecord(was, to.records.find((c) => c.symbol === symbol && !c.before && c.after)?.after);
}

/** Whether the new text of `d` visibly includes `name` (`#include <asm/kvm.h>`). */
function showsInclude(d: SettledFileDiff, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*#\\s*include\\s*[<"]${escaped}[>"]`, 'm').test(d.text.after ?? '');
}

/** `findings` without the removals that are moves within the change; a note for each file they came from is added to its diff. */
export function withholdSeriesMoves(findings: Finding[], diffs: readonly SettledFileDiff[]): Finding[] {
  const headers = diffs.filter((d) => d.scope === 'uapi-header');
  const gains = new Map(headers.map((d) => [d.path, gained(d)]));
  const byPath = new Map(diffs.map((d) => [d.path, d]));
  /** from path → to path → symbols, and whether the old header visibly includes the new one */
  const moves = new Map<string, Map<string, { symbols: string[]; included: boolean; unchanged: string[] }>>();
  const kept = findings.filter((f) => {
    const from = byPath.get(f.file);
    if (!REMOVAL_RULES.has(f.rule) || !from) return true;
    const to = headers.find((d) => d.path !== f.file && gains.get(d.path)!.has(f.symbol));
    if (!to) return true;
    let byTarget = moves.get(f.file);
    if (!byTarget) moves.set(f.file, (byTarget = new Map()));
    let move = byTarget.get(to.path);
    if (!move) byTarget.set(to.path, (move = { symbols: [], included: showsInclude(from, uapiIncludeName(to.path) ?? to.path), unchanged: [] }));
    move.symbols.push(f.symbol);
    if (movedUnchanged(from, to, f.symbol)) move.unchanged.push(f.symbol);
    return !move.included;
  });
  /** Records moved unchanged, by where they landed (`path\0symbol`): no new design there (a member's finding is `struct x.member`). */
  const unchangedAt = new Set([...moves.values()].flatMap((byTarget) => [...byTarget].flatMap(([to, m]) => m.unchanged.map((s) => `${to}\0${s}`))));
  const judged = kept.filter((f) => f.kind !== 'design' || !unchangedAt.has(`${f.file}\0${f.symbol.split('.')[0]}`));
  for (const [from, byTarget] of moves) {
    const d = byPath.get(from)!;
    for (const [to, { symbols, included, unchanged }] of byTarget) {
      const name = uapiIncludeName(to) ?? to;
      const them = symbols.length === 1 ? 'it' : 'them';
      const which = `${symbols.length} declaration${symbols.length === 1 ? '' : 's'} (${abridged(symbols, 8, (s) => s).join(', ')})`;
      const same = unchanged.length === 0 ? '' : `; ${abridged(unchanged, 8, (s) => s).join(', ')} ${unchanged.length === 1 ? 'moves' : 'move'} unchanged (the same members and layouts), so the design rules do not judge ${unchanged.length === 1 ? 'it' : 'them'} there as new`;
      if (included) {
        // an architecture's own header: only that architecture's userspace sees them there
        const arch = /^arch\/([^/]+)\//.exec(to)?.[1];
        const where = arch ? ` on ${arch} (userspace of other architectures that named ${them} no longer finds ${them})` : '';
        d.notes.push(`${from}: ${which} no longer declared here ${symbols.length === 1 ? 'is' : 'are'} added to ${to} by the same change, which it includes, so not reported as removed: its users still see ${them}${where}${same}`);
      } else {
        const own = uapiIncludeName(from);
        d.notes.push(`${from}: ${which} no longer declared here ${symbols.length === 1 ? 'is' : 'are'} added to ${to} by the same change, but the diff does not show it including <${name}>: reported as removed, since userspace that includes only ${own ? `<${own}>` : from} loses ${them} unless it does${same}`);
      }
    }
  }
  return judged;
}
