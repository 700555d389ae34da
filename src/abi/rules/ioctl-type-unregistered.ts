/**
 * uapi.ioctl-type-unregistered: a uAPI header starts using an ioctl type
 * code (the `'V'` of `_IOW('V', 3, …)`: a new header's requests, or a new
 * family in an old one) that the register of type codes,
 * Documentation/userspace-api/ioctl/ioctl-number.rst (src/abi/ioctl-
 * registry.ts), does not give to that header — neither as the series leaves
 * the register nor, with a kernel tree, as the tree has it. The register is
 * how type codes stay apart: the file asks whoever adds ioctls to add an
 * entry, and maintainers ask for it in review. Where the code and sequence
 * numbers are already registered to other headers, the finding names them:
 * a request there with the same number and argument size is the same
 * ioctl, and tools that decode by number (strace) cannot tell them apart.
 * Requests in a family the header already used are not judged (its
 * registration, or its absence, is older than the series); nor are
 * numbers a registered header reaches past its row's range; nor a code the
 * header does not write itself (`DRM_IOWR(DRM_COMMAND_BASE + 1, …)`: a
 * family another header owns and registers, as drm.h does for every DRM
 * driver's header) — unless the macro it writes there is defined by a header
 * the same series adds (6.8's papr-vpd.h and papr-sysparm.h using
 * `PAPR_MISCDEV_IOC_ID`, 0xB2, from the new papr-miscdev.h): then the code
 * is new with the series all the same.
 *
 * This rule reads the series as a whole, so it is not in RULES' per-file
 * loop: analyse-series.ts runs it once. Without the register (no tree, and
 * the series does not touch it) it says so in a note.
 */
import type { Finding } from '../../report/report.ts';
import type { SettledFileDiff } from '../diff/settled-diff.ts';
import type { AbiName } from '../layout-types.ts';
import { includeName, spellCode, type RegistryRow } from '../ioctl-registry.ts';
import { newRequests } from './new-requests.ts';
import { abridged } from './format.ts';

export const IOCTL_TYPE_UNREGISTERED = {
  id: 'uapi.ioctl-type-unregistered',
  level: 'warning',
  kind: 'design',
  summary: 'a uAPI header starts using an ioctl type code that ioctl-number.rst does not register for it',
} as const;

/** Requests named in full; the others are counted. */
const SHOWN = 4;

interface NewFamily {
  patch: number;
  path: string;
  code: number;
  /** The header the series adds that defines the macro the requests write the code as, when they do not write it themselves. */
  definedIn: string | null;
  requests: { name: string; nr: number; line: number }[];
}

/** The ways C writes the type code `code` (hex, decimal, a character constant), as one alternation. */
function codeLiterals(code: number): string {
  const char = String.fromCharCode(code);
  return [
    `0[xX]0*${code.toString(16)}`,
    `${code}`,
    ...(code >= 0x20 && code <= 0x7e ? [`'${char === "'" || char === '\\' ? '\\\\' : ''}${char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`] : []),
  ].join('|');
}

/** Whether `text` writes the type code `code` itself: as the first argument of an `_IO*(`, or as a macro's whole value (`#define IOMMUFD_TYPE (';')`). */
function codeWrittenIn(text: string, code: number): boolean {
  const literals = codeLiterals(code);
  const re = new RegExp(`(?:\\b_IO\\w*\\(\\s*\\(?\\s*(?:${literals})\\s*\\)?\\s*,|^\\s*#\\s*define\\s+\\w+\\s+\\(?\\s*(?:${literals})[uUlL]*\\s*\\)?\\s*(?:/[*/].*)?$)`, 'im');
  return re.test(text);
}

