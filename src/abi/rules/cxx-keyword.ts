/**
 * uapi.cxx-keyword: a new uAPI member, enumerator or typedef is named with a
 * C++ keyword (`class`, `new`, `private`, `delete`, `this` …). uAPI headers
 * are included by C++ programs too (glibc's, LLVM's, Qt's), which then no
 * longer compile; the kernel renames such members when they slip in.
 */
import { uapiIncludeName } from '../classify-path.ts';
import { defineRule } from './rule.ts';
import { freshFieldsWith } from './design-scope.ts';

/** C++20 keywords and alternative tokens that C allows as identifiers. */
const CXX_KEYWORDS = new Set([
  'alignas', 'alignof', 'and', 'and_eq', 'asm', 'bitand', 'bitor', 'catch', 'char8_t', 'char16_t', 'char32_t', 'class', 'compl',
  'concept', 'consteval', 'constexpr', 'constinit', 'const_cast', 'co_await', 'co_return', 'co_yield', 'decltype', 'delete',
  'dynamic_cast', 'explicit', 'export', 'false', 'friend', 'mutable', 'namespace', 'new', 'noexcept', 'not', 'not_eq', 'nullptr',
  'operator', 'or', 'or_eq', 'private', 'protected', 'public', 'reinterpret_cast', 'requires', 'static_assert', 'static_cast',
  'template', 'this', 'thread_local', 'throw', 'true', 'try', 'typeid', 'typename', 'using', 'virtual', 'xor', 'xor_eq',
]);

export function isCxxKeyword(name: string): boolean {
  return CXX_KEYWORDS.has(name);
}

export const cxxKeyword = defineRule({
  id: 'uapi.cxx-keyword',
  level: 'warning',
  kind: 'source',
  summary: 'a new uAPI name is a C++ keyword, so C++ programs including the header no longer compile',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const hits: { line: number; symbol: string; what: string }[] = [];
    const keyword = (f: { path: string }) => {
      const leaf = f.path.slice(f.path.lastIndexOf('.') + 1);
      return isCxxKeyword(leaf) ? leaf : null;
    };
    for (const { c, bad } of freshFieldsWith(ctx.diff.records, ctx.abis, keyword)) {
      for (const { f, why } of bad) hits.push({ line: f.member.loc.line, symbol: `${c.symbol}.${f.path}`, what: `member \`${why}\` of ${c.symbol}` });
    }
    for (const e of ctx.diff.enumerators) {
      if (e.after && !e.before && isCxxKeyword(e.name)) hits.push({ line: e.after.loc.line, symbol: e.name, what: `enumerator \`${e.name}\`` });
    }
    for (const t of ctx.diff.typedefs) {
      if (t.after && !t.before && isCxxKeyword(t.name)) hits.push({ line: t.after.decl.loc.line, symbol: t.name, what: `typedef \`${t.name}\`` });
    }
    const self = uapiIncludeName(ctx.diff.path);
    for (const h of hits) {
      emit({
        line: h.line,
        symbol: h.symbol,
        abis: ctx.abis,
        message: `The new ${h.what} is a C++ keyword: C++ programs that include ${self ? `<${self}>` : 'the header'} no longer compile.`,
        before: null,
        after: { name: h.symbol },
        suggestion: 'Pick another name (the kernel renames such members: `private` → `priv`, `new` → `new_val`).',
      });
    }
  },
});
