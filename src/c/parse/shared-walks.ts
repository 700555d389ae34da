/**
 * Shared walks: the declaration walk of a recording's rows (an inclusion,
 * or the main file's tail: ../preprocess/include-replay.ts, tail-replay.ts),
 * done once and replayed by every unit, of any ABI, that has the same
 * recording where the scope answers the walk's reads alike (walk-reads.ts).
 *
 * The same recording object means the same text and origins; what the walk
 * made of it depends only on its reads (regions carry no `#pragma pack`:
 * unit-regions.ts). A replay applies the walk's scope changes: the
 * declarations it made are shared by every model that replays it, as the
 * walk memo (walk-memo.ts) shares those of leading inclusions, which are
 * never modified once made (extractor-scope.ts).
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { ScopeJournal } from './scope-journal.ts';
import type { LayoutHooks } from './layout-queries.ts';
import type { SyntaxProblem } from './syntax-errors.ts';
import { answersAlike, type ReadChecks, type ScopeAnswers } from './walk-reads.ts';

/** One recorded walk of a recording's rows. */
export interface SharedWalk {
  reads: ReadChecks;
  ops: ScopeJournal;
  /** Syntax problems, rows relative to the recording's first row; at most the unit's limit, the rest counted. */
  problems: readonly SyntaxProblem[];
  more: number;
  /** Some piece had ERROR or MISSING nodes (not all are reported: syntax-errors.ts). */
  hasError: boolean;
}

/** Walks kept per recording: one per set of answers (ABIs whose types differ), the oldest dropped. */
const WALKS_PER_RECORDING = 8;

export class SharedWalks {
  /** The layout engine the walks asked (their sizeof reads are checked again with it: size-reads.ts). */
  constructor(private readonly layout: LayoutHooks | undefined) {}

  private readonly byRecording = new WeakMap<object, SharedWalk[]>();

  /** A walk of `recording` whose reads `scope` answers alike on `abi`. */
  find(recording: object, scope: ScopeAnswers, abi: AbiName, kernel: boolean): SharedWalk | undefined {
    const walks = this.byRecording.get(recording);
    return walks?.find((w) => answersAlike(w.reads, scope, abi, kernel, this.layout));
  }

  add(recording: object, walk: SharedWalk): void {
    let walks = this.byRecording.get(recording);
    if (!walks) this.byRecording.set(recording, (walks = []));
    if (walks.length >= WALKS_PER_RECORDING) walks.shift();
    walks.push(walk);
  }
}

const NO_LAYOUT = {};
const stores = new WeakMap<object, Map<string, SharedWalks>>();

/** The shared walks for these options (any ABI: the ABI enters through the reads). */
export function sharedWalks(config: { kernel: boolean; fallbackTypes: boolean; layout?: LayoutHooks }): SharedWalks {
  const hooks = config.layout ?? NO_LAYOUT;
  let byOptions = stores.get(hooks);
  if (!byOptions) stores.set(hooks, (byOptions = new Map()));
  const key = `${config.kernel}/${config.fallbackTypes}`;
  let walks = byOptions.get(key);
  if (!walks) byOptions.set(key, (walks = new SharedWalks(config.layout)));
  return walks;
}
