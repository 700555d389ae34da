/**
 * The result of comparing one file's declarations before and after a change.
 * Computed once (src/abi/diff/diff-file.ts) and read by every rule
 * (src/abi/rules/*), like libabigail's comparison IR that all its reporters share.
 */
import type { PointerChange } from './variable-uses.ts';
import type { AbiName, RecordLayout } from '../layout-types.ts';
import type { EnumDecl, Enumerator, MacroDef, Member, RecordDecl, TypedefDecl, TypeModel, FunctionDef } from '../../c/type-model.ts';
import type { PathScope } from '../classify-path.ts';

/** Where a field sits on one ABI. Offsets are from the start of the record (or, in a
 *  partial record, from the start of the visible stretch that holds it). */
export interface FieldPlace {
  offset: number;
  size: number;
  /** Absolute bit offset (storage order) for bitfields. */
  bitOffset?: number;
  bitSize?: number;
  /**
   * Set when `offset` counts not from the start of the record but from a
   * point whose own offset is unknown: the end of lines the diff does not
   * show, or of a member whose size is not known (a type the diff does not
   * declare). It names that point (`after uuid`, `segment 2`), so it says
   * nothing about the member's alignment, and two relative offsets compare
   * only when they count from the same point (diff-file.ts drops the places
   * of a pair that do not).
   */
  relative?: string;
}

/** A member as userspace names it: a leaf of the record after looking through
 *  anonymous structs/unions (`offset` in `union { __u64 offset; … }`), or a
 *  named member of a tagless record type together with its own fields (`grp`, `grp.a`). */
export interface Field {
  /** Access path from a variable of the record type: `offset`, `grp.a`. */
  path: string;
  member: Member;
  written: string;
  canonical: string;
  /** Kinds of the anonymous aggregates passed through (`['union']`). */
  anonymous: ('struct' | 'union')[];
  /** Order of the field in a depth-first walk. */
  order: number;
  /** Index of the visible stretch of a partial record (0 when complete). */
  segment: number;
  /** Top-level member index this field belongs to. */
  top: number;
  at: Partial<Record<AbiName, FieldPlace>>;
}

/** A direct member of the record (anonymous aggregates and unknown stretches included). */
export interface TopMember {
  member: Member;
  /** null for an anonymous aggregate or an unknown stretch. */
  name: string | null;
  unknown?: { start: number; end: number };
  written: string;
  canonical: string;
  isFunctionPointer: boolean;
  at: Partial<Record<AbiName, FieldPlace>>;
}

export interface RecordSide {
  symbol: string;
  decl: RecordDecl;
  model: TypeModel;
  /** The ABIs on which the record is declared (complete). */
  present: AbiName[];
  /** Present for complete (non-partial) records whose layout could be computed. */
  layouts: Partial<Record<AbiName, RecordLayout>>;
  /** Layouts of a partial record (diff context): offsets after an unknown stretch are relative to it. */
  partialLayouts: Partial<Record<AbiName, RecordLayout>>;
  fields: Field[];
  top: TopMember[];
  partial: boolean;
  /** Why a layout could not be computed on some ABIs. */
  layoutProblems: string[];
}

export type MatchHow = 'name' | 'position';

export interface FieldPair {
  before: Field;
  after: Field;
  how: MatchHow;
}

export interface RecordChange {
  symbol: string;
  before: RecordSide | null;
  after: RecordSide | null;
  pairs: FieldPair[];
  removed: Field[];
  added: Field[];
}

export interface EnumeratorChange {
  name: string;
  /** Tag or typedef name of the enum holding it, null for anonymous enums. */
  enumName: string | null;
  /**
   * Which enum holds it, so that a file's anonymous enums are told apart: the
   * enum's name, or for an anonymous enum the first of its enumerators (after
   * the change where it still has any, else before).
   */
  enumAnchor: string;
  before: Enumerator | null;
  after: Enumerator | null;
  /** The enumerators after it in its enum, before and after the change (where counts and end markers sit: last). */
  following: { before: string[]; after: string[] };
  /** The value of the enumerator just before it in its enum, after the change (null: it is first, or gone). */
  precedingAfter: bigint | null;
  /** Its value on each ABI compared where the file declares it, before and after (absent: not declared there). */
  perAbi: { before: Partial<Record<AbiName, bigint>>; after: Partial<Record<AbiName, bigint>> };
}

export interface EnumChange {
  symbol: string;
  before: EnumDecl | null;
  after: EnumDecl | null;
}

export interface MacroValue {
  def: MacroDef;
  /** The ABIs on which it is defined. */
  defined: AbiName[];
  /** Per ABI evaluated value (absent when not an integer constant). */
  values: Partial<Record<AbiName, bigint>>;
  /** Decoded ioctl request per ABI when the body is an `_IO*` macro. */
  ioctl?: Partial<Record<AbiName, IoctlNumber>>;
}

