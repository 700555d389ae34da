/**
 * TypeModel: what the C front end extracts from one preprocessed translation
 * unit (a header or a .c file) for one ABI. Plain data; layouts are computed
 * from it by src/abi, functions are interpreted by src/semantics.
 */

/** Where something was written: the original file (not the preprocessed text) and 1-based line. */
export interface SourceLoc {
  file: string;
  line: number;
}

/** A C type as written, resolved enough to lay it out. */
export type CType =
  | { kind: 'void' }
  /** Builtin arithmetic type; `name` is canonical: 'char', 'signed char', 'unsigned char',
   *  'short', 'unsigned short', 'int', 'unsigned int', 'long', 'unsigned long',
   *  'long long', 'unsigned long long', '_Bool', 'float', 'double', 'long double',
   *  '__int128', 'unsigned __int128'. */
  | { kind: 'builtin'; name: string }
  | { kind: 'pointer'; to: CType }
  /** length null = flexible `[]`; 0 = `[0]`. */
  | { kind: 'array'; of: CType; length: number | null }
  /** Reference to a record by tag (named) or by its id (anonymous). */
  | { kind: 'record'; id: string }
  | { kind: 'enum'; id: string }
  /** A typedef reference; `to` is the resolved target.
   *  `unknown: true` (optional addition): the name was never declared and no built-in
   *  fallback exists; `to` is then `{kind:'void'}`, the size is unknown, and a layout
   *  that needs it cannot be computed (the front end reports the name with file:line). */
  | { kind: 'typedef'; name: string; to: CType; unknown?: true }
  | { kind: 'function'; returns: CType; params: CType[]; variadic: boolean };

export interface Attributes {
  packed?: boolean;
  /** From aligned(N) (largest wins); `aligned` without N = the target's biggest alignment. */
  aligned?: number;
  /** `__counted_by(x)` (also _le/_be) kept even when it expands to nothing. */
  countedBy?: string;
  /**
   * GCC's mode(M), underscores stripped (`byte`, `QI` … `TI`, `word`,
   * `pointer`): an enum, or an integer declared with it, has that mode's size
   * (the kernel's `enum netfs_io_source { … } __mode(byte);`).
   */
  mode?: string;
  /** Any other attribute names seen, for reporting. */
  other?: string[];
}

export interface Member {
  /** null for unnamed bitfields and anonymous struct/union members. */
  name: string | null;
  type: CType;
  /** Bit width for bitfields. */
  bitWidth?: number;
  attrs: Attributes;
  loc: SourceLoc;
  /** The member's declaration text as written (normalised whitespace), for reports. */
  text: string;
  /** Set on a placeholder standing for source lines whose content is unknown
   *  (diff-context base): the record is then `partial` and layouts are not absolute.
   *  The placeholder has `name: null` and an unknown typedef type (`unknown: true`). */
  unknownLines?: { start: number; end: number };
}

export interface RecordDecl {
  /** Stable id: the tag for named records (`struct foo`), else a generated `anon#N@file:line` (N counts the anonymous records made at that place, from 1). */
  id: string;
  kind: 'struct' | 'union';
  /** Tag, or null for tagless. */
  tag: string | null;
  /** For a tagless record named by a typedef. */
  typedefName?: string;
  /** false for a forward declaration only. */
  complete: boolean;
  members: Member[];
  attrs: Attributes;
  loc: SourceLoc;
  /** Last line of the definition (closing brace). */
  endLine?: number;
  /** True when part of the body lies in unknown lines (see Member.unknownLines). */
  partial?: boolean;
  /** `#pragma pack(N)` in effect where the record is defined (optional addition, layout engine):
   *  N caps the alignment of every member (GCC's maximum_field_alignment), also an explicit
   *  aligned(M); bitfields then may straddle their type's units. Absent or 0: no pragma. */
  maxFieldAlign?: number;
}

export interface Enumerator {
  name: string;
  value: bigint;
  loc: SourceLoc;
  /**
   * Diff-context: the enumerator follows lines of its enum the diff does not
   * show, so `value` counts from an unknown start (it is right relative to
   * the enumerators around it, not as a number; partial-records.ts).
   */
  relative?: true;
}

export interface EnumDecl {
  id: string;
  tag: string | null;
  typedefName?: string;
  enumerators: Enumerator[];
  attrs: Attributes;
  loc: SourceLoc;
}

export interface TypedefDecl {
  name: string;
  type: CType;
  attrs: Attributes;
  loc: SourceLoc;
}

export interface MacroDef {
  name: string;
  /** Parameter names for function-like macros, null for object-like. */
  params: string[] | null;
  /** Replacement text as written. */
  body: string;
  /** Evaluated integer value when the expansion is an integer constant expression
   *  (sizeof and _IO* included), for this model's ABI. */
  value?: bigint;
  loc: SourceLoc;
}

export interface FunctionDef {
  name: string;
  isStatic: boolean;
  returns: CType;
  params: { name: string | null; type: CType }[];
  /** Source text of the whole definition (after preprocessing) and its location. */
  text: string;
  loc: SourceLoc;
  endLine: number;
}

/**
 * A function declared but not defined (`int pci_enable_device(struct pci_dev *dev);`):
 * in-kernel code only, for the kABI comparison of exported interfaces.
 */
export interface FunctionProto {
  name: string;
  /** The function's type: `{ kind: 'function', returns, params, variadic }`. */
  type: CType;
  loc: SourceLoc;
}

/**
 * A variable declared `extern` (`extern unsigned long max_mapnr;`): in-kernel
 * code only, for the kABI comparison of exported interfaces.
 */
export interface VariableDecl {
  name: string;
  type: CType;
  loc: SourceLoc;
}

export interface TypeModel {
  abi: string;
  /** Records in declaration order (all files of the unit); look up by id. */
  records: RecordDecl[];
  enums: EnumDecl[];
  typedefs: TypedefDecl[];
  macros: MacroDef[];
  functions: FunctionDef[];
  /** Functions declared but not defined, not static (in-kernel code only; absent elsewhere). */
  prototypes?: FunctionProto[];
  /** Variables declared `extern` (in-kernel code only; absent elsewhere). */
  variables?: VariableDecl[];
  /** Problems met (unknown types, parse errors), each with a location. */
  diagnostics: { loc: SourceLoc; message: string; severity: 'error' | 'warning' }[];
}
