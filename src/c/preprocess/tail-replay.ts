/**
 * Tail replay: what a file does after its last `#include`, recorded once and
 * replayed by later runs, of any ABI, that reach the same point in the same
 * file with macros that answer alike.
 *
 * A uAPI header is its leading inclusions (<linux/types.h>, <linux/ioctl.h>)
 * and then its own declarations, which rarely depend on the ABI. Include
 * replay (include-replay.ts) keeps one recording per configuration: an
 * inclusion depends on the include path, and asm/ differs per ABI. So each
 * header's own part was preprocessed again for each ABI, whether it was the
 * file laid out or one it includes. A tail recording is an include
 * recording (same dependencies: every macro read before being set; the
 * file's text) of a file from a point after an `#include` (or its start) to
 * its end, kept in a store shared by every configuration. That is sound
 * only for what the dependencies capture, so a tail is not recorded when it
 *   - includes a file (then the tail after that #include is tried instead);
 *   - asks `__has_include` (the answer depends on the include path) or
 *     `__has_attribute` (on the target);
 *   - evaluates a character constant in `#if` (char signedness);
 *   - has `#line`, redefines a macro differently (the warning names the
 *     earlier definition's place), or anything an include recording cannot
 *     capture either.
 * A macro counts as the one recorded when it is defined alike: the same
 * `NULL` from each target's <stddef.h> expands to the same tokens, and an
 * expansion takes the place it is used, not the definition's. So most tails
 * replay on every ABI.
 *
 * A tail is recorded the first time its point is reached. Recording at the
 * second sight instead, so that a file read once costs no copy of its
 * output, was measured slower on every batch tried: 544 headers x 14 ABIs,
 * the same files for all or each ABI's own sysroot (then the tails of the
 * headers several units include still recur). Tails make
 * spans (ReplayRun.tails) at any depth, which inclusions recorded around
 * them carry and give again when replayed: later stages share their work on
 * a tail's rows across ABIs (../parse/shared-walks.ts).
 */
import type { CompactTokens } from './compact-tokens.ts';
import type { IncludeRecorder, IncludeReplayer, IncludeSpan, MacroAlike, ReplayStore } from './include-replay.ts';
import { sameDefinition } from './macro.ts';
import type { Conditional } from './skip-group.ts';

/** Recordings kept per point of a file: one per group of ABIs whose macros it reads differ. */
export const TAIL_VARIANTS = 16;

/** A macro defined alike (same parameters and replacement) stands for the one recorded. */
const DEFINED_ALIKE: MacroAlike = (now, recorded) =>
  now === recorded || (now !== undefined && recorded !== undefined && sameDefinition(now, recorded));

/** A file's frame, as much of it as a tail touches. */
export interface TailFrame {
  readonly file: { readonly path: string; readonly compact: CompactTokens | null };
  pos: number;
  conds: Conditional[];
  readonly lineDelta: number;
  readonly presumedFile: string;
  /** A point where a tail may start was reached: the file's start, or the end of an #include in it. */
  tailDue: boolean;
  /** The tail of this file being recorded. */
  tail: IncludeRecorder | null;
}

export class TailReplay {
  constructor(
    private readonly replayer: IncludeReplayer,
    private readonly store: ReplayStore,
    private readonly run: { readonly origins: readonly unknown[]; readonly tails: IncludeSpan[]; readonly outChars: number },
  ) {}

  /** An #include in `f`: the tail being recorded is not one; the next may start after it. */
  included(f: TailFrame): void {
    if (f.tail) this.replayer.abandon(f.tail);
    f.tail = null;
    f.tailDue = true;
  }

  /**
   * `f`, the innermost file, did something a tail recording cannot stand
   * for in other configurations (only the innermost file's tail can be
   * recording: an #include ends its file's).
   */
  poison(f: TailFrame | undefined): void {
    if (f?.tail) f.tail.poisoned = true;
  }

  /**
   * `f`, the innermost file, is read on at `f.pos` with no output line
   * pending: replay a recorded tail from here (true: the file is then done),
   * or start recording one. `below`: frames under f; `text`: f's text.
   */
  reached(f: TailFrame, below: number, text: string): boolean {
    f.tailDue = false;
    if (!f.file.compact || f.lineDelta !== 0 || f.presumedFile !== f.file.path) return false;
    const key = `${f.file.path}\0${f.pos}\0${f.conds.map((c) => `${+c.active}${+c.taken}${+c.sawElse}:${c.line}`).join(',')}`;
    const row = this.run.origins.length;
    const offset = this.run.outChars;
    const r = this.replayer.replay(key, below, this.store, DEFINED_ALIKE);
    if (r) {
      f.pos = f.file.compact.length;
      f.conds = [];
      if (r.origins.length > 0) this.run.tails.push({ row, rows: r.origins.length, offset, recording: r });
      return true;
    }
    f.tail = this.replayer.start(key, below);
    // the file's text is a dependency like an included file's (a patched file keeps its path)
    f.tail.loaded(f.file.path, text);
    return false;
  }

  /** `f` ended: keep its tail being recorded, if it is sound (before the inclusion around it is finished). */
  ended(f: TailFrame): void {
    const r = f.tail;
    if (!r) return;
    f.tail = null;
    const recording = this.replayer.finish(r, this.store);
    if (recording && recording.origins.length > 0) this.run.tails.push({ row: r.start.origins, rows: recording.origins.length, offset: r.start.chars, recording });
  }
}
