/**
 * uapi.struct-appended-copied-whole: a struct grows with its old members
 * untouched (uapi.struct-appended), and the kernel code the series changes
 * copies all of the new sizeof between user and kernel memory
 * (`copy_from_user(&x, arg, sizeof(x))`, `copy_to_user(arg, &x, sizeof(x))`):
 * an old binary's struct is smaller, so the kernel reads past its end (stack
 * or heap garbage as the new members, or -EFAULT at a page boundary) or
 * writes past it (corrupting the caller's memory). The call is the evidence,
 * so this is an error. The code read is the whole series' (seriesCode): the
 * struct may change in one patch and its handler in the next. Where the code
 * takes the size from the caller (copy_struct_from_user, min() of the sizes,
 * the offsetofend minimum), the append is what the code expects and only
 * uapi.member-added speaks.
 */
import { defineRule } from './rule.ts';
import { abisWithLayouts, afterLine, grewKeepingOldMembers, isExtensibleAppend } from './record-facts.ts';
import { sizeFromCaller } from './size-from-caller.ts';
import { prepare } from './code/handlers.ts';
import { copiesOf, siteName } from './code/struct-copies.ts';
import { describeGroups, groupByValue } from './format.ts';

export const structAppendedCopiedWhole = defineRule({
  id: 'uapi.struct-appended-copied-whole',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI struct grows at the end and the changed kernel code copies its whole new size from or to userspace',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    if (ctx.seriesCode.length === 0) return;
    const units = prepare(ctx.seriesCode);
    for (const c of ctx.diff.records) {
      if (!grewKeepingOldMembers(c, ctx.abis) || isExtensibleAppend(c, ctx.abis) || sizeFromCaller(ctx.diff, c.symbol)) continue;
      const whole = copiesOf(units, c.symbol).filter((s) => s.how === 'whole');
      if (whole.length === 0) continue;
      const grown = abisWithLayouts(c, ctx.abis).filter((a) => c.before!.layouts[a]!.size !== c.after!.layouts[a]!.size);
      const groups = groupByValue(grown, (a) => `${c.before!.layouts[a]!.size} → ${c.after!.layouts[a]!.size}`);
      const calls = whole.map((s) => `${siteName(s)}: \`${s.call}\``).join('; ');
      const reads = whole.some((s) => /from_user|from_sockptr|memdup/.test(s.fn));
      const writes = whole.some((s) => /to_user|to_sockptr/.test(s.fn));
      const harm = [reads ? 'reads past the end of an old binary\'s smaller struct (garbage as the new members, or -EFAULT)' : '', writes ? 'writes past its end (corrupting the caller\'s memory)' : ''].filter(Boolean).join(' and ');
      emit({
        line: afterLine(c, c.added[0]),
        symbol: c.symbol,
        abis: grown,
        message: `sizeof(${c.symbol}) grows (${describeGroups(groups, ctx.abis)} bytes), and the kernel code copies the whole new size: ${calls}. That ${harm}.`,
        before: Object.fromEntries(grown.map((a) => [a, c.before!.layouts[a]!.size])),
        after: Object.fromEntries(grown.map((a) => [a, c.after!.layouts[a]!.size])),
        suggestion: `Take the size from the caller (copy_struct_from_user() with the user's size, or an argsz/size member checked against offsetofend() of the last old member) and copy out no more than the caller's size.`,
      });
    }
  },
});
