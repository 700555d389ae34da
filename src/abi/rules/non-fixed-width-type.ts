/** uapi.non-fixed-width-type: int/long/pointer/bool/enum/char/bitfield members in new uAPI declarations. */
import type { CType } from '../../c/type-model.ts';
import type { Field } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
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
      const fresh = c.before ? c.added.concat(c.pairs.filter((p) => p.before.canonical !== p.after.canonical || (p.before.member.bitWidth ?? -1) !== (p.after.member.bitWidth ?? -1)).map((p) => p.after)) : c.after!.fields;
      for (const f of fresh) {
        const why = reasonFor(f);
        if (!why) continue;
        emit({
          line: f.member.loc.line,
          symbol: `${c.symbol}.${f.path}`,
          abis: ctx.abis,
          message: `\`${f.written} ${f.path}\` in ${c.symbol}: ${why}. uAPI structs take only fixed-width types (__u8…__u64, __s8…__s64), so every ABI sees the same layout and values.`,
          after: { member: f.path, type: f.written },
          suggestion: /pointer/.test(why) ? 'Use __u64 and u64_to_user_ptr() in the kernel.' : /bitfield/.test(why) ? 'Use a __u32 flags word with #defined bits.' : /enum/.test(why) ? 'Use __u32 and keep the enum for the values.' : 'Use __u32/__s32/__u64/__s64 (or __u8 for characters).',
        });
      }
    }
  },
});
