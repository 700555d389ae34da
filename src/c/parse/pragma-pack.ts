/**
 * `#pragma pack` state along the preprocessed text (the preprocessor keeps
 * these lines because they change layout): `pack(N)`, `pack()`,
 * `pack(push[, N])`, `pack(pop)`. GCC caps the alignment of the members of
 * records defined while a value N is in effect at N (RecordDecl.maxFieldAlign).
 */
export interface PackChange {
  offset: number;
  /** Maximum member alignment from here on, or null for the default. */
  value: number | null;
}

export function packTimeline(directives: { offset: number; text: string }[]): {
  changes: PackChange[];
  problems: { offset: number; message: string }[];
} {
  const changes: PackChange[] = [];
  const problems: { offset: number; message: string }[] = [];
  const stack: (number | null)[] = [];
  let current: number | null = null;
  for (const d of directives) {
    const m = /^#\s*pragma\s+pack\s*\((.*)\)\s*$/.exec(d.text);
    if (!m) {
      if (/^#\s*pragma\s+pack\b/.test(d.text)) problems.push({ offset: d.offset, message: `cannot read '${d.text}'` });
      continue;
    }
    const args = m[1]!.split(',').map((a) => a.trim()).filter(Boolean);
    const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
    if (args.length === 0) current = null;
    else if (args[0] === 'push') {
      stack.push(current);
      const n = num(args[args.length - 1]);
      if (n !== undefined) current = n || null;
    } else if (args[0] === 'pop') {
      current = stack.length > 0 ? stack.pop()! : null;
    } else if (num(args[0]) !== undefined) current = num(args[0]) || null;
    else {
      problems.push({ offset: d.offset, message: `cannot read '${d.text}'` });
      continue;
    }
    if (current !== null && (current & (current - 1)) !== 0) {
      problems.push({ offset: d.offset, message: `'${d.text}': alignment must be a power of two` });
      current = null;
    }
    changes.push({ offset: d.offset, value: current });
  }
  return { changes, problems };
}

/** The pack value in effect at `offset`. */
export function packAt(changes: readonly PackChange[], offset: number): number | null {
  let value: number | null = null;
  for (const c of changes) {
    if (c.offset > offset) break;
    value = c.value;
  }
  return value;
}
