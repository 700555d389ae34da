/**
 * uapi.kernel-header-included: a uAPI header newly includes a header that
 * exists only among the kernel's own (include/linux/slab.h), so `make
 * headers_install` never exports it and userspace that includes the uAPI
 * header no longer compiles. Known only with a kernel tree: the preprocessor
 * looks the header up there (include-paths.ts, kernelInternalHeader).
 */
import { uapiIncludeName } from '../classify-path.ts';
import { defineRule } from './rule.ts';

export const kernelHeaderIncluded = defineRule({
  id: 'uapi.kernel-header-included',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI header includes a kernel-internal header userspace does not have',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const self = uapiIncludeName(ctx.diff.path);
    for (const h of ctx.diff.includes.kernelInternal) {
      emit({
        line: h.line,
        symbol: `#include <${h.name}>`,
        abis: ctx.abis,
        message: `${ctx.diff.path} now includes <${h.name}>, which is a kernel-internal header (${h.rel}): \`make headers_install\` does not export it, so userspace that includes ${self ? `<${self}>` : 'this header'} no longer compiles.`,
        before: null,
        after: { include: h.name, kernelPath: h.rel },
        suggestion: `Include only uAPI headers from a uAPI header. Move what is needed from <${h.name}> into a uAPI header, or include it from the in-kernel header that wraps this one.`,
      });
    }
  },
});
