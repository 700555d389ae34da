/**
 * Runs every stage for one target, in one direction:
 * acquire → apply → (uAPI diff ∥ behaviour) → report. Emits progress events;
 * the CLI and the TUI both call this and nothing below it.
 */
import { join } from 'node:path';
import type { Series } from '../patchwork/series.ts';
import type { Images } from '../tree/images.ts';
import type { Report } from '../report/report.ts';
import type { PipelineOptions, ProgressEvent, StageName } from './options.ts';
import { acquireSeries } from '../patchwork/acquire.ts';
import { buildImages } from '../tree/build-images.ts';
import { analyseSeries } from '../abi/analyse-series.ts';
import { assembleReport } from './assemble-report.ts';
import { treeCodeFor } from '../tree/tree-code.ts';
import { treeWords } from '../tree/tree-words.ts';
import { treeOpImplementations } from '../tree/op-implementations.ts';
import { treeFunctionCalls } from '../tree/function-calls.ts';
import { treeVariableDeclarations } from '../tree/variable-declarations.ts';
import { treeVariableUses } from '../tree/variable-uses.ts';
import type { PointerChange } from '../abi/diff/variable-uses.ts';
import type { OpSlot } from '../abi/diff/op-implementations.ts';
import { createModelCache } from './model-cache.ts';
import { toolVersion } from './tool-version.ts';
import { describeTreeConfig } from '../c/preprocess/kernel-config.ts';
import { readSourceFile } from '../c/preprocess/index.ts';
import { syscallListPaths } from '../tree/syscall-list-files.ts';
import { treeAbiDocumentation } from '../tree/abi-documentation.ts';
import type { AbiName } from '../abi/layout-types.ts';


export interface PipelineResult {
  report: Report;
  series: Series;
  images: Images;
}

async function stage<T>(
  name: StageName,
  emit: (e: ProgressEvent) => void,
  work: () => Promise<T> | T,
): Promise<T> {
  emit({ stage: name, status: 'start' });
  const t0 = performance.now();
  // Yield to the event loop so a UI can draw the 'start' event before CPU work.
  await new Promise((r) => setImmediate(r));
  const out = await work();
  emit({ stage: name, status: 'done', ms: Math.round(performance.now() - t0) });
  return out;
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  const emit = opts.onProgress ?? (() => {});
  const info = (s: StageName) => (message: string) => emit({ stage: s, status: 'info', message });

  const series = await stage('fetch', emit, () =>
    acquireSeries(opts.target, {
      server: opts.server,
      token: opts.token,
      apiVersion: opts.apiVersion,
      patchId: opts.patchId,
      offline: opts.offline,
      cacheDir: opts.cacheDir,
      tree: opts.tree,
      onProgress: info('fetch'),
    }),
  );

  const images = await stage('apply', emit, () =>
    buildImages(series, {
      tree: opts.tree,
      github: opts.github,
      offline: opts.offline,
      cacheDir: opts.cacheDir,
      githubToken: opts.githubToken,
      githubBaseUrl: opts.githubBaseUrl,
      onProgress: info('apply'),
    }),
  );

  const buildModel = createModelCache({ kernelTree: opts.tree });

  const words = opts.tree !== undefined ? treeWords(opts.tree) : undefined;
  const abi = await stage('layouts', emit, () =>
    analyseSeries({
      series, images, abis: opts.abis, buildModel, treeIncludes: opts.tree !== undefined,
      ...(opts.tree !== undefined ? {
        treeRoot: opts.tree,
        treeFile: (path: string) => readSourceFile(join(opts.tree!, path)),
        treeSyscallLists: { paths: () => syscallListPaths(opts.tree!), read: (path: string) => readSourceFile(join(opts.tree!, path)) },
        treeAbiDocumentation: () => treeAbiDocumentation(opts.tree!),
        treeCode: (tags: string[], exclude: ReadonlySet<string>) => treeCodeFor(words!, tags, exclude),
        treePrepareWords: (all: string[]) => words!.prepare(all),
        treeOpImplementations: (slots: OpSlot[], exclude: ReadonlySet<string>) => treeOpImplementations(words!, slots, exclude),
        treeFunctionCalls: (names: string[], exclude: ReadonlySet<string>) => treeFunctionCalls(words!, names, exclude),
        treeVariableDeclarations: (names: string[], exclude: ReadonlySet<string>) => treeVariableDeclarations(words!, names, exclude),
        treeVariableUses: (changes: ReadonlyMap<string, PointerChange>, exclude: ReadonlySet<string>) => treeVariableUses(words!, changes, exclude),
        kernelConfigNote: (abis: AbiName[]) => describeTreeConfig(opts.tree!, abis, readSourceFile),
      } : {}),
    }),
  );

  const behaviour = opts.behaviour
    ? await stage('emulator', emit, async () => {
        // Loaded on demand: the emulator is the heaviest module and optional.
        const { analyseBehaviour } = await import('../semantics/analyse-behaviour.ts');
        return analyseBehaviour({ series, images, abi: opts.emulateAbi, buildModel });
      })
    : { scenarios: [], findings: [], notes: ['behaviour analysis not run (--no-behaviour)'] };

  const report = await stage('report', emit, () =>
    assembleReport(toolVersion(), {
      series,
      images,
      findings: [...abi.findings, ...behaviour.findings],
      layouts: abi.layouts,
      scenarios: behaviour.scenarios,
      behaviourNotes: behaviour.notes,
      notes: abi.notes,
    }),
  );
  return { report, series, images };
}
