/**
 * The macro table of one preprocess run: the ABI's predefined macros (built
 * once per ABI and shared by every run) overlaid with the run's own
 * #define/#undef, so a run does not copy a few hundred predefined entries.
 * Include recordings (include-replay.ts) watch every lookup and change.
 */
import type { MacroLookup } from './expander.ts';
import type { Macro } from './macro.ts';

/**
 * Sees the table's lookups and changes (an include being recorded). Watchers
 * nest: one begun later ends earlier, and each sees every lookup and change
 * while it is active, so the names an inner watcher has seen are names every
 * outer one has seen too.
 */
export interface MacroWatcher {
  /** A lookup; true when this watcher had seen `name` already (then, by the nesting, so had every outer one). */
  read(name: string, m: Macro | undefined): boolean;
  write(name: string, m: Macro | undefined): void;
}

export class MacroTable implements MacroLookup {
  private readonly base: ReadonlyMap<string, Macro>;
  private readonly own = new Map<string, Macro>();
  /** Base names #undef'd in this run. */
  private readonly removed = new Set<string>();
  /** Active watchers, innermost last (shared with the preprocessor, which pushes and pops them). */
  readonly watchers: MacroWatcher[] = [];

  constructor(base: ReadonlyMap<string, Macro>) {
    this.base = base;
  }

  get(name: string): Macro | undefined {
    let m = this.own.get(name);
    if (m === undefined && !(this.removed.size > 0 && this.removed.has(name))) m = this.base.get(name);
    // innermost first: the first watcher that knew the name already means the outer ones did too
    const ws = this.watchers;
    for (let i = ws.length - 1; i >= 0; i--) if (ws[i]!.read(name, m)) break;
    return m;
  }

  /**
   * Whether every name in `names` reads now as `holds(now, recorded[i])`
   * says, given `baseFailures`: the indices of the names for which it does
   * not hold on the predefined macros alone (the same for every run of one
   * configuration, so worked out once: include-replay.ts). Only names this
   * run defined or removed are looked up, each in the run's own entries; no
   * watcher sees them, so with watchers active the caller reads each name.
   */
  holdsAll(
    names: readonly string[],
    recorded: readonly (Macro | undefined)[],
    holds: (now: Macro | undefined, was: Macro | undefined) => boolean,
    baseFailures: readonly number[],
  ): boolean {
    const own = this.own;
    const removed = this.removed;
    for (const i of baseFailures) if (!own.has(names[i]!) && !removed.has(names[i]!)) return false;
    if (own.size === 0 && removed.size === 0) return true;
    const checkRemoved = removed.size > 0;
    for (let i = 0; i < names.length; i++) {
      const m = own.get(names[i]!);
      if (m === undefined && !(checkRemoved && removed.has(names[i]!))) continue;
      if (!holds(m, recorded[i])) return false;
    }
    return true;
  }

  /** The predefined macros (shared by every run of one configuration). */
  get predefined(): ReadonlyMap<string, Macro> {
    return this.base;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, m: Macro): void {
    this.own.set(name, m);
    if (this.watchers.length > 0) for (const w of this.watchers) w.write(name, m);
  }

  delete(name: string): void {
    this.own.delete(name);
    if (this.base.has(name)) this.removed.add(name);
    if (this.watchers.length > 0) for (const w of this.watchers) w.write(name, undefined);
  }

  /** All defined macros: predefined first, then the run's in definition order. */
  *entries(): IterableIterator<[string, Macro]> {
    for (const [name, m] of this.base) if (!this.own.has(name) && !this.removed.has(name)) yield [name, m];
    yield* this.own;
  }
}
