import { describe, expect, it } from 'vitest';
import { hasAttribute, hasBuiltin, hasCAttribute } from '../../../src/c/preprocess/gcc-features.ts';
import { gccPreprocessFile, haveCompiler, scratchFile, tokenTexts } from './gcc-oracle.ts';

const ATTRIBUTES = `aligned packed __packed__ __aligned__ noreturn unused used deprecated section weak alias always_inline
noinline cold hot const pure malloc format nonnull warn_unused_result visibility cleanup mode may_alias
transparent_union vector_size designated_init fallthrough __fallthrough__ nonstring noclone no_instrument_function
no_sanitize no_sanitize_address no_sanitize_coverage no_stack_protector alloc_size assume_aligned error warning
externally_visible flatten gnu_inline leaf noipa nothrow returns_nonnull scalar_storage_order simd symver copy
access zero_call_used_regs retain unavailable tainted_args gnu::packed __gnu__::aligned ms_abi regparm
counted_by __counted_by__ overloadable uninitialized randomize_layout no_randomize_layout preserve_access_index
btf_type_tag nonsense_attribute clang::fallthrough`.split(/\s+/);

const BUILTINS = `__builtin_expect __builtin_constant_p __builtin_offsetof __builtin_types_compatible_p __builtin_choose_expr
__builtin_unreachable __builtin_bswap16 __builtin_bswap32 __builtin_bswap64 __builtin_clz __builtin_ctzll
__builtin_popcountl __builtin_add_overflow __builtin_mul_overflow __builtin_sub_overflow_p __builtin_memcpy
__builtin_object_size __builtin_dynamic_object_size __builtin_return_address __builtin_assume_aligned
__builtin_has_attribute __builtin_convertvector __builtin_shuffle __builtin_LINE __builtin_nonsense
__builtin_counted_by_ref __builtin_preserve_access_index __builtin_bit_cast __builtin_is_constant_evaluated`.split(/\s+/);

const C_ATTRIBUTES = ['deprecated', 'fallthrough', 'maybe_unused', 'nodiscard', 'noreturn', 'nonsense', 'gnu::packed'];

describe('__has_attribute, __has_builtin, __has_c_attribute answer as GCC 12', () => {
  it.skipIf(!haveCompiler('x86_64'))('x86_64: the exact values', () => {
    const probes: { expr: string; ours: number }[] = [
      ...ATTRIBUTES.map((a) => ({ expr: `__has_attribute(${a})`, ours: hasAttribute('x86_64', a) })),
      ...BUILTINS.map((b) => ({ expr: `__has_builtin(${b})`, ours: hasBuiltin(b) })),
      ...C_ATTRIBUTES.map((c) => ({ expr: `__has_c_attribute(${c})`, ours: hasCAttribute(c) })),
    ];
    const src = probes.map((p, i) => `#if ${p.expr} == ${p.ours}\nok_${i}\n#else\nbad_${i}\n#endif`).join('\n') + '\n';
    const gcc = tokenTexts(gccPreprocessFile('x86_64', scratchFile(src)));
    const disagreements = gcc.filter((t) => t.startsWith('bad_')).map((t) => probes[Number(t.slice(4))]);
    expect(disagreements).toEqual([]);
    expect(gcc.length).toBe(probes.length);
  });
});
