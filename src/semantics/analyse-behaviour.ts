/**
 * The behaviour stage: extract what the series changes in kernel C, build
 * the kernel before and after the series, run the userspace scenarios on
 * both and report the differences (scenarios, behaviour.* findings, notes
 * saying exactly what could not be run).
 */
import type { AbiName } from '../abi/layout-types.ts';
import type { Series } from '../patchwork/series.ts';
import type { Finding, ScenarioReport } from '../report/report.ts';
import type { Images } from '../tree/images.ts';
import { layoutRecord } from '../abi/layout/index.ts';
import { abridged } from '../abi/rules/format.ts';
import { plural } from '../report/plural.ts';
import { unitDefinitions } from './interpreter/definitions.ts';
import { emulatedKernel, type BuildModel, type EmulatedKernel } from './emulated-kernel.ts';
import { extractChangedFunctions, type ChangedFunction } from './extract-functions.ts';
import { behaviourFindings, preExistingNotes } from './findings.ts';
import { runScenario, type RunLimits, type ScenarioRun } from './run-scenarios.ts';
import { generateAllocationFailures, generateInputScenarios } from './scenarios/generate.ts';
import type { Scenario } from './scenarios/scenario-types.ts';
import { TPH_DMA_BUF_SCENARIOS } from './scenarios/tph-dma-buf.ts';

export interface BehaviourInput {
  series: Series;
  images: Images;
  abi: AbiName;
  buildModel: BuildModel;
  limits?: RunLimits;
}

export interface BehaviourResult {
  scenarios: ScenarioReport[];
  findings: Finding[];
  notes: string[];
}

/** Changed functions named in the note of a series no scenario drives; the others are counted. */
const NAMED = 12;

/** Scenario families and the kernel entry points they drive. */
const FAMILIES: { name: string; entries: string[]; scenarios: () => Scenario[] }[] = [
  {
    name: 'VFIO_DEVICE_FEATURE_DMA_BUF and the mlx5 dma-buf MR importer',
    entries: ['vfio_pci_core_feature_dma_buf', 'reg_user_mr_dmabuf'],
    scenarios: () => [...TPH_DMA_BUF_SCENARIOS, ...generateInputScenarios()],
  },
];

function describeChanged(c: ChangedFunction): string {
  const callees = c.staticCallees.length ? ` (calls ${c.staticCallees.join(', ')})` : '';
  return `patch ${c.patch}: ${c.change} ${c.name}() in ${c.file}${callees}${c.visible ? '' : ` — cannot run: ${c.missing}`}`;
}

/** Layouts of the records the changed functions name, before → after, on the emulated ABI. */
function layoutNotes(changed: ChangedFunction[], before: EmulatedKernel, after: EmulatedKernel, abi: AbiName): string[] {
  const tags = new Set<string>();
  for (const k of [before, after]) {
    for (const c of changed) {
      const fn = k.units.find((u) => u.path === c.file);
      if (!fn) continue;
      const def = unitDefinitions(fn.path, fn.text).functions.get(c.name);
      for (const m of def?.node.text.matchAll(/\bstruct\s+([A-Za-z_]\w*)/g) ?? []) tags.add(m[1]!);
    }
  }
  // Only records the series' own files define: the emulator's reduced models
  // of other kernel structs do not have the kernel's layout.
  const fromSeries = (k: EmulatedKernel, tag: string): boolean => {
    const rec = k.model.records.find((r) => r.tag === tag && r.complete);
    return rec !== undefined && k.units.some((u) => u.path === rec.loc.file || rec.loc.file.endsWith(`/${u.path}`));
  };
  for (const t of [...tags]) if (!fromSeries(before, t) && !fromSeries(after, t)) tags.delete(t);
  const size = (k: EmulatedKernel, tag: string): string => {
    if (!fromSeries(k, tag)) return '?';
    try {
      const l = layoutRecord(k.model, tag, abi);
      return `${l.size}`;
    } catch {
      return '?';
    }
  };
  const parts = [...tags].sort().map((t) => {
    const b = size(before, t);
    const a = size(after, t);
    return `struct ${t} ${b === a ? b : `${b} → ${a}`}`;
  });
  return parts.length ? [`sizes of the series' own records used by the changed functions on ${abi} (bytes, before → after; ? = not known): ${parts.join(', ')}`] : [];
}

/**
 * Which of `names` the series' .c files define on either side (their text
 * read alone, without includes; only files that mention one are parsed):
 * enough to tell which scenario families could drive the series before
 * building either kernel, which means reading every touched file with all
 * it includes.
 */
