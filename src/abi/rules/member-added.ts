/** uapi.member-added: a new member userspace can name (appended, in a union beside an old one, or carved from reserved space). */
import type { Field, FileDiff, RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { throughRetagged } from './wrapper-types.ts';
import { absorbedBy, abisWithLayouts, carvedFrom, grewKeepingOldMembers, inFormerPadding, isRequestArgument, isExtensibleAppend, onlyAppended, sizeField } from './record-facts.ts';
import { isReservedName } from './format.ts';
import { sizeFromCaller } from './size-from-caller.ts';
import { prepare, type PreparedUnit } from './code/handlers.ts';
import { callerSizedCopies, siteName, type CopySite } from './code/struct-copies.ts';

/** Every old member where it was, and the size unchanged, on every ABI laid out both times. */
function oldLayoutsKept(c: RecordChange, abis: AbiName[]): boolean {
  const both = abisWithLayouts(c, abis);
  return both.length > 0 && both.every((a) => c.before!.layouts[a]!.size === c.after!.layouts[a]!.size &&
    c.pairs.every((p) => p.before.at[a]?.offset === p.after.at[a]?.offset && p.before.at[a]?.bitOffset === p.after.at[a]?.bitOffset));
}

/** What the record's growth as a whole says, worked out once per record (every added field is described with it). */
interface Growth {
  appended: boolean;
  /** Grown with the old members kept: appended, or into tail padding on some ABIs. */
  kept: boolean;
  sizedByCaller: string | null;
  /** The series' code copies it only with the caller's size. */
  sites: CopySite[] | null;
  /** Embedders of the file whose size is unchanged, when nothing passes it on its own. */
  room: ReturnType<typeof absorbedBy>;
}

function growthOf(diff: FileDiff, c: RecordChange, abis: AbiName[], units: readonly PreparedUnit[]): Growth {
  const appended = onlyAppended(c, abis);
  const kept = appended || grewKeepingOldMembers(c, abis);
  return {
    appended,
    kept,
    sizedByCaller: sizeFromCaller(diff, c.symbol),
    sites: kept ? callerSizedCopies(units, c.symbol) : null,
    room: kept && !isRequestArgument(diff, c.symbol) ? absorbedBy(diff.records, c, abis) : null,
  };
}

function where(c: RecordChange, f: Field, abis: AbiName[], g: Growth): string {
  const a = abis.find((x) => f.at[x]);
  // after lines the diff does not show, an offset counts from an unknown origin: where it is, by its neighbour
  const before = a && f.at[a]!.relative ? c.after!.fields.filter((o) => o.order < f.order && o.top !== f.top && !o.path.includes('.')).at(-1) : undefined;
  const off = !a ? '' : f.at[a]!.relative ? (before ? ` after \`${before.path}\`` : '') : ` at offset ${f.at[a]!.offset} (${a})`;
  if (f.anonymous.includes('union')) {
    // an old member whose bytes it overlaps, on the first ABI with a layout
    const mine = a ? f.at[a] : undefined;
    const overlaps = (o: Field) => {
      const theirs = a ? o.at[a] : undefined;
      return !mine || !theirs || (theirs.offset < mine.offset + mine.size && mine.offset < theirs.offset + theirs.size);
    };
    const beside = c.pairs.find((p) => p.after.top === f.top && p.after.anonymous.includes('union') && overlaps(p.after));
    if (beside) return `in an anonymous union beside \`${beside.after.path}\`${off}, sharing its storage${oldLayoutsKept(c, abis) ? '; old layouts are unchanged' : ''}`;
  }
  const padded = inFormerPadding(c, f, abis);
  if (padded.length > 0) {
    const there = padded.length === abis.length ? '' : ` on ${padded.join(', ')}`;
    return `${off.trim() || 'inside the struct'}, in what was implicit padding${there}: old binaries may have left anything there, so the kernel can neither require it to be zero nor give it a meaning${isReservedName(f.path) ? '' : ' without a flag or size that says it is set'}`;
  }
  const carved = carvedFrom(c, f, abis);
  if (carved) return `carved out of reserved \`${carved.path}\`${off}; compatible if the kernel rejected non-zero \`${carved.path}\` before, otherwise old binaries that left garbage there now pass a value`;
  if (isExtensibleAppend(c, abis)) return `appended${off}; ${c.before!.symbol} carries its size in \`${sizeField(c.before!)!.path}\`, so the kernel can tell old callers (smaller size) from new ones — it must accept both`;
  if (g.appended && g.sizedByCaller) return `appended${off}; ${g.sizedByCaller}, so old callers, which pass the old size, keep working — the kernel must treat the new members as absent for them`;
  const placed = g.appended ? `appended${off}` : off.trim();
  if (g.sites) {
    return `${placed}; the kernel code takes the size from the caller (${g.sites.map((s) => `${siteName(s)}: \`${s.call}\``).join('; ')}), so old callers, which pass the old size, keep working`;
  }
  if (g.room) {
    const within = g.room.map(({ record, field }) => `\`${field.path}\` of ${record.symbol}`).join(', ');
    return `${placed}; ${c.symbol} is embedded in ${within}, whose size is unchanged, and no request of this file passes it on its own: it grew into space that was already there`;
  }
  if (g.appended) return `appended${off}`;
  return `${off.trim() || 'inside the struct'}`;
}

/**
 * Diff context: the next thing in the struct after the new member is lines
 * the diff does not show (not a member it shows, not the struct's end).
 */
function followedByUnknown(c: RecordChange, f: Field): boolean {
  return c.after!.partial && !f.path.includes('.') && c.after!.top[f.top + 1]?.unknown !== undefined;
}

const UNSEEN_AFTER = ' The diff does not show what follows it in the struct: any member after it moves by its size, a binary break (compare with --tree to know).';

export const memberAdded = defineRule({
  id: 'uapi.member-added',
  level: 'note',
  kind: 'binary',
  summary: 'a new member in an existing uAPI struct or union',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    // the changed code, when it shows how an appended struct is copied, is cited (the note stands without it)
    const units = prepare(ctx.seriesCode);
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const addedPaths = new Set(c.added.map((f) => f.path));
      let growth: Growth | undefined;
      for (const f of c.added) {
        const parent = f.path.includes('.') ? f.path.slice(0, f.path.lastIndexOf('.')) : null;
        if (parent && addedPaths.has(parent)) continue;
        if (throughRetagged(c, f, ctx.abis)) continue; // a tagged struct's members spelled out where it was tagless
        emit({
          line: f.member.loc.line,
          symbol: `${c.symbol}.${f.path}`,
          abis: ctx.abis,
          message: `${c.symbol} gains \`${f.written} ${f.path}\`, ${where(c, f, ctx.abis, (growth ??= growthOf(ctx.diff, c, ctx.abis, units)))}.${followedByUnknown(c, f) ? UNSEEN_AFTER : ''}`,
          after: { member: f.path, type: f.written },
        });
      }
      for (const p of c.pairs) {
        if (p.how !== 'position' || !isReservedName(p.before.path)) continue;
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.after.path}`,
          abis: ctx.abis,
          message: `${c.symbol} gives reserved \`${p.before.path}\` a meaning as \`${p.after.path}\` (same storage). Compatible only if the kernel rejected non-zero \`${p.before.path}\` before this change; otherwise old binaries that left garbage there now request the new behaviour.`,
          before: { member: p.before.path },
          after: { member: p.after.path, type: p.after.written },
        });
      }
    }
  },
});
