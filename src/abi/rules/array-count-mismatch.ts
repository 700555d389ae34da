/**
 * uapi.array-count-mismatch: the changed kernel code reads more elements of a
 * uAPI flexible array than its count member says (`memdup_array_user(…, nr + 1, …)`,
 * `entries[nr]`), so the count no longer describes the array userspace must supply.
 */
import type { Field, RecordChange } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { flexSpelling, resolveTypedefs } from '../diff/type-text.ts';
import { handlersOf, prepare } from './code/handlers.ts';
import { escapeRe, findCalls, lineAt } from './code/clean-code.ts';

const COUNT_NAME = /^(nr|num|n|count|cnt)_\w+$|^\w+_(count|cnt|num|nr)$|^(nr|num|count|cnt|n)$/;

function countMember(c: RecordChange, flex: Field): string | null {
  const pair = c.pairs.find((p) => p.after === flex);
  const annotated = flex.member.attrs.countedBy ?? pair?.before.member.attrs.countedBy;
  if (annotated) return annotated;
  const ints = c.after!.fields.filter((f) => f.order < flex.order && !f.path.includes('.') && resolveTypedefs(f.member.type).kind === 'builtin' && COUNT_NAME.test(f.path));
  return ints.length ? ints[ints.length - 1].path : null;
}

/** Arg index holding the element count, per allocation/copy helper. */
const COUNT_ARG: Record<string, number> = {
  memdup_array_user: 1, vmemdup_array_user: 1, array_size: 0, struct_size: 2, flex_array_size: 2,
  kcalloc: 0, kvcalloc: 0, kmalloc_array: 0, kvmalloc_array: 0,
};

interface Evidence { line: number; text: string }

export const arrayCountMismatch = defineRule({
  id: 'uapi.array-count-mismatch',
  level: 'warning',
  kind: 'design',
  summary: 'the changed kernel code reads more flexible-array elements than the count member says',
  scopes: ['uapi-header'],
  readsCode: true,
  check(ctx, emit) {
    if (ctx.code.length === 0) return;
    const units = prepare(ctx.code);
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      for (const flex of c.after!.fields) {
        if (flex.path.includes('.') || flexSpelling(flex.member.type) === null) continue;
        const count = countMember(c, flex);
        if (!count) continue;
        const countAcc = new RegExp(`(?:\\.|->)\\s*${escapeRe(count)}\\b`);
        const arrAcc = new RegExp(`(?:\\.|->)\\s*${escapeRe(flex.path)}\\b`);
        const evidence: Evidence[] = [];
        let firstPath: string | null = null;
        for (const u of handlersOf(units, ctx.diff, c)) {
          const before = evidence.length;
          // (a) a copy/allocation of the array sized with more than the count
          const arrayVars = new Set<string>();
          for (const call of findCalls(u.clean, Object.keys(COUNT_ARG))) {
            const n = call.args[COUNT_ARG[call.name]];
            if (!n || !countAcc.test(n)) continue;
            if (!call.args.some((a) => arrAcc.test(a)) && !/array_user$/.test(call.name)) continue;
            if (!/[+]/.test(n.replace(/\+\+/g, '')) || /\bmin(_t)?\s*\(/.test(n)) continue;
            evidence.push({ line: lineAt(u.clean, call.index, u.startLine), text: call.text });
          }
          // Variables holding the copied array: `x = memdup_array_user(&arg->entries, …)`
          for (const m of u.clean.matchAll(/\b([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?\w+\s*\(([^;]*)\)\s*;/g)) {
            if (arrAcc.test(m[2])) arrayVars.add(m[1]);
          }
          // (b) indexing the array at the count: `v = x.nr; entries[v]` or `entries[x.nr]`
          const atCount = new Map<string, string>();
          for (const m of u.clean.matchAll(/\b([A-Za-z_]\w*)\s*=\s*([^;=]+);/g)) {
            if (countAcc.test(m[2]) && /^\s*[\w.>-]+\s*$/.test(m[2])) atCount.set(m[1], m[2].trim());
          }
          for (const m of u.clean.matchAll(/([A-Za-z_]\w*(?:\s*(?:\.|->)\s*\w+)?)\s*\[([^\]]+)\]/g)) {
            const base = m[1].replace(/\s+/g, '');
            const isArray = arrayVars.has(base) || arrAcc.test(`.${base.split(/\.|->/).pop()}`) && /(\.|->)/.test(base);
            if (!isArray) continue;
            const idx = m[2].trim();
            const atN = atCount.has(idx) || (countAcc.test(idx) && /^[\w.>-]+$/.test(idx.replace(/\s+/g, '')));
            if (!atN) continue;
            evidence.push({ line: lineAt(u.clean, m.index!, u.startLine), text: `${m[0].replace(/\s+/g, '')}${atCount.has(idx) ? ` with ${idx} = ${atCount.get(idx)}` : ''}` });
          }
          if (evidence.length > before && !firstPath) firstPath = u.path;
        }
        if (evidence.length === 0) continue;
        // The same expression on several lines reads better once, with all its lines.
        const grouped: { lines: number[]; text: string }[] = [];
        for (const e of evidence) {
          const g = grouped.find((x) => x.text === e.text);
          if (g) g.lines.push(e.line);
          else grouped.push({ lines: [e.line], text: e.text });
        }
        emit({
          file: firstPath ?? ctx.diff.path,
          line: evidence[0].line,
          symbol: `${c.symbol}.${flex.path}`,
          abis: ctx.abis,
          message: `The changed code reads more elements of \`${flex.path}[]\` than \`${count}\` counts: ${grouped.map((g) => `line${g.lines.length > 1 ? 's' : ''} ${g.lines.join(', ')}: \`${g.text.replace(/ with (\w+) = (.*)$/, '` with `$1 = $2')}\``).join('; ')}. Userspace that sizes the array by \`${count}\` (as the header says${flex.member.attrs.countedBy || c.pairs.some((p) => p.after === flex && p.before.member.attrs.countedBy) ? `, and as __counted_by(${count}) declared` : ''}) makes the kernel read past what it supplied, and \`${count}\` no longer describes the array.`,
          after: { count, array: flex.path, evidence },
          suggestion: `Keep \`${count}\` the exact number of \`${flex.path}[]\` elements; carry the extra data in its own member (or a separate count), not past the counted elements.`,
        });
      }
    }
  },
});
