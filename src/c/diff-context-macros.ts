/**
 * Macros a diff-context run cannot include, given as -D macros instead
 * (diff context reaches no header the hunks do not show):
 *   - the ABI's `_IO*` encoding (ioctl-fallback-macros.ts), so an enumerator
 *     written `= _IOWR('b', 1, struct x)` (binder's requests since 6.3) has
 *     its value, as a #define of one has through the fallback table;
 *   - include/uapi/linux/stddef.h's `__DECLARE_FLEX_ARRAY` and
 *     `__struct_group`, and for in-kernel code include/linux/stddef.h's
 *     `DECLARE_FLEX_ARRAY` and `struct_group*`: the `[0]` → flexible-array
 *     conversions of 6.x and net_device's groups are read as members, not
 *     lost to an unknown macro.
 * A macro the file defines itself (asm-generic/ioctl.h, stddef.h) is left to it.
 */
import type { AbiName } from '../abi/layout-types.ts';
import { ioctlFallbackMacros } from './ioctl-fallback-macros.ts';

/** As include/uapi/linux/stddef.h writes them (C, not C++). */
const UAPI_STDDEF: Record<string, string> = {
  '__struct_group(TAG,NAME,ATTRS,MEMBERS...)': 'union { struct { MEMBERS } ATTRS; struct TAG { MEMBERS } ATTRS NAME; } ATTRS',
  '__DECLARE_FLEX_ARRAY(TYPE,NAME)': 'struct { struct { } __empty_ ## NAME; TYPE NAME[]; }',
};

/** As include/linux/stddef.h writes them, on top of the uAPI ones. */
const KERNEL_STDDEF: Record<string, string> = {
  'struct_group(NAME,MEMBERS...)': '__struct_group(, NAME, , MEMBERS)',
  'struct_group_attr(NAME,ATTRS,MEMBERS...)': '__struct_group(, NAME, ATTRS, MEMBERS)',
  'struct_group_tagged(TAG,NAME,MEMBERS...)': '__struct_group(TAG, NAME, , MEMBERS)',
  'DECLARE_FLEX_ARRAY(TYPE,NAME)': '__DECLARE_FLEX_ARRAY(TYPE, NAME)',
};

function definedIn(text: string, name: string): boolean {
  return new RegExp(`^\\s*#\\s*define\\s+${name}\\b`, 'm').test(text);
}

export function diffContextMacros(abi: AbiName, kernel: boolean, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!definedIn(text, '_IOC')) for (const m of ioctlFallbackMacros(abi)) out[m.params ? `${m.name}(${m.params.join(',')})` : m.name] = m.body;
  for (const [spec, body] of Object.entries({ ...UAPI_STDDEF, ...(kernel ? KERNEL_STDDEF : {}) })) {
    if (!definedIn(text, spec.slice(0, spec.indexOf('(')))) out[spec] = body;
  }
  return out;
}
