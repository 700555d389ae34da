/**
 * Diff-context bases know only the lines the hunks show. A record whose body
 * spans unknown lines is marked `partial`, and a placeholder member with
 * `unknownLines` stands where those lines are, in the innermost record that
 * contains them (enclosing records are partial too: their layout depends on it).
 *
 * The enumerators of an enum that come after unknown lines of it are marked
 * `relative`: their implicit values count on from enumerators the diff does
 * not show. Compared between two images with the same unknown lines, a
 * change of value is still a change; the numbers themselves are not known.
 * An enumerator of such an enum whose initializer could not be evaluated
 * (it names an enumerator on unknown lines) or parsed (it goes on past the
 * hunk) is left out: its value is not known even relatively. In an enum the
 * diff shows whole, such an enumerator stays, marked relative too (its name
 * is known, its number is not).
 */
import type { KnownRange } from '../../tree/images.ts';
import type { EnumDecl, Member, RecordDecl, TypeModel } from '../type-model.ts';
import { unknownType } from './c-types.ts';
import { notConstantEnumerator } from './c-integer.ts';

/** Maximal runs of lines in [from, to] not covered by `known`. */
export function unknownRuns(known: KnownRange[], from: number, to: number): { start: number; end: number }[] {
  const sorted = [...known].sort((a, b) => a.start - b.start);
  const runs: { start: number; end: number }[] = [];
  let line = from;
  for (const k of sorted) {
    if (k.end < line) continue;
    if (k.start > to) break;
    if (k.start > line) runs.push({ start: line, end: Math.min(k.start - 1, to) });
    line = Math.max(line, k.end + 1);
    if (line > to) break;
  }
  if (line <= to) runs.push({ start: line, end: to });
  return runs;
}

export function markPartialRecords(model: TypeModel, file: string, known: KnownRange[]): void {
  const inFile = model.records.filter((r) => r.complete && r.loc.file === file && r.endLine !== undefined);
  for (const rec of inFile) {
    // lines strictly between the opening line and the closing brace
    for (const run of unknownRuns(known, rec.loc.line + 1, rec.endLine! - 1)) {
      const containing = inFile.filter((r) => r.loc.line < run.start && r.endLine! > run.end);
      const innermost = containing.reduce((a, b) => (b.endLine! - b.loc.line < a.endLine! - a.loc.line ? b : a));
      if (innermost !== rec) continue; // handled when visiting the innermost record
      insertPlaceholder(rec, file, run);
      for (const r of containing) r.partial = true;
    }
  }
  for (const rec of inFile) if (rec.partial) dropOtherRecordsMembers(rec);
}

/**
 * A hunk that ends inside a struct and a next one that begins with members
 * and a `}` read as one struct across the lines between; but those lines may
 * close it and open another, whose tail the next hunk shows (asequencer.h's
 * `struct snd_seq_result {` at one hunk's end, `snd_seq_ev_quote`'s last
 * members at the next one's start). A member name met again after unknown
 * lines cannot be the same struct's (C forbids it): from those lines on,
 * the members are another struct's, and are dropped.
 */
function dropOtherRecordsMembers(rec: RecordDecl): void {
  const seen = new Set<string>();
  let gap = -1;
  for (let i = 0; i < rec.members.length; i++) {
    const m = rec.members[i]!;
    if (m.unknownLines) gap = i;
    else if (m.name !== null && seen.has(m.name) && gap >= 0) {
      rec.members.splice(gap + 1);
      return;
    } else if (m.name !== null) seen.add(m.name);
  }
}

function insertPlaceholder(rec: RecordDecl, file: string, run: { start: number; end: number }): void {
  const placeholder: Member = {
    name: null,
    type: unknownType(`<lines ${run.start}-${run.end} not shown by the diff>`),
    attrs: {},
    loc: { file, line: run.start },
    text: '',
    unknownLines: { start: run.start, end: run.end },
  };
  const at = rec.members.findIndex((m) => m.loc.file === file && m.loc.line > run.end);
  if (at < 0) rec.members.push(placeholder);
  else rec.members.splice(at, 0, placeholder);
  rec.partial = true;
}

export function markRelativeEnumerators(model: TypeModel, file: string, known: KnownRange[]): void {
  // an initializer naming what the diff does not show (`FOO_SHARED = FOO_GLOBAL`) was not evaluated, one continued
  // on lines the diff does not show (`FOO_RANGE =`) did not parse: their values are unknown
  const unevaluated = new Set(
    model.diagnostics.flatMap((d) => {
      if (d.loc.file !== file) return [];
      const name = notConstantEnumerator(d.message);
      if (name !== null) return [`${name}:${d.loc.line}`];
      return d.message.startsWith('syntax error') ? [`*:${d.loc.line}`] : [];
    }),
  );
  const failed = (x: { name: string; loc: { line: number } }) => unevaluated.has(`${x.name}:${x.loc.line}`) || unevaluated.has(`*:${x.loc.line}`);
  model.enums.forEach((e, i) => {
    if (e.loc.file !== file) return;
    const cut = e.enumerators.findIndex((x) => x.loc.file === file && unknownRuns(known, e.loc.line, x.loc.line - 1).length > 0);
    if (cut < 0) {
      // shown whole: an initializer that could not be evaluated (`_IOWR(…, struct x)` of a struct the diff does not
      // show) leaves the enumerator, with no number to give
      if (e.enumerators.some(failed)) model.enums[i] = { ...e, enumerators: e.enumerators.map((x) => (failed(x) ? { ...x, relative: true as const } : x)) };
      return;
    }
    // copies: an enum may be shared with the extractor's scope
    const enumerators = e.enumerators
      .filter((x) => !failed(x))
      .map((x) => (e.enumerators.indexOf(x) >= cut ? { ...x, relative: true as const } : x));
    const marked: EnumDecl = { ...e, enumerators };
    model.enums[i] = marked;
  });
}
