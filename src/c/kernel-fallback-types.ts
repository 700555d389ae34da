/**
 * Built-in definitions of the kernel's fixed-width and posix types, per ABI,
 * for when their headers are not available (diff-context mode: only the lines
 * a patch shows are known, so `#include <linux/types.h>` finds nothing). The
 * front end consults this table only for a type name the translation unit
 * never declared; a real definition always wins.
 *
 * Each entry mirrors the kernel's own headers (include/uapi/asm-generic/
 * int-ll64.h, int-l64.h, posix_types.h, include/uapi/linux/types.h,
 * arch/x86/include/uapi/asm/posix_types_x32.h, include/linux/types.h).
 */
import type { AbiName } from '../abi/layout-types.ts';
import type { Attributes } from './type-model.ts';
import { ABI_INTEGERS } from './parse/abi-integers.ts';

/** What a fallback typedef names: a builtin type, another (fallback or declared) typedef, or a pointer to a builtin. */
export type FallbackTarget = { builtin: string } | { typedef: string } | { pointerTo: string };

export interface FallbackTypedef {
  target: FallbackTarget;
  attrs?: Attributes;
}

export const FALLBACK_FILE = '<abi-check built-in kernel types>';

const b = (builtin: string): FallbackTypedef => ({ target: { builtin } });
const t = (typedef: string, attrs?: Attributes): FallbackTypedef =>
  attrs ? { target: { typedef }, attrs } : { target: { typedef } };

/** Types every uapi header may use (linux/types.h, asm/types.h, asm/posix_types.h). */
function uapiTypes(abi: AbiName): Record<string, FallbackTypedef> {
  const ints = ABI_INTEGERS[abi];
  const is64 = ints.longBits === 64;
  // x32: __kernel_long_t is long long although long is 32 bits.
  const kernelLong = abi === 'x32' ? 'long long' : 'long';
  const kernelULong = abi === 'x32' ? 'unsigned long long' : 'unsigned long';
  return {
    __s8: b('signed char'),
    __u8: b('unsigned char'),
    __s16: b('short'),
    __u16: b('unsigned short'),
    __s32: b('int'),
    __u32: b('unsigned int'),
    __s64: b(ints.uapiInt64IsLong ? 'long' : 'long long'),
    __u64: b(ints.uapiInt64IsLong ? 'unsigned long' : 'unsigned long long'),
    __le16: t('__u16'),
    __be16: t('__u16'),
    __le32: t('__u32'),
    __be32: t('__u32'),
    __le64: t('__u64'),
    __be64: t('__u64'),
    __sum16: t('__u16'),
    __wsum: t('__u32'),
    __poll_t: b('unsigned int'),
    __aligned_u64: t('__u64', { aligned: 8 }),
    __aligned_s64: t('__s64', { aligned: 8 }),
    __aligned_be64: t('__be64', { aligned: 8 }),
    __aligned_le64: t('__le64', { aligned: 8 }),
    __kernel_long_t: b(kernelLong),
    __kernel_ulong_t: b(kernelULong),
    __kernel_size_t: is64 ? t('__kernel_ulong_t') : b('unsigned int'),
    __kernel_ssize_t: is64 ? t('__kernel_long_t') : b('int'),
    __kernel_ptrdiff_t: is64 ? t('__kernel_long_t') : b('int'),
    __kernel_off_t: t('__kernel_long_t'),
    __kernel_loff_t: b('long long'),
    __kernel_time_t: t('__kernel_long_t'),
    __kernel_old_time_t: t('__kernel_long_t'),
    __kernel_time64_t: b('long long'),
    __kernel_clock_t: t('__kernel_long_t'),
    __kernel_suseconds_t: t('__kernel_long_t'),
    __kernel_timer_t: b('int'),
    __kernel_clockid_t: b('int'),
    __kernel_pid_t: b('int'),
    __kernel_daddr_t: b('int'),
    __kernel_key_t: b('int'),
    __kernel_mqd_t: b('int'),
    __kernel_rwf_t: b('int'),
    __kernel_uid32_t: b('unsigned int'),
    __kernel_gid32_t: b('unsigned int'),
    __kernel_mode_t: b('unsigned int'),
    __kernel_ino_t: t('__kernel_ulong_t'),
    __kernel_sa_family_t: b('unsigned short'),
    __kernel_caddr_t: { target: { pointerTo: 'char' } },
  };
}

/** Types only in-kernel code sees (include/linux/types.h and friends). */
function kernelTypes(abi: AbiName): Record<string, FallbackTypedef> {
  const is64 = ABI_INTEGERS[abi].longBits === 64;
  return {
    s8: t('__s8'),
    u8: t('__u8'),
    s16: t('__s16'),
    u16: t('__u16'),
    s32: t('__s32'),
    u32: t('__u32'),
    // The kernel always uses int-ll64.h.
    s64: b('long long'),
    u64: b('unsigned long long'),
    int8_t: t('__s8'),
    uint8_t: t('__u8'),
    int16_t: t('__s16'),
    uint16_t: t('__u16'),
    int32_t: t('__s32'),
    uint32_t: t('__u32'),
    int64_t: t('s64'),
    uint64_t: t('u64'),
    u_int8_t: t('__u8'),
    u_int16_t: t('__u16'),
    u_int32_t: t('__u32'),
    u_int64_t: t('u64'),
    bool: b('_Bool'),
    size_t: t('__kernel_size_t'),
    ssize_t: t('__kernel_ssize_t'),
    ptrdiff_t: t('__kernel_ptrdiff_t'),
    uintptr_t: b('unsigned long'),
    intptr_t: b('long'),
    loff_t: t('__kernel_loff_t'),
    off_t: t('__kernel_off_t'),
    time64_t: t('__s64'),
    pid_t: t('__kernel_pid_t'),
    uid_t: t('__kernel_uid32_t'),
    gid_t: t('__kernel_gid32_t'),
    umode_t: b('unsigned short'),
    // CONFIG_PHYS_ADDR_T_64BIT / CONFIG_ARCH_DMA_ADDR_T_64BIT: set on every 64-bit ABI; assumed off on 32-bit.
    phys_addr_t: is64 ? t('u64') : t('u32'),
    dma_addr_t: is64 ? t('u64') : t('u32'),
    resource_size_t: t('phys_addr_t'),
    gfp_t: b('unsigned int'),
    slab_flags_t: b('unsigned int'),
    fmode_t: b('unsigned int'),
    blk_opf_t: b('unsigned int'),
    sector_t: t('u64'),
    blkcnt_t: t('u64'),
    ulong: b('unsigned long'),
    uint: b('unsigned int'),
    ushort: b('unsigned short'),
    uchar: b('unsigned char'),
  };
}

const cache = new Map<string, Record<string, FallbackTypedef>>();

/** The built-in definition of `name` for `abi`, or undefined when there is none. */
export function fallbackTypedef(name: string, abi: AbiName, kernel: boolean): FallbackTypedef | undefined {
  const key = `${abi}/${kernel}`;
  let table = cache.get(key);
  if (!table) {
    table = kernel ? { ...uapiTypes(abi), ...kernelTypes(abi) } : uapiTypes(abi);
    cache.set(key, table);
  }
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
