/**
 * Removals that are moves within the change, seen without a tree: a
 * declaration one uAPI header loses and another header of the same change
 * gains (Linux 6.8 moved KVM's x86 structs and #defines from linux/kvm.h into
 * asm/kvm.h, which linux/kvm.h includes). With a tree, includes are followed
 * and such a move is compared where it went (diff-file.ts). From diff
 * context they cannot be followed into a header the diff shows only in part,
 * so these removals are withheld and said in a note: where the declarations
 * went, and whether the diff shows the old header including that one (if it
 * does not, userspace that includes only the old header loses them).
 */
import type { Finding } from '../report/report.ts';
import type { FileDiff } from './diff/types.ts';
import { uapiIncludeName } from './classify-path.ts';
import { REMOVAL_RULES } from './withheld-removals.ts';
import { abridged } from './rules/format.ts';

/** Names of what `d` declares after the change and did not before: records, enums, enumerators, macros, typedefs. */
function gained(d: FileDiff): Set<string> {
  const out = new Set<string>();
  for (const c of d.records) if (!c.before && c.after) out.add(c.symbol);
  for (const e of d.enums) if (!e.before && e.after) out.add(e.symbol);
  for (const e of d.enumerators) if (!e.before && e.after) out.add(e.name);
  for (const m of d.macros) if (!m.before && m.after) out.add(m.name);
  for (const t of d.typedefs) if (!t.before && t.after) out.add(t.name);
  return out;
}

/** Whether the new text of `d` visibly includes `name` (`#include <asm/kvm.h>`). */
function showsInclude(d: FileDiff, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*#\\s*include\\s*[<"]${escaped}[>"]`, 'm').test(d.text.after ?? '');
}

/** `findings` without the removals that are moves within the change; a note for each file they came from is added to its diff. */
export function withholdSeriesMoves(findings: Finding[], diffs: readonly FileDiff[]): Finding[] {
  const headers = diffs.filter((d) => d.scope === 'uapi-header');
  const gains = new Map(headers.map((d) => [d.path, gained(d)]));
  /** from path → to path → symbols */
  const moves = new Map<string, Map<string, string[]>>();
  const kept = findings.filter((f) => {
    if (!REMOVAL_RULES.has(f.rule)) return true;
    const to = headers.find((d) => d.path !== f.file && gains.get(d.path)!.has(f.symbol));
    if (!to) return true;
    let byTarget = moves.get(f.file);
    if (!byTarget) moves.set(f.file, (byTarget = new Map()));
    byTarget.set(to.path, [...(byTarget.get(to.path) ?? []), f.symbol]);
    return false;
  });
  for (const [from, byTarget] of moves) {
    const d = diffs.find((x) => x.path === from);
    if (!d) continue;
    for (const [to, symbols] of byTarget) {
      const name = uapiIncludeName(to) ?? to;
      const which = `${symbols.length} declaration${symbols.length === 1 ? '' : 's'} (${abridged(symbols, 8, (s) => s).join(', ')})`;
      const them = symbols.length === 1 ? 'it' : 'them';
      // an architecture's own header: only that architecture's userspace sees them there
      const arch = /^arch\/([^/]+)\//.exec(to)?.[1];
      const where = arch ? ` on ${arch} (userspace of other architectures that named ${them} no longer finds ${them})` : '';
      const seen = showsInclude(d, name)
        ? `it includes <${name}>, so its users still see ${them}${where}`
        : `the diff does not show whether it includes <${name}>: if it does not, userspace that includes only ${uapiIncludeName(from) ? `<${uapiIncludeName(from)}>` : from} loses ${them}`;
      d.notes.push(`${from}: ${which} no longer declared here ${symbols.length === 1 ? 'is' : 'are'} added to ${to} by the same change, so not reported as removed; ${seen}`);
    }
  }
  return kept;
}
