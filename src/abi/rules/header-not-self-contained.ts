/**
 * uapi.header-not-self-contained: with this change, the uAPI header uses
 * the kernel's uAPI types (`__u32`, `__kernel_size_t` …) without including a
 * header that defines them (its `#include <linux/types.h>` was dropped, or a
 * new header never had one). Userspace that includes it first no longer
 * compiles; the kernel's own header test (CONFIG_UAPI_HEADER_TEST) compiles
 * each uAPI header on its own for this reason. Known only with every include
 * found (a kernel tree): the front end's built-in stand-ins for those types
 * exist for diff-context, where no include is ever found.
 */
import { uapiIncludeName } from '../classify-path.ts';
import { inFile } from '../diff/diff-file.ts';
import { defineRule } from './rule.ts';
import { abridged } from './format.ts';

export const headerNotSelfContained = defineRule({
  id: 'uapi.header-not-self-contained',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI header uses __u32 and friends without including a header that defines them',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const { allFound, standIns } = ctx.diff.includes;
    if (!allFound || standIns.length === 0) return;
    const mine = inFile(ctx.diff.path);
    const uses = (written: string) => standIns.filter((n) => new RegExp(`\\b${n}\\b`).test(written));
    // where the file itself uses them (a stand-in only an included header needs is that header's problem)
    const sites: { line: number; what: string; names: string[] }[] = [];
    for (const c of ctx.diff.records) {
      for (const f of c.after?.fields ?? []) {
        const names = f.member.loc && mine(f.member.loc.file) ? uses(f.written) : [];
        if (names.length) sites.push({ line: f.member.loc.line, what: `${c.symbol}.${f.path}`, names });
      }
    }
    for (const t of ctx.diff.typedefs) {
      const names = t.after && mine(t.after.decl.loc.file) ? uses(t.after.written) : [];
      if (names.length) sites.push({ line: t.after!.decl.loc.line, what: `typedef ${t.name}`, names });
    }
    if (sites.length === 0) return;
    sites.sort((a, b) => a.line - b.line);
    const names = [...new Set(sites.flatMap((s) => s.names))];
    const self = uapiIncludeName(ctx.diff.path);
    emit({
      line: sites[0]!.line,
      symbol: ctx.diff.path,
      abis: ctx.abis,
      message: `${ctx.diff.path} uses ${names.map((n) => `\`${n}\``).join(', ')} (${abridged(sites, 3, (s) => s.what).join(', ')}) but no header it includes defines ${names.length === 1 ? 'it' : 'them'} any more: userspace that includes ${self ? `<${self}>` : 'it'} before <linux/types.h> no longer compiles.`,
      before: null,
      after: { undefinedTypes: names },
      suggestion: 'Include <linux/types.h> (for __u8…__u64, __le/__be types, __kernel_* types through <asm/posix_types.h>) in the header itself.',
    });
  },
});
