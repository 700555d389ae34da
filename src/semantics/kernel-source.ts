/**
 * Kernel C as tree-sitter can parse it without a preprocessor: annotations
 * that expand to nothing (`__user`, `__iomem`, `__must_check` …) are blanked
 * and the kernel's iterator macros are expanded, keeping every line where it
 * was (line numbers are how known ranges and findings are located). GNU C's
 * case ranges (`case VFIO_PCI_BAR0_REGION_INDEX ... VFIO_PCI_BAR5_REGION_INDEX:`),
 * which tree-sitter-c does not parse, become `case __case_range(lo, hi):`,
 * which the interpreter's switch reads as the range.
 */

const EMPTY_ANNOTATIONS = [
  '__user', '__iomem', '__rcu', '__force', '__must_check', '__always_inline', '__init', '__exit',
  '__maybe_unused', '__cold', '__hot', 'noinline', '__percpu', '__kernel', '__safe', '__nocast',
  '__bitwise', '__packed', '__read_mostly', '__ro_after_init', '__initdata', '__visible', 'notrace',
];

/** Function-like annotations removed with their argument list. */
const EMPTY_CALL_ANNOTATIONS = ['__counted_by', '__counted_by_le', '__counted_by_be', '__aligned', '__printf', '__acquires', '__releases', '__must_hold', '__cond_acquires'];

/** Iterator macros → the for loop they expand to (params, replacement). */
const LOOP_MACROS: Record<string, { params: string[]; body: string }> = {
  xa_for_each: {
    params: ['xa', 'index', 'entry'],
    body: 'for (index = 0, entry = xa_find(xa, &index, ULONG_MAX, XA_PRESENT); entry; entry = xa_find_after(xa, &index, ULONG_MAX, XA_PRESENT))',
  },
};

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** Split a macro argument list starting just after '(' ; returns args and the index after ')'. */
function splitArgs(text: string, start: number): { args: string[]; end: number } | null {
  let depth = 0;
  let cur = '';
  const args: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(cur.trim());
        return { args, end: i + 1 };
      }
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  return null;
}

/** `container_of(p, struct T, m)` → `__container_of(p, (struct T *)0, m)`: a type argument tree-sitter can parse. */
function rewriteContainerOf(text: string): string {
  let out = text;
  const re = /\bcontainer_of(?:_const)?\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(out))) {
    const r = splitArgs(out, m.index + m[0].length);
    if (!r || r.args.length !== 3) continue;
    const original = out.slice(m.index, r.end);
    const newlines = (original.match(/\n/g) ?? []).length;
    const repl = `__container_of(${r.args[0]}, (${r.args[1]} *)0, ${r.args[2]})`;
    out = out.slice(0, m.index) + repl + '\n'.repeat(newlines) + out.slice(r.end);
    re.lastIndex = m.index + repl.length;
  }
  return out;
}

/** The name a case range's label is rewritten to call (statements.ts reads it). */
export const CASE_RANGE = '__case_range';

/** `case A ... B:` → `case __case_range(A, B):`, its lines kept. */
function rewriteCaseRanges(text: string): string {
  return text.replace(/\bcase\b([^:;?{}]*?)\.\.\.([^:;?{}]*?):/g, (whole, lo: string, hi: string) => {
    const repl = `case ${CASE_RANGE}(${lo.trim()}, ${hi.trim()}):`;
    return repl + '\n'.repeat((whole.match(/\n/g) ?? []).length - (repl.match(/\n/g) ?? []).length);
  });
}

export function normalizeKernelSource(text: string): string {
  let out = text;
  for (const a of EMPTY_ANNOTATIONS) out = out.replace(new RegExp(`\\b${a}\\b`, 'g'), (m) => blank(m));
  for (const a of EMPTY_CALL_ANNOTATIONS) {
    const re = new RegExp(`\\b${a}\\s*\\(`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(out))) {
      const r = splitArgs(out, m.index + m[0].length);
      if (!r) break;
      out = out.slice(0, m.index) + blank(out.slice(m.index, r.end)) + out.slice(r.end);
    }
  }
  for (const [name, def] of Object.entries(LOOP_MACROS)) {
    const re = new RegExp(`\\b${name}\\s*\\(`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(out))) {
      const r = splitArgs(out, m.index + m[0].length);
      if (!r) break;
      let body = def.body;
      def.params.forEach((p, i) => {
        body = body.replace(new RegExp(`\\b${p}\\b`, 'g'), r.args[i] ?? '');
      });
      const original = out.slice(m.index, r.end);
      const newlines = (original.match(/\n/g) ?? []).length;
      out = out.slice(0, m.index) + body + '\n'.repeat(newlines) + out.slice(r.end);
      re.lastIndex = m.index + body.length;
    }
  }
  return rewriteCaseRanges(rewriteContainerOf(out));
}
