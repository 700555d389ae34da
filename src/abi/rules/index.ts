/**
 * The rule catalogue (DESIGN.md). A rule's id names its file:
 * `uapi.member-renamed` → member-renamed.ts; small families share one file
 * (counted-by.ts, kabi-rules.ts).
 */
import type { Rule } from './rule.ts';
import { sizeChanged } from './size-changed.ts';
import { alignChanged } from './align-changed.ts';
import { memberOffsetChanged } from './member-offset-changed.ts';
import { memberRemoved } from './member-removed.ts';
import { memberTypeChanged } from './member-type-changed.ts';
import { memberByteOrderChanged } from './member-byte-order-changed.ts';
import { memberSignednessChanged } from './member-signedness-changed.ts';
import { memberTypeRewrapped } from './member-type-rewrapped.ts';
import { kernelHeaderIncluded } from './kernel-header-included.ts';
import { typeUnknownToUserspace } from './type-unknown-to-userspace.ts';
import { ioctlPointerArgument } from './ioctl-pointer-argument.ts';
import { ioctlAbiDependentSize } from './ioctl-abi-dependent-size.ts';
import { ioctlNumberReused } from './ioctl-number-reused.ts';
import { headerNotSelfContained } from './header-not-self-contained.ts';
import { configLeak } from './config-leak.ts';
import { cppComment } from './cpp-comment.ts';
import { timeNotY2038Safe } from './time-not-y2038-safe.ts';
import { headerRemoved } from './header-removed.ts';
import { cxxKeyword } from './cxx-keyword.ts';
import { limitRaisedRule } from './limit-raised.ts';
import { structAppended } from './struct-appended.ts';
import { structAppendedCopiedWhole } from './struct-appended-copied-whole.ts';
import { alignRaised } from './align-raised.ts';
import { alignLowered } from './align-lowered.ts';
import { typeRemoved } from './type-removed.ts';
import { typedefChanged } from './typedef-changed.ts';
import { enumValueChanged } from './enum-value-changed.ts';
import { macroValueChanged } from './macro-value-changed.ts';
import { ioctlNumberChanged } from './ioctl-number-changed.ts';
import { ioctlSizeFromRequest } from './ioctl-size-from-request.ts';
import { memberRenamed } from './member-renamed.ts';
import { typeRenamed } from './type-renamed.ts';
import { macroRemoved } from './macro-removed.ts';
import { enumeratorRemoved } from './enumerator-removed.ts';
import { countedByChanged, countedByDropped } from './counted-by.ts';
import { flexArrayChanged } from './flex-array-changed.ts';
import { implicitPadding } from './implicit-padding.ts';
import { abiDependentLayout } from './abi-dependent-layout.ts';
import { nonFixedWidthType } from './non-fixed-width-type.ts';
import { unalignedU64 } from './unaligned-u64.ts';
import { reservedUnchecked } from './reserved-unchecked.ts';
import { flagsUnvalidated } from './flags-unvalidated.ts';
import { arrayCountMismatch } from './array-count-mismatch.ts';
import { kabiMemberInserted, kabiMemberRemoved, kabiMemberResized, kabiOpsChanged } from './kabi-rules.ts';
import { kabiOpSignatureChanged } from './op-signature-changed.ts';
import { kabiFunctionSignatureChanged } from './function-signature-changed.ts';
import { kabiVariableTypeChanged } from './variable-type-changed.ts';
import { typeAdded } from './type-added.ts';
import { memberAdded } from './member-added.ts';
import { enumAdded } from './enum-added.ts';
import { macroAdded } from './macro-added.ts';
import { sentinelMoved } from './sentinel-moved.ts';
import { versionChanged } from './version-changed.ts';
import { SYSCALL_NOT_WIRED } from './syscall-not-wired.ts';
import { SYSCALL_NUMBER_MISMATCH, SYSCALL_NUMBER_TAKEN } from './syscall-number.ts';
import { SYSCALL_COUNT_STALE } from './syscall-count.ts';
import { SYSFS_UNDOCUMENTED } from './sysfs-undocumented.ts';
import { IOCTL_TYPE_UNREGISTERED } from './ioctl-type-unregistered.ts';

export type { Rule, RuleContext, CodeUnit } from './rule.ts';

export const RULES: readonly Rule[] = [
  // binary (error)
  sizeChanged, alignChanged, memberOffsetChanged, memberRemoved, memberTypeChanged, memberByteOrderChanged, typeRemoved, typedefChanged,
  enumValueChanged, macroValueChanged, ioctlNumberChanged, structAppendedCopiedWhole, ioctlPointerArgument,
  // binary (warning)
  limitRaisedRule, memberSignednessChanged, structAppended, alignRaised, alignLowered,
  // source (warning)
  memberTypeRewrapped, cxxKeyword,
  // source (error)
  headerRemoved, memberRenamed, typeRenamed, macroRemoved, enumeratorRemoved, kernelHeaderIncluded, typeUnknownToUserspace, headerNotSelfContained, configLeak, cppComment,
  // annotations (warning)
  countedByDropped, countedByChanged, flexArrayChanged,
  // design (warning)
  implicitPadding, abiDependentLayout, nonFixedWidthType, unalignedU64, reservedUnchecked, flagsUnvalidated, arrayCountMismatch,
  ioctlAbiDependentSize, ioctlNumberReused, timeNotY2038Safe,
  // kabi (note)
  kabiMemberInserted, kabiMemberRemoved, kabiMemberResized, kabiOpsChanged, kabiOpSignatureChanged, kabiFunctionSignatureChanged, kabiVariableTypeChanged,
  // additions (note)
  typeAdded, memberAdded, enumAdded, macroAdded, sentinelMoved, versionChanged, ioctlSizeFromRequest,
];

/**
 * Rules that read the series as a whole rather than one file's comparison
 * (analyse-series.ts runs each once): their catalogue entries.
 */
export const SERIES_RULES: readonly Pick<Rule, 'id' | 'level' | 'kind' | 'summary'>[] = [SYSCALL_NUMBER_TAKEN, SYSCALL_COUNT_STALE, SYSCALL_NOT_WIRED, SYSCALL_NUMBER_MISMATCH, SYSFS_UNDOCUMENTED, IOCTL_TYPE_UNREGISTERED];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
