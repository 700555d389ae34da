/**
 * How GCC 12 answers `__has_attribute`, `__has_c_attribute` and
 * `__has_builtin` for C. Only names GCC 12 knows are listed; anything else
 * answers 0 (so `__has_attribute(__counted_by__)` is 0, as with GCC 12, which
 * is why uAPI and kernel headers then define `__counted_by` empty).
 * test/c/preprocess/gcc-features.test.ts checks the lists against the
 * installed GCC.
 */
import type { AbiName } from '../../abi/layout-types.ts';

const COMMON_ATTRIBUTES = `
access alias aligned alloc_align alloc_size always_inline artificial assume_aligned cleanup cold common
const constructor copy deprecated designated_init destructor error externally_visible fallthrough flatten
format format_arg gnu_inline hot ifunc leaf malloc may_alias mode no_icf no_instrument_function
no_profile_instrument_function no_reorder no_sanitize no_sanitize_address no_sanitize_coverage
no_sanitize_thread no_sanitize_undefined no_split_stack no_stack_limit no_stack_protector noclone nocommon
noinit noipa noinline nonnull nonstring noplt noreturn nothrow optimize packed patchable_function_entry
persistent pure retain returns_nonnull returns_twice scalar_storage_order section sentinel simd
stack_protect symver tainted_args target target_clones tls_model transparent_union unavailable uninitialized unused used
vector_size visibility warn_if_not_aligned warn_unused_result warning weak weakref zero_call_used_regs
`;

const ARCH_ATTRIBUTES: Partial<Record<AbiName, string>> = {
  x86_64: 'cdecl fastcall force_align_arg_pointer interrupt ms_abi ms_hook_prologue ms_struct gcc_struct naked nocf_check indirect_branch function_return indirect_return no_caller_saved_registers regparm sseregparm stdcall sysv_abi thiscall',
  aarch64: 'general-regs-only',
  arm: 'interrupt isr long_call naked pcs short_call target_clones',
  riscv64: 'interrupt naked',
  s390x: 'hotpatch',
  ppc64le: 'altivec longcall shortcall ms_struct gcc_struct',
  m68k: 'interrupt interrupt_handler interrupt_thread',
  mips: 'interrupt long_call short_call mips16 nomips16 micromips nomicromips use_shadow_register_set keep_interrupts_masked use_debug_exception_return',
  sparc64: '',
};
ARCH_ATTRIBUTES.i386 = ARCH_ATTRIBUTES.x86_64;
ARCH_ATTRIBUTES.x32 = ARCH_ATTRIBUTES.x86_64;
ARCH_ATTRIBUTES.ppc64 = ARCH_ATTRIBUTES.ppc64le;
ARCH_ATTRIBUTES.ppc32 = ARCH_ATTRIBUTES.ppc64le;
ARCH_ATTRIBUTES.mips64 = ARCH_ATTRIBUTES.mips;

/** C2x standard attributes and the value GCC 12 gives them (`__has_c_attribute`, unscoped `__has_attribute`). */
const C_ATTRIBUTES: Record<string, number> = {
  deprecated: 201904, fallthrough: 201904, maybe_unused: 201904, nodiscard: 202003,
};

const BUILTINS = `
__builtin_expect __builtin_expect_with_probability __builtin_constant_p __builtin_offsetof
__builtin_types_compatible_p __builtin_choose_expr __builtin_unreachable __builtin_trap __builtin_bswap16
__builtin_bswap32 __builtin_bswap64 __builtin_clz __builtin_clzl __builtin_clzll __builtin_ctz __builtin_ctzl
__builtin_ctzll __builtin_popcount __builtin_popcountl __builtin_popcountll __builtin_ffs __builtin_ffsl
__builtin_ffsll __builtin_parity __builtin_parityl __builtin_parityll __builtin_clrsb __builtin_add_overflow
__builtin_sub_overflow __builtin_mul_overflow __builtin_add_overflow_p __builtin_sub_overflow_p
__builtin_mul_overflow_p __builtin_memcpy __builtin_memset __builtin_memmove __builtin_memcmp __builtin_strlen
__builtin_strcmp __builtin_strcpy __builtin_object_size __builtin_dynamic_object_size __builtin_return_address
__builtin_frame_address __builtin_prefetch __builtin_va_start __builtin_va_end __builtin_va_copy
__builtin_va_arg_pack __builtin_assume_aligned __builtin_speculation_safe_value __builtin_has_attribute
__builtin_classify_type __builtin_alloca __builtin_abs __builtin_labs __builtin_convertvector
__builtin_shuffle __builtin_complex __builtin_LINE __builtin_FILE __builtin_FUNCTION __builtin_isnan
__builtin_isinf __builtin_huge_val __builtin_inf __builtin_nan __builtin_extract_return_addr
__builtin_tgmath __builtin_call_with_static_chain __builtin_apply __builtin_return
`;

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

const commonAttributes = new Set(words(COMMON_ATTRIBUTES));
const archAttributes = new Map<AbiName, Set<string>>();
const builtins = new Set(words(BUILTINS));

/** `__foo__` and `foo` name the same attribute; `gnu::foo` too. */
function normaliseAttribute(name: string): string {
  const n = name.replace(/^(gnu|__gnu__)::/, '');
  const m = /^__(.+)__$/.exec(n);
  return m ? m[1]! : n;
}

export function hasAttribute(abi: AbiName, name: string): number {
  if (/::/.test(name) && !/^(gnu|__gnu__)::/.test(name)) return 0;
  const n = normaliseAttribute(name);
  // Unscoped names of C2x standard attributes answer with the standard's date, as __has_c_attribute does.
  if (!name.includes('::') && C_ATTRIBUTES[n] !== undefined) return C_ATTRIBUTES[n]!;
  if (commonAttributes.has(n)) return 1;
  let arch = archAttributes.get(abi);
  if (!arch) {
    arch = new Set(words(ARCH_ATTRIBUTES[abi] ?? ''));
    archAttributes.set(abi, arch);
  }
  return arch.has(n) ? 1 : 0;
}

export function hasCAttribute(name: string): number {
  if (name.startsWith('gnu::') || name.startsWith('__gnu__::')) return hasAttribute('x86_64', name) ? 1 : 0;
  return C_ATTRIBUTES[normaliseAttribute(name)] ?? 0;
}

export function hasBuiltin(name: string): number {
  return builtins.has(name) ? 1 : 0;
}
