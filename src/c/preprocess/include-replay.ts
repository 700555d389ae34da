/**
 * Include replay: what including a file did, recorded once and replayed when
 * the same file is included again in a state that cannot change the result.
 *
 * `<linux/types.h>` and its chain are included by nearly every uAPI header,
 * on every ABI: a batch of 544 headers × 14 ABIs preprocesses that chain
 * thousands of times with the same outcome. A recording keeps exactly what
 * the inclusion depended on and what it did:
 *   - depended on: every macro it looked up before defining it itself (with
 *     the definition seen, by identity: a file's #defines and the ABI's
 *     predefined macros are shared objects across runs), every file it read
 *     or probed (with the text seen), every `#pragma once` state it asked;
 *   - did: its output lines and their origins, its diagnostics, its
 *     #define/#undef in order, the files it noted, the `#pragma once` it set,
 *     the macro-expansion budget it used, how deep its includes nested, and
 *     where the tails inside it stand (tail-replay.ts).
 * A replay first checks every dependency against the current state; only
 * then does it apply the effects. Recordings are kept per configuration;
 * tails, recorded the same way, in one store for all (tail-replay.ts), where
 * a macro defined alike counts as the one read. Anything whose result a
 * recording cannot capture (`__COUNTER__`, `__INCLUDE_LEVEL__`,
 * `push_macro`/`pop_macro`, an exhausted budget, a depth limit reached, an
 * include read inside a macro's arguments) poisons the recording, and that
 * inclusion is simply not stored.
 */
import type { SourceLoc } from '../type-model.ts';
import type { PpDiagnostic } from './diagnostic.ts';
import type { Macro } from './macro.ts';
import type { ExpansionHost } from './expander.ts';
import type { MacroTable, MacroWatcher } from './macro-table.ts';

export interface IncludeReplay {
  /** Macros read before being set, and the definitions seen (parallel arrays: thousands of recordings are kept). */
  depNames: string[];
  depMacros: (Macro | undefined)[];
  /** Files read or probed, and the text seen (null: missing); parallel arrays, checked on every replay. */
  loadPaths: string[];
  loadTexts: (string | null)[];
  /** `#pragma once` states asked, and the answer (parallel arrays). */
  oncePaths: string[];
  onceValues: boolean[];
  /** #define (a macro) and #undef (undefined), in order (parallel arrays, like the dependencies). */
  opNames: string[];
  opMacros: (Macro | undefined)[];
  onceAdds: string[];
  noted: string[];
  text: string;
  origins: SourceLoc[];
  diagnostics: PpDiagnostic[];
  budgetUsed: number;
  /** Deepest include nesting below the replayed file's own frame (1 = none). */
  depth: number;
  /** The tails (tail-replay.ts) among its output rows, rows relative to its first. */
  tails: IncludeSpan[];
  /** Which dependencies fail on a configuration's predefined macros alone, worked out once per table (see failingOnBase). */
  baseFailures: BaseFailures[];
}

/**
 * Output rows [row, row + rows) that are exactly what one inclusion, recorded
 * or replayed outside any other recording, produced. The same `recording`
 * object stands for the same text and origins in every run of one
 * configuration, so later stages can key their own work on it.
 */
export interface IncludeSpan {
  row: number;
  rows: number;
  /** Where its text starts in the output text. */
  offset: number;
  recording: IncludeReplay;
}

/** The state a recording starts from (offsets into the run's output arrays). */
export interface RecordingStart {
  out: number;
  origins: number;
  diagnostics: number;
  budgetUsed: number;
  counter: number;
  /** Frames on the stack before the recorded file's own. */
  frames: number;
  tails: number;
  chars: number;
}

export class IncludeRecorder implements MacroWatcher {
  /** Every macro name read or written so far: a name's first read is a dependency only if nothing came before it. */
  private readonly seen = new Set<string>();
  private readonly depNames: string[] = [];
  private readonly depMacros: (Macro | undefined)[] = [];
  readonly opNames: string[] = [];
  readonly opMacros: (Macro | undefined)[] = [];
  readonly loads = new Map<string, string | null>();
  readonly onceReads = new Map<string, boolean>();
  readonly onceAdds: string[] = [];
  readonly noted: string[] = [];
  depth = 1;
  poisoned = false;

  constructor(
    readonly key: string,
    readonly start: RecordingStart,
  ) {}

  read(name: string, m: Macro | undefined): boolean {
    if (this.seen.has(name)) return true;
    this.seen.add(name);
    this.depNames.push(name);
    this.depMacros.push(m);
    return false;
  }

  write(name: string, m: Macro | undefined): void {
    this.seen.add(name);
    this.opNames.push(name);
    this.opMacros.push(m);
  }

  loaded(path: string, text: string | null): void {
    if (!this.loads.has(path)) this.loads.set(path, text);
  }

  askedOnce(path: string, value: boolean): void {
    if (!this.onceAdds.includes(path) && !this.onceReads.has(path)) this.onceReads.set(path, value);
  }

