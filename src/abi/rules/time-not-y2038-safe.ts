/**
 * uapi.time-not-y2038-safe: a new or re-typed uAPI member holds time in a
 * type whose seconds are a `long` (time_t, struct timespec, struct timeval
 * and the kernel's __kernel_old_* names for them): 32 bits on the 32-bit
 * ABIs, so it overflows in January 2038, and its layout differs between 32-
 * and 64-bit userspace. The kernel converted its interfaces to
 * struct __kernel_timespec and 64-bit counts for this
 * (botching-up-ioctls.rst: time as __s64 seconds + __u64 nanoseconds).
 */
import type { CType } from '../../c/type-model.ts';
import { recordName, type TypeLookup } from '../diff/type-text.ts';
import { defineRule } from './rule.ts';
import { freshFieldsWith } from './design-scope.ts';
import { describeGroups, groupByValue } from './format.ts';

const OLD_TIME_TYPEDEFS = /^(time_t|__kernel_time_t|__kernel_old_time_t|suseconds_t|__kernel_suseconds_t|old_time32_t)$/;
const OLD_TIME_RECORDS = /^struct (timespec|timeval|itimerspec|itimerval|__kernel_old_timeval|__kernel_old_timespec|__kernel_old_itimerval|old_timespec32|old_timeval32|old_itimerspec32)$/;

/** The 32-bit-time type `t` is or holds (through typedefs and arrays, not pointers), or null. */
function oldTimeType(t: CType, look: TypeLookup): string | null {
  switch (t.kind) {
    case 'typedef':
      return OLD_TIME_TYPEDEFS.test(t.name) ? t.name : oldTimeType(t.to, look);
    case 'array':
      return oldTimeType(t.of, look);
    case 'record': {
      const r = look.record(t.id);
      const name = r ? recordName(r) : t.id;
      return OLD_TIME_RECORDS.test(name) ? name : null;
    }
    default:
      return null;
  }
}

export const timeNotY2038Safe = defineRule({
  id: 'uapi.time-not-y2038-safe',
  level: 'warning',
  kind: 'design',
  summary: 'a new uAPI member holds time as time_t/timespec/timeval, whose seconds overflow in 2038 on 32-bit ABIs',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const { c, bad } of freshFieldsWith(ctx.diff.records, ctx.abis, (f, look) => oldTimeType(f.member.type, look))) {
      const first = bad[0]!;
      const sizes = groupByValue(ctx.abis, (a) => (first.f.at[a] ? `${first.f.at[a]!.size} bytes` : undefined));
      emit({
        line: first.f.member.loc.line,
        symbol: bad.length === 1 ? `${c.symbol}.${first.f.path}` : c.symbol,
        abis: ctx.abis,
        message: `${c.symbol} ${c.before ? 'gains' : 'has'} time in ${bad.map((b) => `\`${b.f.path}\` (${b.why})`).join(', ')}, whose seconds are a long: 32 bits on the 32-bit ABIs, so ${bad.length === 1 ? 'it overflows' : 'they overflow'} in January 2038, and the layout differs between 32- and 64-bit userspace${sizes.length > 1 ? ` (\`${first.f.path}\`: ${describeGroups(sizes, ctx.abis)})` : ''}.`,
        before: null,
        after: Object.fromEntries(bad.map((b) => [b.f.path, b.why])),
        suggestion: 'Use struct __kernel_timespec (64-bit seconds on every ABI), or a __s64 seconds / __u64 nanoseconds count.',
      });
    }
  },
});
