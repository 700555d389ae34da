/** uapi.member-type-changed: same name, different type (typedefs resolved); a change of signedness alone is uapi.member-signedness-changed. */
import { defineRule } from './rule.ts';
import { abisWithLayouts, isFlexSpellingChange, isReservedCarve, oldMemberIn, placedOrDeclared } from './record-facts.ts';
import type { FieldPair, FileDiff, RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { isReservedName } from './format.ts';
import { hasUnknownType } from '../diff/type-text.ts';
import { charSignednessChange, sameRepresentation, signednessOnlyChange } from './integer-member.ts';
import { describeGroups, groupByValue } from './format.ts';
import { retaggedOnly, sameBytesRewrapped } from './wrapper-types.ts';

/** `T [n]` → element type and count. */
function arrayOf(canonical: string): { elem: string; count: number } | null {
  const m = /^(.*) \[(\d+)\]$/.exec(canonical);
  return m ? { elem: m[1]!, count: Number(m[2]) } : null;
}

function reservedGrewIntoPadding(c: RecordChange, p: FieldPair, abis: AbiName[]): boolean {
  if (!isReservedName(p.before.path) || p.before.path !== p.after.path) return false;
  const b = arrayOf(p.before.canonical);
  const a = arrayOf(p.after.canonical);
  if (!b || !a || b.elem !== a.elem || a.count <= b.count) return false;
  const las = abisWithLayouts(c, abis);
  return las.length > 0 && las.every((x) => {
    const pb = p.before.at[x];
    const pa = p.after.at[x];
    if (!pb || !pa || pb.offset !== pa.offset || c.before!.layouts[x]!.size !== c.after!.layouts[x]!.size) return false;
    // the added elements overlap no old member
    return !oldMemberIn(c, x, pb.offset + pb.size, pa.offset + pa.size, p.before);
  });
}

/**
 * A reserved array that shrank next to a new member whose size the diff does
 * not show (btrfs's `__u8 fsid[BTRFS_UUID_SIZE]` carved from `__u64 unused[379]`
 * → `[377]`, with BTRFS_UUID_SIZE defined on lines the diff leaves out): a carve
 * if the new member takes the freed bytes, which nothing here can check.
 * What was freed (bytes when every ABI agrees, else elements) and the new member's path.
 */
function carveOfUnknownSize(c: RecordChange, p: FieldPair, abis: AbiName[]): { freed: string; into: string } | null {
  if (!isReservedName(p.before.path) || p.before.path !== p.after.path) return null;
  const b = arrayOf(p.before.canonical);
  const a = arrayOf(p.after.canonical);
  if (!b || !a || b.elem !== a.elem || a.count >= b.count) return null;
  if (abisWithLayouts(c, abis).length > 0) return null; // sizes known: isReservedCarve decides
  const neighbour = c.added.find((f) => Math.abs(f.top - p.after.top) === 1 && f.anonymous.length === p.after.anonymous.length
    && abis.every((x) => f.at[x] === undefined));
  if (!neighbour) return null;
  const sizes = new Set(abis.flatMap((x) => {
    const pb = p.before.at[x];
    const pa = p.after.at[x];
    return pb && pa ? [pb.size - pa.size] : [];
  }));
  return { freed: sizes.size === 1 ? `${[...sizes][0]!} bytes` : `${b.count - a.count} \`${arrayOf(p.after.written)?.elem ?? a.elem}\` elements`, into: neighbour.path };
}

function enumKeptUnderNewName(diff: FileDiff, p: FieldPair, abis: AbiName[]): boolean {
  if (!/^enum \w+$/.test(p.before.canonical) || !/^enum \w+$/.test(p.after.canonical)) return false;
  const old = diff.enums.find((e) => e.symbol === p.before.canonical)?.before;
  const now = diff.enums.find((e) => e.symbol === p.after.canonical)?.after;
  if (!old || !now) return false;
  const values = new Map(now.enumerators.map((x) => [x.name, x.value]));
  const sameSize = abis.every((a) => p.before.at[a]?.size === p.after.at[a]?.size);
  return sameSize && old.enumerators.every((x) => values.get(x.name) === x.value);
}

export const memberTypeChanged = defineRule({
  id: 'uapi.member-type-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI member changed type',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      for (const p of c.pairs) {
        if (p.before.canonical === p.after.canonical || isFlexSpellingChange(p) || isReservedCarve(p, ctx.abis)) continue;
        if (signednessOnlyChange(p) || charSignednessChange(p, ctx.abis)) continue; // uapi.member-signedness-changed
        // uint64_t → __u64: unsigned long → unsigned long long on LP64, the same 8-byte unsigned integer everywhere
        if (sameRepresentation(p)) continue;
        // Written the same (`__u64`), same size everywhere: the typedef changed (unsigned long → unsigned long
        // long on a 64-bit ABI); that is reported where the typedef is, not at every member using it.
        if (p.before.written === p.after.written && Object.keys(p.after.at).every((a) => p.before.at[a as keyof typeof p.before.at]?.size === p.after.at[a as keyof typeof p.after.at]?.size)) continue;
        if (hasUnknownType(p.before.member.type) || hasUnknownType(p.after.member.type)) {
          ctx.diff.notes.push(`${ctx.diff.path}: ${c.symbol}.${p.after.path}: type not resolved (\`${p.before.written}\` → \`${p.after.written}\`); not compared`);
          continue;
        }
        // Reserved space that only grew into the struct's former padding (s390's statfs f_spare[4] → [5]):
        // the same elements where they were, the struct's size kept, the new bytes unused before.
        if (reservedGrewIntoPadding(c, p, ctx.abis)) continue;
        const carve = carveOfUnknownSize(c, p, ctx.abis);
        if (carve) {
          ctx.diff.notes.push(`${ctx.diff.path}: ${c.symbol}.${p.after.path}: reserved \`${p.before.written}\` → \`${p.after.written}\` next to new \`${carve.into}\`: a carve if \`${carve.into}\` takes the ${carve.freed} freed, which cannot be checked: its size is not known from the lines the diff shows (the tree is what can tell)`);
          continue;
        }
        // An enum renamed (and perhaps extended) keeping every old name and value (cn_proc's enum what →
        // enum proc_cn_event): the same integers at the same size; the enum rules speak for the enum.
        if (enumKeptUnderNewName(ctx.diff, p, ctx.abis)) continue;
        // A one-member wrapper struct added or dropped around the same bytes (guid_t → __u8 [16]).
        if (sameBytesRewrapped(c, p, ctx.abis)) continue; // uapi.member-type-rewrapped
        // A tagless struct given a tag, same members (acrn's `struct { … } res[3]` → `struct acrn_mmio_dev_res res[3]`).
        if (retaggedOnly(c, p, ctx.abis)) continue;
        // A named member of a tagless struct/union type: its own fields are compared one by one.
        if (/^(struct|union) \{/.test(p.after.canonical) && /^(struct|union) \{/.test(p.before.canonical)) continue;
        const sizes = groupByValue(ctx.abis, (a) => {
          const b = p.before.at[a];
          const n = p.after.at[a];
          return b && n && b.size !== n.size ? `${b.size} → ${n.size} bytes` : undefined;
        });
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.after.path}`,
          abis: placedOrDeclared(ctx.abis.filter((a) => p.after.at[a] || c.after!.partial), ctx.abis, c.after!.present),
          message: `\`${p.after.path}\` in ${c.symbol} changes type from \`${p.before.written}\` to \`${p.after.written}\`${p.before.written !== p.before.canonical || p.after.written !== p.after.canonical ? ` (${p.before.canonical} → ${p.after.canonical})` : ''}${sizes.length ? `; size ${describeGroups(sizes, ctx.abis)}` : ''}. Old binaries interpret its bytes with the old type.`,
          before: { member: p.before.path, type: p.before.written, canonical: p.before.canonical },
          after: { member: p.after.path, type: p.after.written, canonical: p.after.canonical },
          suggestion: 'Keep the type; add a new member (from reserved space) for the new representation.',
        });
      }
    }
  },
});
