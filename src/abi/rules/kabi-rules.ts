/**
 * kabi.member-inserted, kabi.member-removed, kabi.ops-changed: in-kernel
 * structs (headers outside include/uapi) that gain or lose members anywhere
 * but the end. A note: in-kernel interfaces may change, but modules built
 * against the old header (out-of-tree, or kABI-stable distribution kernels)
 * then read the moved members at the old offsets.
 */
import type { AbiName } from '../layout-types.ts';
import type { TopMember } from '../diff/types.ts';
import { defineRule, type RuleContext, type FindingBody } from './rule.ts';
import { kabiChanges, type KabiChange } from './kabi-changes.ts';
import { abiList, groupByValue } from './format.ts';

function kernelAbis(ctx: RuleContext, k: KabiChange): AbiName[] {
  return ctx.abis.filter((a) => k.c.after!.layouts[a] || Object.values(k.c.after!.top).some((t) => t.at[a]));
}

function movedText(ctx: RuleContext, k: KabiChange): string {
  if (k.partial) {
    const g = groupByValue(ctx.abis, (a) => (k.shift[a] !== undefined ? `${k.shift[a]! > 0 ? '+' : ''}${k.shift[a]}` : undefined));
    if (g.length === 0) return '';
    return ` Every member after it moves by ${g.map((x) => `${x.value} bytes (${abiList(x.abis, ctx.abis)})`).join(', ')} — offsets are relative, the diff does not show the whole struct.`;
  }
  if (k.moved.length === 0) return '';
  const byMember = new Map<string, string[]>();
  for (const m of k.moved) {
    const l = byMember.get(m.member) ?? [];
    l.push(`${m.from}→${m.to} (${m.abi})`);
    byMember.set(m.member, l);
  }
  const first = ctx.abis.find((a) => k.moved.some((m) => m.abi === a));
  const list = k.moved.filter((m) => m.abi === first).map((m) => `${m.member} ${m.from}→${m.to}`);
  // an embedded struct that grew moves what follows it as much as the insertion does: say so
  const resized = k.resized.filter((m) => m.abi === first).map((m) => `\`${m.member}\` ${m.from}→${m.to} bytes`);
  const grows = resized.length ? ` ${resized.length === 1 ? 'A member changes size' : 'Members change size'} too on ${first}: ${resized.join(', ')}.` : '';
  return `${grows} ${byMember.size} member${byMember.size === 1 ? '' : 's'} move on ${first}: ${list.join(', ')}.`;
}

function emitFor(ctx: RuleContext, emit: (f: FindingBody) => void, k: KabiChange, which: 'inserted' | 'removed'): void {
  const c = k.c;
  const items: { member: TopMember; names?: string[]; afterWhat?: string | null; beforeWhat: string }[] = which === 'inserted' ? k.inserted : k.removed;
  if (items.length === 0) return;
  const nameOf = (x: (typeof items)[number]) => x.names?.[0] ?? x.member.name!;
  const what = items.map((x) => {
    const decl = !x.member.name && x.names
      ? `an anonymous struct or union with ${x.names.map((n) => `\`${n}\``).join(', ')}`
      : `\`${(x.member.member.text || `${x.member.written} ${x.member.name}`).replace(/;$/, '')}\``;
    return which === 'inserted'
      ? `${decl} ${x.afterWhat ? `after ${x.afterWhat}` : 'at the start'}, before ${x.beforeWhat}`
      : `${decl} (before ${x.beforeWhat})`;
  });
  emit({
    line: which === 'inserted' ? items[0].member.member.loc.line : c.after!.decl.loc.line,
    symbol: `${c.symbol}.${nameOf(items[0]!)}`,
    abis: kernelAbis(ctx, k),
    message: `${k.isOps ? 'Ops table ' : ''}${c.symbol} ${which === 'inserted' ? 'gains' : 'loses'} ${what.join('; ')}, not at the end.${movedText(ctx, k)} Modules built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ${k.isOps ? 'call through the wrong function pointers' : 'read the moved members at their old offsets'} until rebuilt.`,
    before: k.moved.length ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.from })) : undefined,
    after: k.moved.length ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.to })) : k.partial ? { relativeShift: k.shift } : undefined,
    suggestion: which === 'inserted'
      ? `Fine in-tree; for kABI stability add ${items.map((x) => `\`${nameOf(x)}\``).join(', ')} at the end of ${c.symbol}.`
      : 'Fine in-tree; for kABI stability keep the member (unused) or replace it with padding of the same size.',
  });
}

export const kabiMemberInserted = defineRule({
  id: 'kabi.member-inserted',
  level: 'note',
  kind: 'kabi',
  summary: 'an in-kernel struct gains a member before existing ones',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    for (const k of kabiChanges(ctx.diff.records, ctx.abis)) if (!k.isOps) emitFor(ctx, emit, k, 'inserted');
  },
});

export const kabiMemberRemoved = defineRule({
  id: 'kabi.member-removed',
  level: 'note',
  kind: 'kabi',
  summary: 'an in-kernel struct loses a member that is not the last',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    for (const k of kabiChanges(ctx.diff.records, ctx.abis)) if (!k.isOps) emitFor(ctx, emit, k, 'removed');
  },
});

export const kabiOpsChanged = defineRule({
  id: 'kabi.ops-changed',
  level: 'note',
  kind: 'kabi',
  summary: 'an ops table (struct of function pointers) gains or loses an op anywhere but the end',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    for (const k of kabiChanges(ctx.diff.records, ctx.abis)) {
      if (!k.isOps) continue;
      emitFor(ctx, emit, k, 'inserted');
      emitFor(ctx, emit, k, 'removed');
    }
  },
});
