/**
 * offsetof's member designator past one name (C11 7.19: `dirent.name`,
 * `arr[2].name`), which uAPI macros use (linux/fuse.h's
 * FUSE_NAME_OFFSET_DIRENTPLUS) and tree-sitter-c does not parse: it takes
 * one identifier there. gnu-normalize.ts writes such a designator as one
 * identifier of the same length, its punctuation spelled with letters that
 * C source does not use, and the evaluator reads the steps back.
 */

/** One step of a designator: a member's name, or an array index as written (a number or a name). */
export type DesignatorStep = { member: string } | { index: string };

/** A name, then members and indices (an index being a number or a name, as macros leave it). */
const MULTI_STEP = /^[A-Za-z_]\w*(?:[ \t]*(?:\.[ \t]*[A-Za-z_]\w*|\[[ \t]*\w+[ \t]*\]))+$/;

const SPELLED: Record<string, string> = { '.': 'ǂ', '[': 'ǀ', ']': 'ǁ', ' ': 'ǃ', '\t': 'ǃ' };
const SPELLING = /[.[\] \t]/g;
const SPELLED_BACK = /[ǂǀǁǃ]/g;
const BACK: Record<string, string> = { 'ǂ': '.', 'ǀ': '[', 'ǁ': ']', 'ǃ': ' ' };

/** `designator` (trimmed) as one identifier of the same length, or null when it is a single name or not a designator. */
export function spellDesignator(designator: string): string | null {
  if (!MULTI_STEP.test(designator)) return null;
  return designator.replace(SPELLING, (c) => SPELLED[c]!);
}

/** The steps of a member operand of offsetof (a plain name, or a designator spelled by spellDesignator). */
export function designatorSteps(member: string): DesignatorStep[] {
  const text = member.replace(SPELLED_BACK, (c) => BACK[c]!);
  const steps: DesignatorStep[] = [];
  for (const m of text.matchAll(/\[\s*(\w+)\s*\]|([A-Za-z_]\w*)/g)) steps.push(m[1] !== undefined ? { index: m[1] } : { member: m[2]! });
  return steps;
}
