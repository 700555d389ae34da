/**
 * The configuration `make allnoconfig` gives a Kconfig tree, worked out
 * without running Kconfig: every prompt the user would be asked is answered
 * "no" (bool and tristate; numbers and strings keep their defaults, held
 * within their `range`), except
 * the symbols `forced` answers "yes" (the ABI's architecture and word size,
 * as a KCONFIG_ALLCONFIG fragment would); a symbol without a visible prompt
 * takes its first default whose condition holds, raised by any `imply`
 * as far as its own dependencies allow;
 * `select` raises a symbol whatever its dependencies; a choice takes its default (or its first
 * visible member). Values follow scripts/kconfig/symbol.c's sym_calc_value:
 * tristates n/m/y, `m` read as `y` where MODULES is off (always, here, unless
 * forced) and for bools; `=`/`!=` compare values as numbers where both are
 * numbers, else as text.
 *
 * The result is what include/generated/autoconf.h would define:
 * `CONFIG_X` → `1` (y), `CONFIG_X_MODULE` → `1` (m), numbers as written
 * (hex with its 0x), strings quoted.
 */
import type { KconfigExpr } from './kconfig-expr.ts';
import type { KconfigChoice, KconfigModel, KconfigSymbol } from './kconfig-parse.ts';

type Tri = 0 | 1 | 2;

const NUMBER = /^-?(?:0x[0-9a-fA-F]+|\d+)$/;

class Evaluator {
  private readonly tris = new Map<string, Tri>();
  private readonly strs = new Map<string, { value: string; written: boolean }>();
  private readonly selected = new Map<KconfigChoice, string | null>();
  private readonly busy = new Set<string>();
  private modules: Tri | null = null;

  constructor(
    private readonly model: KconfigModel,
    private readonly forced: ReadonlySet<string>,
    private readonly legacyChoices: boolean,
  ) {}

