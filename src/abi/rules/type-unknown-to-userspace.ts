/**
 * uapi.type-unknown-to-userspace: a new or changed uAPI declaration uses a
 * type userspace does not have, so the header no longer compiles there:
 *   - the kernel's own integer names (`u32`, `s64`) and `bool`, which no
 *     uAPI header defines: reported whatever the comparison could read;
 *   - any other type name the unit never declares, and a struct or union used
 *     by value that it never defines (`struct list_head node;`): reported only
 *     when every #include of the new version was found (with a kernel tree),
 *     since otherwise the type may live in a header the comparison lacked.
 */
import type { CType } from '../../c/type-model.ts';
import { recordName, type TypeLookup } from '../diff/type-text.ts';
import { uapiIncludeName } from '../classify-path.ts';
import { defineRule } from './rule.ts';
import { freshFieldsWith } from './design-scope.ts';

const KERNEL_INTEGER = /^[us](8|16|32|64)$/;
const NO_RECORDS: TypeLookup = { record: () => undefined, enumDecl: () => undefined };

/** Why userspace cannot compile `t`, or null. `complete`: the unit's includes were all read. */
function whyUnknown(t: CType, look: TypeLookup, complete: boolean, byValue = true): string | null {
  switch (t.kind) {
    case 'typedef':
      if (t.unknown) {
        if (KERNEL_INTEGER.test(t.name)) return `${t.name}: the kernel's own name; userspace has __${t.name}`;
        if (t.name === 'bool') return 'bool: not a C type without <stdbool.h>, which no uAPI header includes';
        return complete ? `${t.name}: declared nowhere in what the header includes` : null;
      }
      return whyUnknown(t.to, look, complete, byValue);
    case 'pointer':
      return whyUnknown(t.to, look, complete, false);
    case 'array':
      return whyUnknown(t.of, look, complete, byValue);
    case 'record': {
      if (!byValue || !complete) return null;
      const r = look.record(t.id);
      return r?.complete ? null : `${r ? recordName(r) : t.id}: never defined in what the header includes, so it has no size`;
    }
    default:
      return null;
  }
}

export const typeUnknownToUserspace = defineRule({
  id: 'uapi.type-unknown-to-userspace',
  level: 'error',
  kind: 'source',
  summary: 'a new or changed uAPI declaration uses a type userspace does not have (u32, bool, a kernel-internal struct)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const complete = ctx.diff.includes.allFound;
    const self = uapiIncludeName(ctx.diff.path);
    const breaks = `userspace that includes ${self ? `<${self}>` : 'this header'} no longer compiles`;
    const suggestion = 'Use __u8/__u16/__u32/__u64 (__s… when signed) for integers, __u8 or a flag bit for booleans; kernel-internal structures have no place in the uAPI (pass a handle, an offset or a __u64 user pointer).';
    for (const { c, bad } of freshFieldsWith(ctx.diff.records, ctx.abis, (f, look) => whyUnknown(f.member.type, look, complete))) {
      emit({
        line: bad[0]!.f.member.loc.line,
        symbol: bad.length === 1 ? `${c.symbol}.${bad[0]!.f.path}` : c.symbol,
        abis: ctx.abis,
        message: `${c.symbol} uses ${bad.length === 1 ? 'a type' : 'types'} userspace does not have: ${bad.map((b) => `\`${b.f.path}\` (${b.why})`).join('; ')}. ${breaks[0]!.toUpperCase()}${breaks.slice(1)}.`,
        before: null,
        after: Object.fromEntries(bad.map((b) => [b.f.path, b.f.written])),
        suggestion,
      });
    }
    for (const t of ctx.diff.typedefs) {
      if (!t.after || (t.before && t.before.canonical === t.after.canonical)) continue;
      // a typedef may name a struct it never defines (`typedef struct foo foo_t;`): only unknown names count
      const why = whyUnknown(t.after.decl.type, NO_RECORDS, complete, false);
      if (!why) continue;
      emit({
        line: t.after.decl.loc.line,
        symbol: t.name,
        abis: ctx.abis,
        message: `typedef ${t.name} names a type userspace does not have (${why}). ${breaks[0]!.toUpperCase()}${breaks.slice(1)}.`,
        before: null,
        after: { typedef: t.name, type: t.after.written },
        suggestion,
      });
    }
  },
});
