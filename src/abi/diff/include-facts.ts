/**
 * What a file's new version's #includes tell the rules, read from the front
 * end's diagnostics: which kernel-internal headers it newly includes (the
 * preprocessor proves it against the kernel tree, include-paths.ts), and
 * whether everything its unit includes was found, on every ABI compared
 * (only then is a type the unit never declares really unknown to userspace,
 * rather than declared in a header the comparison could not read), and
 * which of the kernel's uAPI types (__u32, __kernel_long_t …) the new
 * version's unit took from the front end's built-in stand-ins although the
 * old one did not: no header it includes defines them any more.
 */
import type { TypeModel } from '../../c/type-model.ts';
import { FALLBACK_FILE } from '../../c/kernel-fallback-types.ts';
import { parseKernelInternalMessage, parseNotFoundMessage } from '../../c/preprocess/include-paths.ts';
import type { AbiName } from '../layout-types.ts';
import type { IncludeFacts } from './types.ts';

type Models = Partial<Record<AbiName, TypeModel>>;

function kernelInternal(models: Models | null, mine: (file: string) => boolean): Map<string, { name: string; rel: string; line: number }> {
  const out = new Map<string, { name: string; rel: string; line: number }>();
  for (const m of Object.values(models ?? {})) {
    for (const d of m?.diagnostics ?? []) {
      const hit = mine(d.loc.file) ? parseKernelInternalMessage(d.message) : null;
      if (hit && !out.has(hit.name)) out.set(hit.name, { ...hit, line: d.loc.line });
    }
  }
  return out;
}

/** Names the front end's built-in stand-ins supplied, on any of the models. */
function standIns(models: Models | null): Set<string> {
  const out = new Set<string>();
  for (const m of Object.values(models ?? {})) for (const t of m?.typedefs ?? []) if (t.loc.file === FALLBACK_FILE) out.add(t.name);
  return out;
}

export function includeFacts(before: Models | null, after: Models | null, mine: (file: string) => boolean, complete: boolean): IncludeFacts {
  const had = kernelInternal(before, mine);
  const now = kernelInternal(after, mine);
  const models = Object.values(after ?? {}).filter((m): m is TypeModel => m !== undefined);
  const oldStandIns = standIns(before);
  return {
    kernelInternal: [...now.values()].filter((h) => !had.has(h.name)),
    standIns: [...standIns(after)].filter((n) => !oldStandIns.has(n)),
    allFound: complete && models.length > 0 && models.every((m) => !m.diagnostics.some((d) => parseNotFoundMessage(d.message) !== null)),
  };
}
