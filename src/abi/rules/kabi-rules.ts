/**
 * kabi.member-inserted, kabi.member-removed, kabi.ops-changed: in-kernel
 * structs (headers outside include/uapi) that gain or lose members anywhere
 * but the end; kabi.member-resized: a member that stays but changes size
 * (its type, an array bound, an embedded struct or union that grew) and so
 * moves what follows it. A note: in-kernel interfaces may change, but
 * modules built against the old header (out-of-tree, or kABI-stable
 * distribution kernels) then read the moved members at the old offsets.
 */
import type { AbiName } from '../layout-types.ts';
import type { TopMember } from '../diff/types.ts';
import { defineRule, type RuleContext, type FindingBody } from './rule.ts';
import { kabiChanges, type KabiChange, type KabiResize } from './kabi-changes.ts';
import { abiList, abridged, groupByValue } from './format.ts';

function kernelAbis(ctx: RuleContext, k: KabiChange): AbiName[] {
  return ctx.abis.filter((a) => k.c.after!.layouts[a] || Object.values(k.c.after!.top).some((t) => t.at[a]));
}

/** Moves spelled out in a message. */
const MOVES_SHOWN = 8;

function movedText(ctx: RuleContext, k: KabiChange, sayResized = true): string {
  if (k.partial) {
    const g = groupByValue(ctx.abis, (a) => (k.shift[a] !== undefined ? `${k.shift[a]! > 0 ? '+' : ''}${k.shift[a]}` : undefined));
    if (g.length === 0) return '';
    return ` Every member after it moves by ${g.map((x) => `${x.value} bytes (${abiList(x.abis, ctx.abis)})`).join(', ')} — offsets are relative, the diff does not show the whole struct.`;
  }
  if (k.moved.length === 0) return '';
  const first = ctx.abis.find((a) => k.moved.some((m) => m.abi === a));
  const list = k.moved.filter((m) => m.abi === first).map((m) => `${m.member} ${m.from}→${m.to}`);
  // net_device moves 130 members: the first few in the text, every one in the finding's before/after
  const shown = abridged(list, MOVES_SHOWN, (m) => m);
  // an embedded struct that grew moves what follows it as much as the insertion does: say so
  const resized = k.resized.filter((m) => m.abi === first).map((m) => `\`${m.member}\` ${m.from}→${m.to} bytes`);
  const grows = resized.length && sayResized ? ` ${resized.length === 1 ? 'A member changes size' : 'Members change size'} too on ${first}: ${resized.join(', ')}.` : '';
  // how many move elsewhere, where that differs (alignment differs between ABIs)
  const counts = groupByValue(ctx.abis.filter((a) => a !== first), (a) => k.moved.filter((m) => m.abi === a).length || undefined);
  const elsewhere = counts.filter((g) => g.value !== list.length).map((g) => `${g.value} on ${abiList(g.abis, ctx.abis)}`);
  return `${grows} ${list.length} member${list.length === 1 ? ' moves' : 's move'} on ${first}: ${shown.join(', ')}${elsewhere.length ? `; ${elsewhere.join(', ')}` : ''}.`;
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
  // a struct that both gains and loses members: the moves are told once, with the insertion
  const movesTold = which === 'removed' && k.inserted.length > 0 && (k.moved.length > 0 || k.partial);
  const moves = movesTold ? ` Members move: listed in the note on what ${c.symbol} gains.` : movedText(ctx, k);
  emit({
    line: which === 'inserted' ? items[0].member.member.loc.line : c.after!.decl.loc.line,
    symbol: `${c.symbol}.${nameOf(items[0]!)}`,
    abis: kernelAbis(ctx, k),
    message: `${k.isOps ? 'Ops table ' : ''}${c.symbol} ${which === 'inserted' ? 'gains' : 'loses'} ${what.join('; ')}, not at the end.${moves} Modules built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ${k.isOps ? 'call through the wrong function pointers' : 'read the moved members at their old offsets'} until rebuilt.`,
    before: k.moved.length && !movesTold ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.from })) : undefined,
    after: movesTold ? undefined : k.moved.length ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.to })) : k.partial ? { relativeShift: k.shift } : undefined,
    suggestion: which === 'inserted'
      ? `Fine in-tree; for kABI stability add ${items.map((x) => `\`${nameOf(x)}\``).join(', ')} at the end of ${c.symbol}.`
      : 'Fine in-tree; for kABI stability keep the member (unused) or replace it with padding of the same size.',
  });
}

/** `` `count` 4→8 bytes (all 2 ABIs), `u32` became `u64` ``, or why the size changed when the declaration did not. */
function resizeText(ctx: RuleContext, r: KabiResize): string {
  const groups = groupByValue(ctx.abis, (a) => (r.sizes[a] ? `${r.sizes[a]!.from}→${r.sizes[a]!.to} bytes` : undefined));
  const sizes = groups.map((g) => `${g.value} (${abiList(g.abis, ctx.abis)})`).join(', ');
  const grew = Object.values(r.sizes).every((x) => x!.to > x!.from) ? 'grew' : Object.values(r.sizes).every((x) => x!.to < x!.from) ? 'shrank' : 'changed size';
  const why = r.writtenBefore && r.writtenAfter && r.writtenBefore !== r.writtenAfter
    ? `, \`${r.writtenBefore}\` became \`${r.writtenAfter}\``
    : r.writtenAfter
      ? `, its type \`${r.writtenAfter}\` ${grew}`
      : '';
  return `${r.label} ${sizes}${why}`;
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

export const kabiMemberResized = defineRule({
  id: 'kabi.member-resized',
  level: 'note',
  kind: 'kabi',
  summary: 'an in-kernel struct member that is not the last changes size (type, array bound, embedded struct), moving what follows',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    for (const k of kabiChanges(ctx.diff.records, ctx.abis)) {
      // with an insertion or removal, that finding names the resized members with the moves
      if (k.inserted.length || k.removed.length || k.resizedTop.length === 0) continue;
      const c = k.c;
      const first = k.resizedTop[0]!;
      emit({
        line: first.member.member.loc.line,
        symbol: `${c.symbol}.${first.name}`,
        abis: kernelAbis(ctx, k),
        message: `${k.isOps ? 'Ops table ' : ''}${c.symbol}: ${k.resizedTop.map((r) => resizeText(ctx, r)).join('; ')}.${movedText(ctx, k, false)} Modules built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ${k.isOps ? 'call through the wrong function pointers' : 'read the moved members at their old offsets'} until rebuilt.`,
        before: k.moved.length ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.from })) : undefined,
        after: k.moved.length ? k.moved.map((m) => ({ member: m.member, abi: m.abi, offset: m.to })) : k.partial ? { relativeShift: k.shift } : undefined,
        suggestion: 'Fine in-tree; for kABI stability keep the member\'s size (a new member at the end, or a union with the old type\'s size) or rebuild every module.',
      });
    }
  },
});
