/**
 * uapi.sysfs-undocumented: the series adds sysfs attributes (src/abi/
 * sysfs-attributes.ts) that no Documentation/ABI entry names, neither one the
 * series adds or changes nor, with a kernel tree, one the tree has. Every
 * sysfs file is ABI: Documentation/ABI/README asks for an entry with each
 * new one (under testing/, `What: /sys/…/<name>`), and maintainers ask for it
 * in review. One finding per file, at its first undocumented attribute.
 * Without a tree the tree's documentation cannot be searched (the attribute
 * may belong to a class whose entries exist): a note names them instead.
 *
 * This rule reads the series as a whole, so it is not in RULES' per-file
 * loop: analyse-series.ts runs it once.
 */
import type { AbiName } from '../layout-types.ts';
import type { Finding } from '../../report/report.ts';
import { plural } from '../../report/plural.ts';
import type { SysfsAttribute } from '../sysfs-attributes.ts';
import { abridged } from './format.ts';

export const SYSFS_UNDOCUMENTED = {
  id: 'uapi.sysfs-undocumented',
  level: 'warning',
  kind: 'design',
  summary: 'a new sysfs attribute has no Documentation/ABI entry',
} as const;

/** Attributes named in full; the others are counted. */
const SHOWN = 8;

/**
 * `documented`: the names the series' and (when `treeSearched`) the tree's
 * Documentation/ABI entries give.
 */
export function sysfsUndocumented(
  attributes: readonly SysfsAttribute[],
  documented: ReadonlySet<string>,
  treeSearched: boolean,
  abis: readonly AbiName[],
): { findings: Finding[]; notes: string[] } {
  const missing = attributes.filter((a) => !documented.has(a.name));
  if (missing.length === 0) return { findings: [], notes: [] };
  const spell = (a: SysfsAttribute) => `\`${a.name}\` (${a.macro}, line ${a.line})`;
  if (!treeSearched) {
    const where = [...new Set(missing.map((a) => a.path))].join(', ');
    return {
      findings: [],
      notes: [`sysfs: ${plural(missing.length, 'new attribute')} (${abridged(missing, SHOWN, (a) => a.name).join(', ')}) in ${where}, not named by any Documentation/ABI entry the series adds; without --tree the tree's Documentation/ABI was not searched`],
    };
  }
  const byFile = new Map<string, SysfsAttribute[]>();
  for (const a of missing) {
    const key = `${a.patch}\0${a.path}`;
    byFile.set(key, [...(byFile.get(key) ?? []), a]);
  }
  const findings: Finding[] = [];
  for (const group of byFile.values()) {
    const first = group[0]!;
    const [they, means] = group.length === 1 ? ['it', 'means'] : ['they', 'mean'];
    findings.push({
      rule: SYSFS_UNDOCUMENTED.id,
      level: SYSFS_UNDOCUMENTED.level,
      kind: SYSFS_UNDOCUMENTED.kind,
      patch: first.patch,
      file: first.path,
      line: first.line,
      symbol: first.name,
      abis: [...abis],
      message: `${group.length === 1 ? 'A new sysfs attribute has' : `${group.length} new sysfs attributes have`} no Documentation/ABI entry, in the series or the tree: ${abridged(group, SHOWN, spell).join(', ')}. ` +
        `Every sysfs file is ABI that userspace comes to rely on (Documentation/ABI/README); undocumented, nothing says what ${they} ${means} or that ${they} must stay.`,
      suggestion: `Add an entry under Documentation/ABI/testing/ (What: /sys/…/${first.name}, Date, KernelVersion, Contact, Description) in the same series.`,
    });
  }
  return { findings, notes: [] };
}
