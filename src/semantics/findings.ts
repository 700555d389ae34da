/**
 * behaviour.* findings from scenario runs: what old userspace now sees
 * differently, what is newly accepted, what the kernel breaks (leaks,
 * double frees, use after free, oopses) and what input it does not check.
 */
import type { Finding } from '../report/report.ts';
import type { ChangedFunction } from './extract-functions.ts';
import { STEP_ENTRY, type ScenarioRun, type SideOutcome } from './run-scenarios.ts';

const FAULT_RULES: Record<string, string> = {
  'use-after-free': 'behaviour.use-after-free',
  'double-free': 'behaviour.double-free',
  'user-access': 'behaviour.user-fault',
};

function stripLines(s: string): string {
  return s.replace(/:\d+/g, '');
}

export interface FindingContext {
  abi: string;
  changed: ChangedFunction[];
}

/** The changed function a message names (`fn:line` or `fn()`), else the first changed function that ran. */
function locate(ctx: FindingContext, text: string, side: SideOutcome): ChangedFunction | undefined {
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)(?::\d+|\(\))/g)) {
    const c = ctx.changed.find((f) => f.name === m[1]);
    if (c) return c;
  }
  return ctx.changed.find((f) => side.executed.includes(f.name));
}

/** What the scenarios show about the kernel before the series already (not findings against the series). */
export function preExistingNotes(runs: ScenarioRun[]): string[] {
  const notes = new Map<string, string[]>();
  const note = (text: string, scenario: string) => notes.set(text, [...(notes.get(text) ?? []), scenario]);
  for (const { scenario, before, after } of runs) {
    if (!before.ran || !after.ran) continue;
    if (before.readBeyondArgsz && after.readBeyondArgsz >= before.readBeyondArgsz) note(`the kernel reads ${before.readBeyondArgsz} bytes of the user argument beyond argsz`, scenario.name);
    const afterLeaks = new Set(after.leaks.map(stripLines));
    for (const l of before.leaks) if (afterLeaks.has(stripLines(l))) note(`leak: ${stripLines(l)}`, scenario.name);
    if (before.fault && before.fault.kind === after.fault?.kind) note(`fault: ${stripLines(before.fault.message)}`, scenario.name);
  }
  return [...notes].map(([text, s]) => `already before the series: ${text} [${s.slice(0, 3).join('; ')}${s.length > 3 ? `; +${s.length - 3} more` : ''}]`);
}

export function behaviourFindings(runs: ScenarioRun[], ctx: FindingContext): Finding[] {
  const byKey = new Map<string, { f: Finding; scenarios: string[] }>();
  const add = (rule: string, level: Finding['level'], where: ChangedFunction | undefined, message: string, scenario: string, before?: unknown, after?: unknown) => {
    // New acceptances are one note per function (listing the scenarios); the rest one per distinct message.
    const key = rule === 'behaviour.new-accepted' ? `${rule}\0${where?.name ?? ''}` : `${rule}\0${where?.name ?? ''}\0${stripLines(message)}`;
    const prev = byKey.get(key);
    if (prev) {
      prev.scenarios.push(scenario);
      return;
    }
    byKey.set(key, {
      f: {
        rule, level, kind: 'semantic', patch: where?.patch ?? 0, file: where?.file ?? '', line: where?.line ?? null,
        symbol: where?.name ?? '', abis: [ctx.abi], message, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}),
      },
      scenarios: [scenario],
    });
  };
  for (const run of runs) {
    const { scenario, before, after, report } = run;
    if (report.verdict === 'error') continue;
    const where = locate(ctx, '', after);
    // Input acceptance is decided where the input enters: the first step's kernel entry point.
    const entry = STEP_ENTRY[scenario.steps[0]?.op ?? 'close'];
    const gate = ctx.changed.find((c) => c.name === entry) ?? where;
    if (scenario.userspace === 'before' && report.verdict !== 'unchanged' && !scenario.failAllocation) {
      add('behaviour.legacy-changed', 'error', where, `input built against the old uAPI header behaves differently: ${report.before.result} before, ${report.after.result} after`, scenario.name, report.before, report.after);
    }
    if (report.verdict === 'new-accepted' && scenario.userspace === 'after') {
      add('behaviour.new-accepted', 'note', gate, `input rejected before the series is accepted after it, e.g. ${scenario.purpose} (${report.before.result} before, ${report.after.result} after)`, scenario.name, report.before, report.after);
    }
    if (after.fault && after.fault.kind !== before.fault?.kind) {
      const rule = FAULT_RULES[after.fault.kind] ?? 'behaviour.oops';
      add(rule, 'error', locate(ctx, after.fault.message, after), `${after.fault.message} (during ${after.fault.during})`, scenario.name, before.fault ?? report.before.result, after.fault);
    }
    const oldLeaks = new Set(before.leaks.map(stripLines));
    for (const leak of after.leaks) {
      if (oldLeaks.has(stripLines(leak))) continue;
      add('behaviour.leak', 'error', locate(ctx, leak, after), `still allocated when the process has exited: ${leak}`, scenario.name);
    }
    const oldUninit = new Set(before.uninitialised.map(stripLines));
    for (const u of after.uninitialised) {
      if (oldUninit.has(stripLines(u))) continue;
      add('behaviour.uninitialised-read', 'error', locate(ctx, u, after), u, scenario.name);
    }
    const rejected = after.fault || after.steps.some((s) => s.result.startsWith('-'));
    if (scenario.mustReject && !rejected) {
      add('behaviour.unvalidated-input', 'warning', gate, `accepted although ${scenario.mustReject}: ${report.after.result}`, scenario.name, report.before.result, report.after.result);
    }
    if (after.readBeyondArgsz > before.readBeyondArgsz) {
      add('behaviour.unvalidated-input', 'warning', locate(ctx, after.readBeyondArgszAt ?? '', after), `the kernel reads ${after.readBeyondArgsz} bytes of the user argument beyond argsz${before.readBeyondArgsz ? ` (${before.readBeyondArgsz} before)` : ''}`, scenario.name);
    }
  }
  return [...byKey.values()].map(({ f, scenarios }) => ({
    ...f,
    message: `${f.message} [scenario${scenarios.length > 1 ? 's' : ''}: ${scenarios.slice(0, 4).join('; ')}${scenarios.length > 4 ? `; +${scenarios.length - 4} more` : ''}]`,
  }));
}
