/**
 * uapi.cpp-comment: a line the change adds to a uAPI header has a `//`
 * comment. The kernel's header test (CONFIG_UAPI_HEADER_TEST, on in
 * allmodconfig) compiles every exported header with -std=c90, where GCC
 * rejects them: "C++ style comments are not allowed in ISO C90". Lines only
 * the kernel sees (#ifdef __KERNEL__) are not exported and do not count.
 */
import { defineRule } from './rule.ts';
import { exportedAddedLines } from './exported-lines.ts';

export const cppComment = defineRule({
  id: 'uapi.cpp-comment',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI header gains a // comment, which the -std=c90 header test rejects',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const hits = exportedAddedLines(ctx.diff).filter((a) => a.exported.cppComment);
    if (hits.length === 0) return;
    emit({
      line: hits[0]!.line,
      symbol: `// comment${hits.length > 1 ? 's' : ''}`,
      abis: ctx.abis,
      message: `${hits.length === 1 ? 'A line' : `${hits.length} lines`} added to ${ctx.diff.path} (line${hits.length > 1 ? 's' : ''} ${hits.slice(0, 6).map((h) => h.line).join(', ')}${hits.length > 6 ? ', …' : ''}) use${hits.length === 1 ? 's' : ''} a // comment: the kernel's uAPI header test compiles exported headers with -std=c90, where GCC rejects it ("C++ style comments are not allowed in ISO C90"), and userspace built as C90 does too.`,
      before: null,
      after: { lines: hits.map((h) => h.line) },
      suggestion: 'Use /* … */ comments in uAPI headers.',
    });
  },
});