export interface IoctlNumber {
  dir: 'none' | 'read' | 'write' | 'read|write';
  type: number;
  nr: number;
  size: number;
  /** The argument type as written (`struct vfio_iommu_type1_dma_map`), when any. */
  argType: string | null;
  value: bigint;
}

export interface MacroChange {
  name: string;
  before: MacroValue | null;
  after: MacroValue | null;
}

export interface TypedefChange {
  name: string;
  before: { decl: TypedefDecl; canonical: string; written: string } | null;
  after: { decl: TypedefDecl; canonical: string; written: string } | null;
}

/** A line of the new version that the old one did not have (added-lines.ts). */
export interface AddedLine {
  /** 1-based, in the new version. */
  line: number;
  text: string;
}

/** What the new version's #includes say (include-facts.ts). */
export interface IncludeFacts {
  /** `#include <…>` of kernel-internal headers the new version has and the old one had not; tree path and line. */
  kernelInternal: { name: string; rel: string; line: number }[];
  /** Every #include of the new version's unit was found, on every ABI compared. */
  allFound: boolean;
  /** Kernel uAPI type names (__u32 …) the new version's unit got from built-in stand-ins and the old one did not. */
  standIns: string[];
}

/** An in-kernel function declared in the file before and after with another signature (prototype-changes.ts). */
export interface PrototypeChange {
  name: string;
  /** Its line in the new version. */
  line: number;
  /** Its type as written, before and after: `int (struct pci_dev *)`. */
  before: string;
  after: string;
  /** Its parameter count before and after, when neither side is variadic. */
  arity: { before: number; after: number } | null;
  /** It returned a value and now returns void: a call that uses the value no longer compiles. */
  nowVoid: boolean;
  /**
   * Only qualifiers changed (`struct device *` → `const struct device *`):
   * the types are the same, calls compile as before, a definition keeping
   * the old qualifiers does not; `before`/`after` and `signatures` are then
   * the declarations' qualified signatures.
   */
  qualifiersOnly: boolean;
  /** Its signature as a definition's head reads (op-implementations.ts's `signatureText`), before and after; null: variadic or unreadable. */
  signatures: { before: string | null; after: string | null };
}

/** An in-kernel `extern` variable declared in the file before and after with another type (variable-changes.ts). */
export interface VariableChange {
  name: string;
  /** Its line in the new version. */
  line: number;
  /** Its type as written, before and after: `unsigned int`, `struct page *` (with qualifiers where only they change). */
  before: string;
  after: string;
  /**
   * Only qualifiers change (`struct class` → `const struct class`): the type
   * is the same, code using it compiles as before (writes to a now const
   * object aside), a definition keeping the old qualifiers does not.
   */
  qualifiersOnly: boolean;
  /**
   * Its type as the header's declaration spells it, before and after
   * (variable-declarations.ts: comparable with a definition's); null where
   * the text is not at hand or the declaration is not a plain one.
   */
  declared: { before: string | null; after: string | null };
  /** A pointer made the object it pointed to (`struct class *` → `struct class`), or back; null for any other change. */
  pointerChange: PointerChange | null;
  /** What `sizes` measure: the variable, or an element where a side is an array declared without its bound. */
  measured: 'object' | 'element';
  /** sizeof before and after, on each ABI that lays out both. */
  sizes: Partial<Record<AbiName, { before: number; after: number }>>;
}

export interface FileDiff {
  path: string;
  scope: PathScope;
  abis: AbiName[];
  records: RecordChange[];
  enums: EnumChange[];
  enumerators: EnumeratorChange[];
  macros: MacroChange[];
  typedefs: TypedefChange[];
  /** Functions of the post-image (for .c files) and pre-image, by name. */
  functionsAfter: FunctionDef[];
  functionsBefore: FunctionDef[];
  /** In-kernel functions declared (not defined) in the file whose signature changed, compared on the first ABI. */
  prototypes: PrototypeChange[];
  /** In-kernel `extern` variables declared in the file whose type changed, compared on the first ABI (sizes on all). */
  variables: VariableChange[];
  /** True when the file is only partly known (diff context). */
  partial: boolean;
  /**
   * Declarations the file no longer has but a header it includes now does, compared there:
   * symbol or name → that header, as the model names it (on the first ABI that has it there).
   */
  moved: Record<string, string>;
  /** Whether the file exists before and after the change, and, for a file the change renames, its new path. */
  exists: { before: boolean; after: boolean; renamedTo: string | null };
  includes: IncludeFacts;
  /** Every ioctl request the new version defines (uAPI headers), decoded on the first ABI: what a new request may collide with. */
  requestsAfter: { name: string; ioctl: IoctlNumber; line: number }[];
  /** Lines the change added, with the old and new versions' texts to read lines in (null where the file is missing). */
  text: { added: AddedLine[]; before: string | null; after: string | null };
  notes: string[];
}
