/** uapi.non-fixed-width-type: int/long/pointer/bool/enum/char/bitfield members in new uAPI declarations. */
import type { CType } from '../../c/type-model.ts';
import type { Field } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { formerField } from './former-field.ts';
import { isReservedCarve } from './record-facts.ts';
import { resolveTypedefs, typedefChain } from '../diff/type-text.ts';

const FIXED = /^__(u|s)(8|16|32|64|128)$|^__(le|be)(16|32|64)$|^__aligned_(u|s|le|be)64$|^__(wsum|sum16)$|^u?int(8|16|32|64)_t$/;

/** Why a type is not a fixed-width uAPI type, or null when it is. */
export function nonFixedReason(t: CType): string | null {
  if (typedefChain(t).some((n) => FIXED.test(n))) return null;
  const r = resolveTypedefs(t);
  // The kernel's own ABI typedefs (__kernel_pid_t, __kernel_rwf_t …) have one size everywhere unless they are long-based.
  if (typedefChain(t).some((n) => n.startsWith('__kernel_')) && !(r.kind === 'builtin' && /\blong\b/.test(r.name) && !/long long/.test(r.name))) return null;
  switch (r.kind) {
    case 'builtin':
      if (/\blong\b/.test(r.name) && !/long long/.test(r.name)) return `\`${r.name}\` is 4 or 8 bytes depending on the ABI`;
      if (r.name === '_Bool') return '`bool` has no fixed size or representation in the uAPI';
      if (r.name === 'char') return '`char` has ABI-dependent signedness';
      if (/float|double/.test(r.name)) return `\`${r.name}\` is floating point (the kernel does not use the FPU)`;
      return `\`${r.name}\` is not a fixed-width type`;
    case 'pointer': return 'a pointer is 4 or 8 bytes depending on the ABI';
    case 'enum': return 'an enum has implementation-defined size and signedness';
    case 'array': {
      const el = resolveTypedefs(r.of);
      if (el.kind === 'builtin' && /char/.test(el.name) && !typedefChain(r.of).length) return null; // strings
      return nonFixedReason(r.of);
    }
    default: return null;
  }
}

function reasonFor(f: Field): string | null {
  if (f.member.bitWidth !== undefined) return 'a bitfield\'s bit order and storage unit differ between ABIs';
  return nonFixedReason(f.member.type);
}

export const nonFixedWidthType = defineRule({
  id: 'uapi.non-fixed-width-type',
  level: 'warning',
  kind: 'design',
  summary: 'a new uAPI member uses int/long/pointer/bool/enum/char/bitfields instead of __u32/__s64/…',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      const added = c.added.filter((f) => formerField(c, f) === null); // not a new path to an old member (__struct_group)
      const fresh = c.before ? added.concat(c.pairs.filter((p) => (p.before.canonical !== p.after.canonical || (p.before.member.bitWidth ?? -1) !== (p.after.member.bitWidth ?? -1)) && !isReservedCarve(p, ctx.abis)).map((p) => p.after)) : c.after!.fields;
      const bad = fresh.map((f) => ({ f, why: reasonFor(f) })).filter((x): x is { f: Field; why: string } => x.why !== null);
      if (bad.length === 0) continue;
      const whys = bad.map((b) => b.why).join(' ');
      const suggestions = [
        /pointer/.test(whys) ? 'pointers as __u64 (u64_to_user_ptr() in the kernel)' : null,
        /bitfield/.test(whys) ? 'a __u32 flags word with #defined bits instead of bitfields' : null,
        /enum/.test(whys) ? '__u32 for enum values' : null,
        /long|int|short|char|bool|floating/.test(whys) ? '__u8/__u16/__u32/__u64 (__s… when signed)' : null,
      ].filter(Boolean);
      emit({
        line: bad[0].f.member.loc.line,
        symbol: bad.length === 1 ? `${c.symbol}.${bad[0].f.path}` : c.symbol,
        abis: ctx.abis,
        message: `${c.symbol} ${c.before ? 'gains' : 'has'} ${bad.length === 1 ? 'a member' : `${bad.length} members`} without a fixed-width uAPI type: ${bad.map((b) => `\`${b.f.written} ${b.f.path}\` (${b.why})`).join('; ')}. uAPI structs take only __u8…__u64 and __s8…__s64 so that every ABI sees the same layout and values.`,
        after: bad.map((b) => ({ member: b.f.path, type: b.f.written })),
        suggestion: `Use ${suggestions.join(', ')}.`,
      });
    }
  },
});