  expr(e: KconfigExpr): Tri {
    switch (e.k) {
      case 'sym': return this.tri(e.name);
      case 'const': return e.text === 'y' ? 2 : e.text === 'm' ? 1 : 0;
      case 'not': return (2 - this.expr(e.e)) as Tri;
      case 'and': { const a = this.expr(e.a); return a === 0 ? 0 : (Math.min(a, this.expr(e.b)) as Tri); }
      case 'or': { const a = this.expr(e.a); return a === 2 ? 2 : (Math.max(a, this.expr(e.b)) as Tri); }
      case 'cmp': {
        const a = this.text(e.a);
        const b = this.text(e.b);
        const numeric = NUMBER.test(a) && NUMBER.test(b);
        const c = numeric ? Math.sign(Number(BigInt(a) - BigInt(b))) : a < b ? -1 : a > b ? 1 : 0;
        const holds = { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[e.op];
        return holds ? 2 : 0;
      }
    }
  }

  /** A symbol's or constant's value as text (bool/tristate: y/m/n). */
  private text(e: KconfigExpr): string {
    if (e.k === 'const') return e.text;
    if (e.k !== 'sym') return ['n', 'm', 'y'][this.expr(e)]!;
    const s = this.model.symbols.get(e.name);
    // a word no entry declares (`default C0000000`) reads as itself (symbol.c: S_UNKNOWN's value is its name)
    if (!s || s.type === null) return e.name;
    if (s.type === 'bool' || s.type === 'tristate') return ['n', 'm', 'y'][this.tri(e.name)]!;
    return this.str(s).value;
  }

  private visibility(prompts: readonly KconfigExpr[]): Tri {
    let v: Tri = 0;
    for (const p of prompts) if ((v = Math.max(v, this.expr(p)) as Tri) === 2) break;
    return v;
  }

  private choiceOf(c: KconfigChoice): string | null {
    if (this.selected.has(c)) return this.selected.get(c)!;
    this.selected.set(c, null); // a cycle through the choice reads it as unset
    let pick: string | null = null;
    // before 6.11 (scripts/kconfig's choice rework) a choice whose prompt is hidden had no value
    if (this.legacyChoices ? this.visibility(c.prompts) > 0 : this.expr(c.dep) > 0) {
      const visible = (name: string) => this.visibility(this.model.symbols.get(name)?.prompts ?? []) > 0;
      pick = c.members.find((m) => this.forced.has(m) && visible(m))
        ?? c.defaults.find((d) => this.expr(d.cond) > 0 && visible(d.name))?.name
        ?? c.members.find(visible)
        ?? null;
    }
    this.selected.set(c, pick);
    return pick;
  }

  private modulesOn(): boolean {
    if (this.modules === null) {
      this.modules = 0;
      this.modules = this.tri('MODULES');
    }
    return this.modules > 0;
  }

  tri(name: string): Tri {
    const hit = this.tris.get(name);
    if (hit !== undefined) return hit;
    const s = this.model.symbols.get(name);
    if (!s || (s.type !== 'bool' && s.type !== 'tristate') || this.busy.has(name)) return 0;
    this.busy.add(name);
    let v: Tri;
    try {
      v = this.calcTri(s);
    } finally {
      this.busy.delete(name);
    }
    this.tris.set(name, v);
    return v;
  }

  private calcTri(s: KconfigSymbol): Tri {
    let v: Tri = 0;
    if (s.choice) {
      v = this.choiceOf(s.choice) === s.name ? 2 : 0;
    } else {
      const vis = this.visibility(s.prompts);
      if (vis > 0) v = this.forced.has(s.name) ? vis : 0;
      else {
        for (const d of s.defaults) {
          const c = this.expr(d.cond);
          if (c > 0) {
            v = Math.min(this.expr(d.value), c) as Tri;
            break;
          }
        }
        if (s.impliedBy.length > 0) {
          const dep = s.dirDep ? this.expr(s.dirDep) : 2;
          for (const imp of s.impliedBy) v = Math.max(v, Math.min(this.tri(imp.by), this.expr(imp.cond), dep)) as Tri;
        }
      }
      for (const sel of s.selectedBy) {
        if (v === 2) break;
        v = Math.max(v, Math.min(this.tri(sel.by), this.expr(sel.cond))) as Tri;
      }
    }
    if (v === 1 && (s.type === 'bool' || s.name === 'MODULES' || !this.modulesOn())) v = 2;
    return v;
  }

  str(s: KconfigSymbol): { value: string; written: boolean } {
    const hit = this.strs.get(s.name);
    if (hit) return hit;
    if (this.busy.has(s.name)) return { value: '', written: false };
    this.busy.add(s.name);
    let out = { value: '', written: this.visibility(s.prompts) > 0 };
    try {
      for (const d of s.defaults) {
        if (this.expr(d.cond) > 0) {
          out = { value: this.text(d.value), written: true };
          break;
        }
      }
      if (s.type === 'int' || s.type === 'hex') out.value = this.inRange(s, out.value);
    } finally {
      this.busy.delete(s.name);
    }
    this.strs.set(s.name, out);
    return out;
  }

  /**
   * symbol.c's sym_validate_range: under the first `range` whose condition
   * holds, a value below MIN (an empty one reads as 0) becomes MIN's value,
   * one above MAX becomes MAX's, as text.
   */
  private inRange(s: KconfigSymbol, value: string): string {
    const range = s.ranges.find((r) => this.expr(r.cond) > 0);
    if (!range) return value;
    const base = s.type === 'hex' ? 16 : 10;
    const v = strtoll(value, base);
    const min = this.text({ k: 'sym', name: range.min });
    if (v < strtoll(min, base)) return min;
    const max = this.text({ k: 'sym', name: range.max });
    return v > strtoll(max, base) ? max : value;
  }
}

/** C's strtoll in base 10 or 16: leading blanks, a sign, a 0x before hex digits, digits up to the first other character; 0 without any. */
function strtoll(text: string, base: 10 | 16): bigint {
  const m = (base === 16 ? /^\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/ : /^\s*([+-]?)(\d*)/).exec(text)!;
  if (!m[2]) return 0n;
  const n = BigInt(base === 16 ? `0x${m[2]}` : m[2]);
  return m[1] === '-' ? -n : n;
}

/** The autoconf.h definitions of allnoconfig with `forced` answered yes (`CONFIG_X` → its text). */
export function allnoconfig(model: KconfigModel, forced: ReadonlySet<string>, opts: { legacyChoices?: boolean } = {}): Map<string, string> {
  const ev = new Evaluator(model, forced, opts.legacyChoices ?? false);
  const out = new Map<string, string>();
  for (const s of model.symbols.values()) {
    if (s.type === 'bool' || s.type === 'tristate') {
      const v = ev.tri(s.name);
      if (v === 2) out.set(`CONFIG_${s.name}`, '1');
      else if (v === 1) out.set(`CONFIG_${s.name}_MODULE`, '1');
    } else if (s.type !== null) {
      const { value, written } = ev.str(s);
      if (!written || (value === '' && s.type !== 'string')) continue;
      if (s.type === 'string') out.set(`CONFIG_${s.name}`, `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
      else if (s.type === 'hex') out.set(`CONFIG_${s.name}`, /^0x/i.test(value) ? value : `0x${value}`);
      else out.set(`CONFIG_${s.name}`, value);
    }
  }
  return out;
}