/** The identifier a request's definition writes as its type code (`_IOWR(PAPR_MISCDEV_IOC_ID, 1, …)`), null when it writes something else. */
function codeMacroOf(body: string): string | null {
  return /\b_IO\w*\(\s*([A-Za-z_]\w*)\s*,/.exec(body)?.[1] ?? null;
}

/**
 * Where a header the series has added by now gives `name` the type code
 * `code`: as a macro's whole value, or as an enumerator's
 * (`PAPR_MISCDEV_IOC_ID = 0xb2,`); null when none does.
 */
function definedInCreated(created: readonly SettledFileDiff[], name: string, code: number): string | null {
  const literals = codeLiterals(code);
  const re = new RegExp(`(?:^\\s*#\\s*define\\s+${name}\\s+\\(?\\s*(?:${literals})[uUlL]*\\s*\\)?\\s*(?:/[*/].*)?$|\\b${name}\\s*=\\s*\\(?\\s*(?:${literals})[uUlL]*\\s*\\)?\\s*[,}])`, 'im');
  return created.find((d) => re.test(d.text.after ?? ''))?.path ?? null;
}

/** The type codes each patch's uAPI headers start using: requests it adds whose code no other request of the header has. */
function newFamilies(diffsByPatch: ReadonlyMap<number, readonly SettledFileDiff[]>): NewFamily[] {
  const out: NewFamily[] = [];
  /** uAPI headers the series has added, up to the patch being read. */
  const created: SettledFileDiff[] = [];
  for (const [patch, diffs] of [...diffsByPatch].filter(([p]) => p > 0).sort((a, b) => a[0] - b[0])) {
    created.push(...diffs.filter((d) => d.scope === 'uapi-header' && !d.exists.before && d.exists.after));
    for (const diff of diffs) {
      if (diff.scope !== 'uapi-header') continue;
      const fresh = newRequests(diff).filter((r) => !r.macro.before);
      if (fresh.length === 0) continue;
      const freshNames = new Set(fresh.map((r) => r.macro.name));
      const older = new Set(diff.requestsAfter.filter((r) => !freshNames.has(r.name)).map((r) => r.ioctl.type));
      const byCode = new Map<number, NewFamily>();
      for (const r of fresh) {
        const n = Object.values(r.ioctl)[0];
        if (!n || older.has(n.type)) continue;
        const own = codeWrittenIn(diff.text.after ?? '', n.type);
        const macro = own ? null : codeMacroOf(r.macro.after?.def.body ?? '');
        const definedIn = macro === null ? null : definedInCreated(created, macro, n.type);
        if (!own && definedIn === null) continue;
        let family = byCode.get(n.type);
        if (!family) byCode.set(n.type, (family = { patch, path: diff.path, code: n.type, definedIn, requests: [] }));
        family.requests.push({ name: r.macro.name, nr: n.nr, line: r.line });
      }
      out.push(...byCode.values());
    }
  }
  return out;
}

/**
 * `registry`: the register's rows as the series leaves it, or as the tree
 * has it; null when neither could be read. `where`: the register's path.
 */
export function ioctlTypeUnregistered(
  diffsByPatch: ReadonlyMap<number, readonly SettledFileDiff[]>,
  registry: { rows: RegistryRow[]; path: string } | null,
  abis: readonly AbiName[],
): { findings: Finding[]; notes: string[] } {
  const families = newFamilies(diffsByPatch);
  if (families.length === 0) return { findings: [], notes: [] };
  if (!registry) {
    const named = families.map((f) => `${spellCode(f.code)} in ${f.path}`).join(', ');
    return { findings: [], notes: [`ioctl: new type code${families.length === 1 ? '' : 's'} ${named}; without --tree ioctl-number.rst was not read to check ${families.length === 1 ? 'its' : 'their'} registration`] };
  }
  const findings: Finding[] = [];
  for (const f of families) {
    const header = includeName(f.path);
    const rows = registry.rows.filter((r) => r.code === f.code);
    if (rows.some((r) => r.headers.some((h) => h === header || h === f.path))) continue;
    const spelled = abridged(f.requests, SHOWN, (r) => `${r.name} (nr 0x${r.nr.toString(16).toUpperCase().padStart(2, '0')}, line ${r.line})`);
    const taken = rows.filter((r) => f.requests.some((q) => q.nr >= r.from && q.nr <= r.to));
    const clash = taken.length === 0
      ? ` No row registers ${spellCode(f.code)} for those numbers.`
      : ` ${spellCode(f.code)} with those numbers is registered to ${abridged(taken, 6, (r) => `${r.headers.join(', ') || 'a subsystem without a header'} (${r.seq}, line ${r.line})`).join('; ')}: a request there with the same number and argument size is the same ioctl, and tools that decode by number (strace) cannot tell them apart.`;
    findings.push({
      rule: IOCTL_TYPE_UNREGISTERED.id,
      level: IOCTL_TYPE_UNREGISTERED.level,
      kind: IOCTL_TYPE_UNREGISTERED.kind,
      patch: f.patch,
      file: f.path,
      line: f.requests[0]!.line,
      symbol: f.requests[0]!.name,
      abis: [...abis],
      message: `${header} starts using ioctl type ${spellCode(f.code)} (${spelled.join(', ')}${f.definedIn ? `; the code is defined in ${includeName(f.definedIn)}, which the series adds` : ''}), which ${registry.path} does not register for it.${clash}`,
      suggestion: `Add a row for ${spellCode(f.code)} and the sequence numbers used, naming ${header}, to ${registry.path} in the same series${taken.length > 0 ? ', or pick a type code or numbers nobody has registered' : ''}.`,
    });
  }
  return { findings, notes: [] };
}
