/**
 * Reviewer-facing descriptions of every rule id in DESIGN.md's catalogue:
 * a one-line summary, a full description of what broke and why it matters,
 * and help on how to fix it. Used by the SARIF renderer (rule metadata for
 * code scanning) and available to any other renderer that wants to explain
 * a rule. Plain data; no behaviour beyond lookup.
 */
import type { FindingKind, Level } from '../report.ts';

export interface RuleDescription {
  id: string;
  kind: FindingKind;
  /** Level a finding of this rule has unless the analysis says otherwise. */
  level: Level;
  short: string;
  full: string;
  help: string;
}

const BOTCHING = 'Documentation/process/botching-up-ioctls.rst';
const IOCTL_RST = 'Documentation/driver-api/ioctl.rst';

export const RULE_DESCRIPTIONS: readonly RuleDescription[] = [
  // binary (error)
  {
    id: 'uapi.size-changed', kind: 'binary', level: 'error',
    short: 'A uAPI struct or union changed size',
    full: 'The sizeof of a type exported to userspace differs between the pre-image and the post-image on at least one ABI. Binaries built against the old header pass a buffer of the old size; ioctl numbers that encode the size change too.',
    help: 'Keep the existing size. Add new fields only in explicit reserved space or behind a new command/feature, with a size or flags field the kernel checks.',
  },
  {
    id: 'uapi.align-changed', kind: 'binary', level: 'error',
    short: 'A uAPI type changed alignment',
    full: 'The _Alignof of a type exported to userspace changed on at least one ABI, which moves it inside every enclosing struct and array.',
    help: 'Do not change member types in a way that raises or lowers the alignment; use explicit padding and fixed-width types.',
  },
  {
    id: 'uapi.member-offset-changed', kind: 'binary', level: 'error',
    short: 'A uAPI struct member moved',
    full: 'The offset of a member of a type exported to userspace changed on at least one ABI. Old binaries read and write that member at the old offset.',
    help: 'Never insert or reorder members of an existing uAPI struct; append new members at the end or use reserved fields.',
  },
  {
    id: 'uapi.member-removed', kind: 'binary', level: 'error',
    short: 'A uAPI struct member was removed',
    full: 'A member of a type exported to userspace no longer exists. Userspace that sets it no longer compiles, and binaries that set it have their data ignored or misread.',
    help: 'Keep the member (mark it deprecated or reserved if it is no longer used) so the layout and the source API stay intact.',
  },
  {
    id: 'uapi.member-type-changed', kind: 'binary', level: 'error',
    short: 'A uAPI struct member changed type',
    full: 'A member of a type exported to userspace has a different type, so its size, signedness or interpretation differs between old and new userspace.',
    help: 'Keep the member type; add a new member or a new command for a wider value.',
  },
  {
    id: 'uapi.type-removed', kind: 'binary', level: 'error',
    short: 'A uAPI type was removed',
    full: 'A struct, union, enum or typedef exported to userspace was removed from the header. Userspace that uses it breaks.',
    help: 'uAPI types are forever: keep the type, even if the kernel no longer uses it.',
  },
  {
    id: 'uapi.enum-value-changed', kind: 'binary', level: 'error',
    short: 'A uAPI enumerator changed value',
    full: 'An enumerator exported to userspace has a different value. Binaries built against the old header send the old value, which now means something else.',
    help: 'Never renumber enumerators; add new ones with new values.',
  },
  {
    id: 'uapi.macro-value-changed', kind: 'binary', level: 'error',
    short: 'A uAPI macro changed value',
    full: 'A constant macro exported to userspace expands to a different value. Binaries compiled with the old value keep using it.',
    help: 'Keep the old value; add a new macro for the new meaning.',
  },
  {
    id: 'uapi.ioctl-number-changed', kind: 'binary', level: 'error',
    short: 'An ioctl command number changed',
    full: `An _IO/_IOR/_IOW/_IOWR command encodes sizeof its argument; the argument type changed size, so the command number changed and old binaries get -ENOTTY (${IOCTL_RST}).`,
    help: 'Keep the argument size; for a larger argument define a new command number and keep handling the old one.',
  },
  // source (error)
  {
    id: 'uapi.member-renamed', kind: 'source', level: 'error',
    short: 'A uAPI struct member was renamed',
    full: 'A member of a type exported to userspace was renamed at the same offset. The binary layout is unchanged, but userspace that names the member no longer compiles.',
    help: 'Keep the old name. If a new name is needed, add it as an alias in an anonymous union with the old one.',
  },
  {
    id: 'uapi.type-renamed', kind: 'source', level: 'error',
    short: 'A uAPI type was renamed',
    full: 'A type exported to userspace was renamed with the same layout. Binaries still work, but userspace sources that use the old name no longer compile.',
    help: 'Keep the old name (a #define or typedef alias preserves source compatibility).',
  },
  {
    id: 'uapi.macro-removed', kind: 'source', level: 'error',
    short: 'A uAPI macro was removed',
    full: 'A macro exported to userspace was removed (not merely turned into an enumerator of the same value). Userspace that uses it no longer compiles.',
    help: 'Keep the macro, even if the kernel no longer uses it.',
  },
  // annotations (warning)
  {
    id: 'uapi.counted-by-dropped', kind: 'source', level: 'warning',
    short: '__counted_by annotation dropped from a flexible array',
    full: 'A flexible array member lost its __counted_by() annotation, so compiler bounds checking (-fsanitize=bounds, FORTIFY_SOURCE) no longer knows its length.',
    help: 'Keep __counted_by() on the array; if the array may hold more elements than the counter says, give it a counter that covers all of them.',
  },
  {
    id: 'uapi.counted-by-changed', kind: 'source', level: 'warning',
    short: '__counted_by annotation names a different counter',
    full: 'The __counted_by() annotation of a flexible array member now names a different member, which changes what bounds checking enforces.',
    help: 'Check that the new counter is set before the array is accessed everywhere the struct is filled.',
  },
  {
    id: 'uapi.flex-array-changed', kind: 'source', level: 'warning',
    short: 'A flexible array member changed',
    full: 'A flexible array member of a uAPI struct was renamed, retyped or reinterpreted; userspace that fills it must follow.',
    help: 'Keep the flexible array as it was; describe extra trailing data with a new member or a new feature flag that userspace opts into.',
  },
  // design (warning)
  {
    id: 'uapi.implicit-padding', kind: 'design', level: 'warning',
    short: 'uAPI struct has implicit padding',
    full: `The compiler inserts padding inside or at the end of a uAPI struct. Padding can leak kernel memory to userspace and cannot be checked for zero (${BOTCHING}).`,
    help: 'Add explicit __u8/__u32 padding or reserved members, and reject the ioctl when they are not zero.',
  },
  {
    id: 'uapi.abi-dependent-layout', kind: 'design', level: 'warning',
    short: 'uAPI layout differs between ABIs',
    full: `The struct has a different size or member offsets on different ABIs (for example i386 aligns __u64 to 4 bytes), so 32-bit userspace on a 64-bit kernel needs a compat layer (${BOTCHING}, ${IOCTL_RST}).`,
    help: 'Align every member naturally with explicit padding and pad the struct to a multiple of 8 bytes when it contains 64-bit members.',
  },
  {
    id: 'uapi.non-fixed-width-type', kind: 'design', level: 'warning',
    short: 'uAPI struct uses a non-fixed-width type',
    full: `A member uses int, long, a pointer, an enum or plain char, whose size, alignment or signedness depends on the ABI (${IOCTL_RST}).`,
    help: 'Use __u8/__u16/__u32/__u64 (and __s* for signed values); pass pointers as __u64.',
  },
  {
    id: 'uapi.unaligned-u64', kind: 'design', level: 'warning',
    short: '64-bit uAPI member not naturally aligned',
    full: `A 64-bit member sits at an offset that is not a multiple of 8 on some ABI, so i386 and x86_64 disagree on the layout (${BOTCHING}).`,
    help: 'Insert explicit padding before the member, or use __aligned_u64.',
  },
  {
    id: 'uapi.reserved-unchecked', kind: 'design', level: 'warning',
    short: 'Reserved uAPI field not checked for zero',
    full: `A reserved or padding field is not rejected when non-zero, so it can never be given a meaning later (${BOTCHING}).`,
    help: 'Return -EINVAL when a reserved field or padding is not zero.',
  },
  {
    id: 'uapi.flags-unvalidated', kind: 'design', level: 'warning',
    short: 'Unknown flags are not rejected',
    full: `A flags field accepts bits the kernel does not know, so userspace cannot detect whether a flag is supported and the bits can never be reused (${BOTCHING}).`,
    help: 'Reject any flag bit outside the known mask with -EINVAL.',
  },
  {
    id: 'uapi.array-count-mismatch', kind: 'design', level: 'warning',
    short: 'Array length and its count disagree',
    full: 'The number of elements the kernel reads or writes differs from the count field userspace sets, so the kernel accesses more (or fewer) elements than userspace provides.',
    help: 'Make the count field describe every element the kernel accesses, and keep __counted_by() in agreement with it.',
  },
  // kabi (note)
  {
    id: 'kabi.member-inserted', kind: 'kabi', level: 'note',
    short: 'In-kernel struct gained a member in the middle',
    full: 'A member was inserted into an in-kernel struct before existing members. This matters only for out-of-tree modules and distribution kABI.',
    help: 'No action needed for mainline; distributions with a stable kABI may want the member at the end.',
  },
  {
    id: 'kabi.member-removed', kind: 'kabi', level: 'note',
    short: 'In-kernel struct lost a member',
    full: 'A member was removed from an in-kernel struct. This matters only for out-of-tree modules and distribution kABI.',
    help: 'No action needed for mainline.',
  },
  {
    id: 'kabi.ops-changed', kind: 'kabi', level: 'note',
    short: 'In-kernel operations table changed',
    full: 'An operations struct (function pointer table) gained, lost or changed a callback. Every implementer and caller must agree on the new table.',
    help: 'Check that all implementations of the ops table were updated and that callers handle a NULL optional callback.',
  },
  // semantic
  {
    id: 'behaviour.legacy-changed', kind: 'semantic', level: 'error',
    short: 'Old userspace input behaves differently',
    full: 'An input that existing userspace sends produces a different result after the series (accepted before and rejected after, or a different return value or side effect). This is a uAPI break even if no header changed.',
    help: 'Keep the old behaviour for inputs old userspace can send; gate new behaviour behind a flag userspace must set.',
  },
  {
    id: 'behaviour.new-accepted', kind: 'semantic', level: 'note',
    short: 'An input rejected before is accepted now',
    full: 'An input that the old kernel rejected is accepted after the series. This is how uAPI is extended; userspace can probe for the feature by the old rejection.',
    help: 'Make sure userspace can detect support (the old kernel must have rejected this input).',
  },
  {
    id: 'behaviour.leak', kind: 'semantic', level: 'error',
    short: 'Memory leak on a path of the changed code',
    full: 'The emulator found an allocation that is not freed on some path through the changed code.',
    help: 'Free the allocation on every error path (the goto-unwind ladder must cover it).',
  },
  {
    id: 'behaviour.double-free', kind: 'semantic', level: 'error',
    short: 'Double free on a path of the changed code',
    full: 'The emulator freed the same allocation twice on some path through the changed code.',
    help: 'Set the pointer to NULL after freeing it, or fix the unwind labels so each object is freed once.',
  },
  {
    id: 'behaviour.use-after-free', kind: 'semantic', level: 'error',
    short: 'Use after free on a path of the changed code',
    full: 'The emulator accessed memory after it was freed on some path through the changed code.',
    help: 'Do not access an object after kfree(); copy what is needed first or move the free later.',
  },
  {
    id: 'behaviour.user-fault', kind: 'semantic', level: 'error',
    short: 'User memory access beyond what userspace provides',
    full: 'The changed code reads or writes user memory past the argument userspace passed (for example one element beyond a counted array), which faults or reads unrelated user data.',
    help: 'Bound every user access by a size userspace declared (argsz, a count field) and check it before copying.',
  },
  {
    id: 'behaviour.unvalidated-input', kind: 'semantic', level: 'warning',
    short: 'User input reaches the kernel unvalidated',
    full: 'A value from userspace is used without a range or consistency check on some path through the changed code.',
    help: 'Validate the value (range, alignment, reserved bits) before using it.',
  },
  // additions (note)
  {
    id: 'uapi.type-added', kind: 'binary', level: 'note',
    short: 'New uAPI type',
    full: 'A new struct, union, enum or typedef is exported to userspace. It becomes part of the uAPI forever once merged.',
    help: 'Check the new type against the uAPI design rules (fixed-width types, explicit padding, a flags field that is validated).',
  },
  {
    id: 'uapi.member-added', kind: 'binary', level: 'note',
    short: 'New uAPI struct member',
    full: 'A member was added to a type exported to userspace without moving any existing member.',
    help: 'Make sure old userspace that does not set the member keeps working (a flag or size check tells the kernel it is present).',
  },
  {
    id: 'uapi.enum-added', kind: 'binary', level: 'note',
    short: 'New uAPI enumerator or enum',
    full: 'An enumerator or enum was added to the uAPI.',
    help: 'Check that old kernels reject the new value so userspace can probe for it.',
  },
  {
    id: 'uapi.macro-added', kind: 'binary', level: 'note',
    short: 'New uAPI macro',
    full: 'A macro was added to a header exported to userspace.',
    help: 'Check that the value does not collide with existing ones and that old kernels reject it.',
  },
];

const BY_ID = new Map(RULE_DESCRIPTIONS.map((r) => [r.id, r]));

/** The description of a rule id, or null for a rule this table does not know. */
export function describeRule(id: string): RuleDescription | null {
  return BY_ID.get(id) ?? null;
}