function definedInSeries(images: Images, names: readonly string[]): Set<string> {
  const defined = new Set<string>();
  for (const [path, stages] of Object.entries(images.files)) {
    if (!path.endsWith('.c')) continue;
    for (const img of [stages[0], stages[stages.length - 1]]) {
      const text = img?.text;
      if (!text || !names.some((n) => text.includes(n))) continue;
      const functions = unitDefinitions(path, text).functions;
      for (const n of names) if (functions.has(n)) defined.add(n);
    }
  }
  return defined;
}

function accepted(run: ScenarioRun): boolean {
  return [run.before, run.after].some((o) => o.ran && !o.fault && o.steps.length > 0 && o.steps.every((s) => !s.result.startsWith('-')));
}

export function analyseBehaviour(input: BehaviourInput): BehaviourResult {
  const { series, images, abi, buildModel } = input;
  const notes: string[] = [];
  const changed = extractChangedFunctions(series, images);
  if (!changed.length) {
    return { scenarios: [], findings: [], notes: ['the series changes no function in a .c file: nothing to emulate'] };
  }
  // Which scenarios could drive the series, before any kernel is built: reading every file a large
  // series touches with all it includes, twice, is what a series no scenario concerns need not pay.
  const defined = definedInSeries(images, FAMILIES.flatMap((f) => f.entries));
  const families = FAMILIES.filter((f) => f.entries.some((e) => defined.has(e) || changed.some((c) => c.name === e)));
  if (!families.length) {
    const names = [...new Set(changed.map((c) => `${c.name}()`))];
    const files = new Set(changed.map((c) => c.file)).size;
    return {
      scenarios: [],
      findings: [],
      notes: [
        `the series changes ${plural(names.length, 'function')} in ${plural(files, '.c file')} (${abridged(names, NAMED, (n) => n).join(', ')}), none of which a scenario drives: ` +
          `the emulator's scenarios cover ${FAMILIES.map((f) => f.name).join('; ')}; the kernel before and after the series was not built`,
      ],
    };
  }
  notes.push(`emulated on ${abi} (${images.source === 'diff-context' ? 'only the diff context is known' : `base from ${images.source}`})`);
  notes.push(...changed.map(describeChanged));
  const before = emulatedKernel(images, 'before', abi, buildModel);
  const after = emulatedKernel(images, 'after', abi, buildModel);
  notes.push(...before.notes, ...after.notes);
  // A changed function only partly shown by the diff cannot run: say which lines are missing.
  for (const c of changed) {
    if (c.visible || !c.missing) continue;
    for (const k of [before, after]) if (!k.runnable.has(c.name) && !k.unrunnable.has(c.name)) k.unrunnable.set(c.name, c.missing);
  }

  const runs: ScenarioRun[] = [];
  for (const fam of families) {
    let base = fam.scenarios();
    // When no entry point can run on either side, the generated variations add nothing but the same reason.
    if (!fam.entries.some((e) => before.runnable.has(e) || after.runnable.has(e))) {
      const generated = base.filter((s) => s.generatedBy).length;
      base = base.filter((s) => !s.generatedBy);
      if (generated) notes.push(`${generated} generated scenarios not run: none of ${fam.entries.map((e) => `${e}()`).join(', ')} can run on either side`);
    }
    const baseRuns = base.map((s) => runScenario(before, after, s, input.limits));
    runs.push(...baseRuns);
    for (const run of baseRuns) {
      if (run.scenario.generatedBy || !accepted(run)) continue;
      const keys = [...new Set([...run.before.allocations, ...run.after.allocations])];
      for (const s of generateAllocationFailures(run.scenario, keys)) runs.push(runScenario(before, after, s, input.limits));
    }
  }
  notes.push(...layoutNotes(changed, before, after, abi));
  const executed = new Set(runs.flatMap((r) => [...r.before.executed, ...r.after.executed]));
  const notRun = changed.filter((c) => c.change !== 'removed' && !executed.has(c.name));
  if (notRun.length) notes.push(`changed but never executed by a scenario: ${notRun.map((c) => `${c.name}()`).join(', ')}`);
  const errors = new Map<string, number>();
  for (const r of runs) {
    for (const o of [r.before, r.after]) if (!o.ran && o.reason) errors.set(o.reason, (errors.get(o.reason) ?? 0) + 1);
  }
  for (const [reason, n] of errors) notes.push(`could not run (${n} run${n > 1 ? 's' : ''}): ${reason}`);
  const verdicts = new Map<string, number>();
  for (const r of runs) verdicts.set(r.report.verdict, (verdicts.get(r.report.verdict) ?? 0) + 1);
  notes.push(runs.length ? `${runs.length} scenario${runs.length === 1 ? '' : 's'}: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')}` : 'no scenario ran');
  notes.push(...preExistingNotes(runs));
  return { scenarios: runs.map((r) => r.report), findings: behaviourFindings(runs, { abi, changed }), notes };
}
