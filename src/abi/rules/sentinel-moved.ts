/** uapi.sentinel-moved: only a count/maximum sentinel moved because entries were added before it, or a flag set (an OR of flags) only gained flags. */
import { defineRule } from './rule.ts';
import { enumDeltas, enumLabel, isRelative, knownValues, RELATIVE_NOTE, valueChangeText } from './enum-changes.ts';
import { isSentinelMacroName } from './format.ts';
import { flagSetGrowth, grownMacros, hex } from './macro-facts.ts';

export const sentinelMoved = defineRule({
  id: 'uapi.sentinel-moved',
  level: 'note',
  kind: 'binary',
  summary: 'a *_MAX / __MAX_* / *_CNT sentinel or an end marker moved because entries were added before it, or a flag set only gained flags (additive)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const d of enumDeltas(ctx.diff)) {
      if (d.changedSentinels.length === 0 || d.changed.length > 0) continue;
      // a count that went down is not growth: entries before it went away (told where they went, or as removed)
      if (d.changedSentinels.some((c) => c.after!.value < c.before!.value)) continue;
      // the additions that come before the (last) sentinel: what moved it
      const after = new Set(d.changedSentinels[d.changedSentinels.length - 1]!.following.after);
      const before = d.added.filter((a) => !after.has(a.name));
      emit({
        line: d.changedSentinels[0].after!.loc.line,
        symbol: d.changedSentinels.map((s) => s.name).join(', '),
        abis: ctx.abis,
        message: `In ${enumLabel(d)}, only the sentinel${d.changedSentinels.length > 1 ? 's' : ''} ${d.changedSentinels.map((c) => `${c.name} (${valueChangeText(c)})`).join(', ')} moved${before.length ? `, because ${before.map((a) => a.name).join(', ')} ${before.length === 1 ? 'was' : 'were'} added before ${d.changedSentinels.length > 1 ? 'them' : 'it'}` : ''}. Every value userspace stores keeps its number; a sentinel counts entries, so this is additive — userspace that sized tables with it sees the larger count only after rebuilding.${d.changedSentinels.some(isRelative) ? RELATIVE_NOTE : ''}`,
        before: knownValues(d.changedSentinels, 'before'),
        after: knownValues(d.changedSentinels, 'after'),
      });
    }
    // Sentinel macros (`#define FOO_MAX (__FOO_MAX - 1)`) that moved by growth.
    for (const { m, b, a } of grownMacros(ctx.diff.macros, ctx.abis, isSentinelMacroName)) {
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis: ctx.abis,
        message: `The sentinel macro ${m.name} grows from ${b} to ${a}: it counts entries, so growth is additive.`,
        before: Number(b),
        after: Number(a),
      });
    }
    // Flag sets (`#define FOO_VALID_FLAGS (FOO_A | FOO_B)`) that only gained flags.
    for (const m of ctx.diff.macros) {
      if (isSentinelMacroName(m.name) || m.before?.ioctl || m.after?.ioctl) continue;
      const grew = flagSetGrowth(m, ctx.abis);
      if (!grew) continue;
      const abi = ctx.abis.find((x) => m.before!.values[x] !== undefined && m.after!.values[x] !== undefined)!;
      const b = m.before!.values[abi]!;
      const a = m.after!.values[abi]!;
      emit({
        line: m.after!.def.loc.line,
        symbol: m.name,
        abis: ctx.abis,
        message: `The flag set ${m.name} ${grew} (${hex(b)} → ${hex(a)}): every flag it had keeps its meaning, so this is additive — userspace that checks against it accepts the new flags once rebuilt.`,
        before: Number(b),
        after: Number(a),
      });
    }
  },
});
