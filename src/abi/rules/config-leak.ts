/**
 * uapi.config-leak: a line the change adds to a uAPI header refers to a
 * Kconfig option (`CONFIG_FOO`) outside the regions only the kernel sees.
 * Userspace has no Kconfig, and scripts/headers_install.sh stops the build
 * with "leak CONFIG_FOO to user-space" (comments do not count).
 */
import { uapiIncludeName } from '../classify-path.ts';
import { defineRule } from './rule.ts';
import { exportedAddedLines } from './exported-lines.ts';

export const configLeak = defineRule({
  id: 'uapi.config-leak',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI header refers to a CONFIG_ option userspace does not have',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const self = uapiIncludeName(ctx.diff.path) ?? ctx.diff.path;
    for (const a of exportedAddedLines(ctx.diff)) {
      const options = [...new Set(a.exported.code.match(/\bCONFIG_[A-Za-z0-9_]+/g) ?? [])];
      if (options.length === 0) continue;
      emit({
        line: a.line,
        symbol: options.join(', '),
        abis: ctx.abis,
        message: `${self} now refers to ${options.join(', ')}, a Kconfig option userspace does not have: what it guards depends on how the kernel the headers came from was configured, and \`make headers_install\` fails ("leak ${options[0]} to user-space").`,
        before: null,
        after: { line: a.text.trim(), options },
        suggestion: 'Keep Kconfig conditions out of the uAPI: define the uAPI unconditionally, or move the conditional part into the in-kernel header (or an #ifdef __KERNEL__ block).',
      });
    }
  },
});
