/** uapi.version-changed: a version constant moved forward (LINUX_VERSION_CODE, FUSE_KERNEL_MINOR_VERSION): informational. */
import { defineRule } from './rule.ts';
import { grownMacros, hex } from './macro-facts.ts';
import type { MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';

export function isVersionName(name: string): boolean {
  // FOO_VERSION, FOO_MINOR_VERSION, DM_VERSION_MINOR, DVB_API_VERSION_MINOR, AUTOFS_PROTO_SUBVERSION, SOF_ABI_PATCH
  return /(^|_)(VERSION|SUBVERSION|VERSION_CODE|SUBLEVEL|PATCHLEVEL)$/.test(name) || /(^|_)(MAJOR|MINOR|PATCH)_VERSION$/.test(name) || /(^|_)VERSION_(MAJOR|MINOR|PATCHLEVEL|PATCH)$/.test(name) || /(^|_)ABI_(MAJOR|MINOR|PATCH)$/.test(name);
}

/**
 * A lower version component that went back because a higher one of the same
 * version moved forward (LINUX_VERSION_PATCHLEVEL 12 → 2 as
 * LINUX_VERSION_MAJOR goes 6 → 7): a reset, not a step back. The higher one
 * is a version-named macro of the same prefix (its first `_` word) that grew.
 */
export function isVersionReset(m: MacroChange, macros: MacroChange[], abis: AbiName[]): boolean {
  if (!isVersionName(m.name)) return false;
  const prefix = m.name.split('_')[0];
  return !grownMacros(macros, abis, (n) => n !== m.name && n.split('_')[0] === prefix && isVersionName(n)).next().done;
}

export const versionChanged = defineRule({
  id: 'uapi.version-changed',
  level: 'note',
  kind: 'binary',
  summary: 'a version constant moved forward (protocol or header version bump)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const { m, b, a } of grownMacros(ctx.diff.macros, ctx.abis, isVersionName)) {
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis: ctx.abis,
        message: `${m.name} moves forward from ${b} (${hex(b)}) to ${a} (${hex(a)}): a version bump; userspace built with the old header announces the old version and must keep being served.`,
        before: String(b),
        after: String(a),
      });
    }
  },
});