  /** Nesting reached `frames` frames in total. */
  nested(frames: number): void {
    this.depth = Math.max(this.depth, frames - this.start.frames);
  }

  finish(
    run: { out: readonly string[]; origins: readonly SourceLoc[]; diagnostics: readonly PpDiagnostic[]; tails: readonly IncludeSpan[] },
    budgetUsed: number,
  ): IncludeReplay {
    return {
      depNames: this.depNames,
      depMacros: this.depMacros,
      loadPaths: [...this.loads.keys()],
      loadTexts: [...this.loads.values()],
      oncePaths: [...this.onceReads.keys()],
      onceValues: [...this.onceReads.values()],
      opNames: this.opNames,
      opMacros: this.opMacros,
      onceAdds: this.onceAdds,
      noted: this.noted,
      text: run.out.slice(this.start.out).join(''),
      origins: run.origins.slice(this.start.origins),
      diagnostics: run.diagnostics.slice(this.start.diagnostics),
      budgetUsed: budgetUsed - this.start.budgetUsed,
      depth: this.depth,
      tails: run.tails.slice(this.start.tails).map((t) => ({ ...t, row: t.row - this.start.origins, offset: t.offset - this.start.chars })),
      baseFailures: [],
    };
  }
}

/** What a replay checks its dependencies against (each check is itself a read, seen by enclosing recordings). */
export interface ReplayState {
  readonly macros: MacroTable;
  load(path: string): string | null;
  isOnce(path: string): boolean;
}

/** When a macro read now counts as the one a recording read (default: the same object). */
export type MacroAlike = (now: Macro | undefined, recorded: Macro | undefined) => boolean;

const SAME_OBJECT: MacroAlike = (now, recorded) => now === recorded;

/** A recording's dependencies that fail on one configuration's predefined macros alone (by index). */
interface BaseFailures {
  base: ReadonlyMap<string, Macro>;
  alike: MacroAlike;
  failing: number[];
}

/**
 * The dependencies of `r` that fail on `base` alone, by index, worked out once
 * per table and kept on the recording: a recording is checked on every run
 * that includes its file, and most of its dependencies are names the run has
 * not touched, which read the predefined macro (or nothing) every time.
 */
function failingOnBase(r: IncludeReplay, base: ReadonlyMap<string, Macro>, alike: MacroAlike): readonly number[] {
  const list = r.baseFailures;
  for (const v of list) if (v.base === base && v.alike === alike) return v.failing;
  const failing: number[] = [];
  for (let i = 0; i < r.depNames.length; i++) if (!alike(base.get(r.depNames[i]!), r.depMacros[i])) failing.push(i);
  list.push({ base, alike, failing });
  return failing;
}

export function replayApplies(r: IncludeReplay, state: ReplayState, alike: MacroAlike = SAME_OBJECT): boolean {
  const { loadPaths, loadTexts, oncePaths, onceValues } = r;
  for (let i = 0; i < loadPaths.length; i++) if (state.load(loadPaths[i]!) !== loadTexts[i]) return false;
  for (let i = 0; i < oncePaths.length; i++) if (state.isOnce(oncePaths[i]!) !== onceValues[i]) return false;
  const macros = state.macros;
  if (macros.watchers.length === 0) return macros.holdsAll(r.depNames, r.depMacros, alike, failingOnBase(r, macros.predefined, alike));
  // enclosing recordings must see every read
  for (let i = 0; i < r.depNames.length; i++) if (!alike(macros.get(r.depNames[i]!), r.depMacros[i])) return false;
  return true;
}

const VARIANTS_PER_FILE = 8;

/** Recordings of one preprocessing configuration, by included file (and include_next position). */
export class ReplayStore {
  private readonly byKey = new Map<string, IncludeReplay[]>();

  /** `variants`: recordings kept per key, the least recently used dropped. */
  constructor(private readonly variants = VARIANTS_PER_FILE) {}

  /** The recordings of `key`, most recently used first. */
  candidates(key: string): readonly IncludeReplay[] {
    return this.byKey.get(key) ?? [];
  }

  used(key: string, r: IncludeReplay): void {
    const list = this.byKey.get(key);
    if (!list || list[0] === r) return;
    const k = list.indexOf(r);
    if (k > 0) list.unshift(...list.splice(k, 1));
  }

  add(key: string, r: IncludeReplay): void {
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.unshift(r);
    if (list.length > this.variants) list.pop();
  }
}

/** The preprocess run a replayer records from and replays into. */
export interface ReplayRun {
  readonly out: string[];
  /** Characters in `out` so far. */
  readonly outChars: number;
  /** Appends to `out`. */
  write(piece: string): void;
  readonly origins: SourceLoc[];
  readonly diagnostics: PpDiagnostic[];
  /** Where top-level recorded and replayed inclusions stand in the output (rows > 0 only). */
  readonly spans: IncludeSpan[];
  /** Where tails (tail-replay.ts), at any depth, stand in the output, in order. */
  readonly tails: IncludeSpan[];
  readonly macros: MacroTable;
  readonly host: Pick<ExpansionHost, 'budget' | 'counter'>;
  readonly maxDepth: number;
  load(path: string): string | null;
  isOnce(path: string): boolean;
  setOnce(path: string): void;
  noteFile(path: string): void;
}

