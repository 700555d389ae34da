/** uapi.version-changed: a version constant moved forward (LINUX_VERSION_CODE, FUSE_KERNEL_MINOR_VERSION): informational. */
import { defineRule } from './rule.ts';
import { grownMacros, hex } from './macro-facts.ts';

export function isVersionName(name: string): boolean {
  // FOO_VERSION, FOO_MINOR_VERSION, DM_VERSION_MINOR, DVB_API_VERSION_MINOR, AUTOFS_PROTO_SUBVERSION, SOF_ABI_PATCH
  return /(^|_)(VERSION|SUBVERSION|VERSION_CODE|SUBLEVEL|PATCHLEVEL)$/.test(name) || /(^|_)(MAJOR|MINOR|PATCH)_VERSION$/.test(name) || /(^|_)VERSION_(MAJOR|MINOR|PATCHLEVEL|PATCH)$/.test(name) || /(^|_)ABI_(MAJOR|MINOR|PATCH)$/.test(name);
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
