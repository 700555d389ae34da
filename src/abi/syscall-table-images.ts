/**
 * A series that edits a syscall table (arch/x86/entry/syscalls/syscall_64.tbl
 * …) changes the uAPI headers Kbuild generates from it (asm/unistd_64.h,
 * asm/unistd_x32.h …), which are in no diff. Those headers are added to the
 * images here, worked out from each image of the table
 * (src/c/syscall-headers.ts), and count as touched wherever the table is, so
 * the uAPI comparison sees a new, removed or renumbered system call as it sees
 * any macro. The generic table of 6.11+ (scripts/syscall.tbl) counts for the
 * architectures of the ABIs compared, as their Makefile.syscalls in the
 * series or the tree says. Each header is compared on the ABIs that read it
 * (unistd_x32.h on x32 only); one no ABI compared reads is left out. Their
 * findings are placed on the table line that makes the number. A table known
 * only in part (diff context) gives no header: its unknown lines would read
 * as removed calls; a note says so.
 */
import { headersOfTable, syscallHeaderText, tableEntries, type SyscallHeaderRule } from '../c/syscall-headers.ts';
import type { Finding } from '../report/report.ts';
import { uapiIncludeName } from './classify-path.ts';
import { isWholeImage, wholeImage, type FileImage, type Images } from '../tree/images.ts';
import type { AbiName } from './layout-types.ts';
import { archDirOf } from '../c/preprocess/index.ts';

/**
 * `images` with the headers generated from the syscall tables it holds (the
 * same object when it holds none), and notes for the report.
 */
export function withSyscallHeaders(
  images: Images,
  abis: readonly AbiName[],
  treeFile: (path: string) => string | null = () => null,
): { images: Images; notes: string[]; readBy: Map<string, AbiName[]>; sources: Map<string, { table: string; rule: SyscallHeaderRule }> } {
  const archDirs = abis.map(archDirOf);
  /** Each header added: the table and rule it is made by, and the ABIs compared that read it. */
  const sources = new Map<string, { table: string; rule: SyscallHeaderRule }>();
  const readBy = new Map<string, AbiName[]>();
  // the series' own version of an architecture's Makefile.syscalls or Kbuild, else the tree's
  const read = (path: string): string | null => {
    const seq = images.files[path];
    return seq ? seq[seq.length - 1]!.text : treeFile(path);
  };
  const files: Record<string, FileImage[]> = { ...images.files };
  const applied = images.applied.map((list) => [...list]);
  const notes: string[] = [];
  let changed = false;
  for (const [table, seq] of Object.entries(images.files)) {
    // only headers some ABI compared reads (not arm's OABI one, or mips n32's)
    const made = headersOfTable(table, archDirs, read).filter((h) => !images.files[h.header] && h.rule.readBy.some((a) => abis.includes(a)));
    if (made.length === 0) continue;
    const names = made.map((h) => h.header).join(', ');
    if (!seq.every((img) => img.text === null || isWholeImage(img))) {
      notes.push(`${table}: the syscall numbers of ${names} were not compared: only part of the table is known (diff context; give --tree)`);
      continue;
    }
    changed = true;
    for (const { header, rule } of made) {
      readBy.set(header, abis.filter((a) => rule.readBy.includes(a)));
      sources.set(header, { table, rule });
      files[header] = seq.map((img) => (img.text === null ? { text: null, known: [], lineCount: null } : wholeImage(syscallHeaderText(img.text, rule))));
    }
    for (const list of applied) {
      if (list.some((f) => f.path === table)) list.push(...made.map((h) => ({ path: h.header, oldPath: null, change: 'modify' as const, hunks: [] })));
    }
    notes.push(`${names}: worked out from ${table} as Kbuild generates ${made.length === 1 ? 'it' : 'them'}, and compared`);
  }
  return { images: changed ? { ...images, files, applied } : images, notes, readBy, sources };
}

/** The 1-based line of `table` that makes `__NR_<name>` by `rule`, or null. */
function tableLine(table: string | null, rule: SyscallHeaderRule, name: string): number | null {
  return table === null ? null : tableEntries(table, rule).find((e) => e.name === name)?.line ?? null;
}

/**
 * Findings in a header worked out from a syscall table, placed on the table
 * line that makes the number (the file the series changed, where a reviewer
 * and a check-run annotation look), naming the header in the message. The
 * line is that of the patch's result, or of the image before it for a number
 * the patch removes.
 */
export function placeOnTables(
  findings: Finding[],
  images: Images,
  sources: ReadonlyMap<string, { table: string; rule: SyscallHeaderRule }>,
): Finding[] {
  if (sources.size === 0) return findings;
  const last = images.applied.length;
  return findings.map((f) => {
    const source = sources.get(f.file);
    if (!source) return f;
    const seq = images.files[source.table] ?? [];
    const to = f.patch > 0 ? f.patch : last;
    const from = f.patch > 0 ? f.patch - 1 : 0;
    const name = f.symbol.replace(/^__NR_/, '');
    const line = tableLine(seq[to]?.text ?? null, source.rule, name) ?? tableLine(seq[from]?.text ?? null, source.rule, name);
    const include = uapiIncludeName(f.file) ?? f.file;
    return { ...f, file: source.table, line, message: `${f.message} Defined in <${include}>, which Kbuild generates from this table.` };
  });
}
