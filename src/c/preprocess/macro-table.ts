/**
 * The macro table of one preprocess run: the ABI's predefined macros (built
 * once per ABI and shared by every run) overlaid with the run's own
 * #define/#undef, so a run does not copy a few hundred predefined entries.
 */
import type { MacroLookup } from './expander.ts';
import type { Macro } from './macro.ts';

export class MacroTable implements MacroLookup {
  private readonly base: ReadonlyMap<string, Macro>;
  private readonly own = new Map<string, Macro>();
  /** Base names #undef'd in this run. */
  private readonly removed = new Set<string>();

  constructor(base: ReadonlyMap<string, Macro>) {
    this.base = base;
  }

  get(name: string): Macro | undefined {
    const m = this.own.get(name);
    if (m !== undefined) return m;
    if (this.removed.size > 0 && this.removed.has(name)) return undefined;
    return this.base.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, m: Macro): void {
    this.own.set(name, m);
  }

  delete(name: string): void {
    this.own.delete(name);
    if (this.base.has(name)) this.removed.add(name);
  }

  /** All defined macros: predefined first, then the run's in definition order. */
  *entries(): IterableIterator<[string, Macro]> {
    for (const [name, m] of this.base) if (!this.own.has(name) && !this.removed.has(name)) yield [name, m];
    yield* this.own;
  }
}
