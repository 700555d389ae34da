/**
 * Every rule a run can report, in catalogue order: the uAPI/kABI rules
 * (src/abi/rules/index.ts: per file, then the series-wide ones), then the emulator's behaviour.* rules
 * (src/semantics/behaviour-rules.ts). For `abi-check rules` and for reporters
 * that describe rules (SARIF).
 */
import { RULES, SERIES_RULES } from '../abi/rules/index.ts';
import { BEHAVIOUR_RULES } from '../semantics/behaviour-rules.ts';

export interface RuleListing {
  id: string;
  level: string;
  kind: string;
  summary: string;
}

export function ruleListing(): RuleListing[] {
  return [...[...RULES, ...SERIES_RULES].map((r) => ({ id: r.id, level: r.level, kind: r.kind, summary: r.summary })), ...BEHAVIOUR_RULES];
}

/** The catalogue entry of `id`, if it is a known rule. */
export function catalogueEntry(id: string): RuleListing | undefined {
  return ruleListing().find((r) => r.id === id);
}