/** Records a run's inclusions and replays earlier recordings into it. */
export class IncludeReplayer {
  /** Inclusions being recorded, innermost last (also the macro table's watchers). */
  private readonly recorders: IncludeRecorder[] = [];

  constructor(
    private readonly store: ReplayStore,
    private readonly run: ReplayRun,
  ) {}

  /** Something happened whose effect a recording cannot capture. */
  poison(): void {
    for (const r of this.recorders) r.poisoned = true;
  }

  noted(path: string): void {
    for (const r of this.recorders) r.noted.push(path);
  }

  loaded(path: string, text: string | null): void {
    for (const r of this.recorders) r.loaded(path, text);
  }

  askedOnce(path: string, value: boolean): void {
    for (const r of this.recorders) r.askedOnce(path, value);
  }

  onceAdded(path: string): void {
    for (const r of this.recorders) r.onceAdds.push(path);
  }

  nested(frames: number): void {
    for (const r of this.recorders) r.nested(frames);
  }

  /** Start recording an inclusion about to be pushed above `frames` frames. */
  start(key: string, frames: number): IncludeRecorder {
    const run = this.run;
    const r = new IncludeRecorder(key, {
      out: run.out.length,
      origins: run.origins.length,
      diagnostics: run.diagnostics.length,
      budgetUsed: run.host.budget.used,
      counter: run.host.counter.value,
      frames,
      tails: run.tails.length,
      chars: run.outChars,
    });
    this.recorders.push(r);
    run.macros.watchers.push(r);
    return r;
  }

  /**
   * The recorded inclusion's frame was popped (its output flushed): keep the
   * recording in `store` if it is sound. An inclusion's own store gives it a
   * span; another (tail-replay.ts) leaves that to its caller.
   */
  finish(r: IncludeRecorder, store = this.store): IncludeReplay | null {
    this.abandon(r);
    const { budget, counter } = this.run.host;
    if (r.poisoned || budget.exhausted || counter.value !== r.start.counter) return null;
    const recording = r.finish(this.run, budget.used);
    store.add(r.key, recording);
    if (store === this.store) this.span(r.start.origins, r.start.chars, recording);
    return recording;
  }

  /** Stop recording `r` (the innermost recording) without keeping it. */
  abandon(r: IncludeRecorder): void {
    if (this.recorders[this.recorders.length - 1] !== r) throw new Error('include replay: recordings must end innermost first');
    this.recorders.pop();
    this.run.macros.watchers.pop();
  }

  private span(row: number, offset: number, recording: IncludeReplay): void {
    if (this.recorders.length === 0 && recording.origins.length > 0) this.run.spans.push({ row, rows: recording.origins.length, offset, recording });
  }

  /**
   * Apply a recording of `key` from `store` (above `frames` frames) whose
   * dependencies hold now; null when none does. Only an inclusion's own
   * store gives it a span (see finish).
   */
  replay(key: string, frames: number, store = this.store, alike?: MacroAlike): IncludeReplay | null {
    const run = this.run;
    const budget = run.host.budget;
    let r: IncludeReplay | undefined;
    for (const c of store.candidates(key)) {
      const fits = frames + c.depth <= run.maxDepth && budget.used + c.budgetUsed <= budget.max;
      if (fits && replayApplies(c, run, alike)) {
        r = c;
        break;
      }
    }
    if (!r) return null;
    store.used(key, r);
    const { opNames, opMacros } = r;
    for (let i = 0; i < opNames.length; i++) {
      const m = opMacros[i];
      if (m) run.macros.set(opNames[i]!, m);
      else run.macros.delete(opNames[i]!);
    }
    for (const p of r.onceAdds) run.setOnce(p);
    for (const p of r.noted) run.noteFile(p);
    const at = run.outChars;
    run.write(r.text);
    if (store === this.store) this.span(run.origins.length, at, r);
    for (const t of r.tails) run.tails.push({ ...t, row: t.row + run.origins.length, offset: t.offset + at });
    pushAll(run.origins, r.origins);
    for (const d of r.diagnostics) run.diagnostics.push(d);
    budget.used += r.budgetUsed;
    this.nested(frames + r.depth);
    return r;
  }
}

/** Rows appended with one spread at most (an argument list has a limit). */
const PUSH_CHUNK = 8192;

/** Appends `items` to `to`: by spreading, in chunks past a size (an argument list has a limit). */
function pushAll<T>(to: T[], items: readonly T[]): void {
  if (items.length <= PUSH_CHUNK) to.push(...items);
  else for (let i = 0; i < items.length; i += PUSH_CHUNK) to.push(...items.slice(i, i + PUSH_CHUNK));
}
