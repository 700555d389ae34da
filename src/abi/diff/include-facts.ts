/**
 * What a file's new version's #includes tell the rules, read from the front
 * end's diagnostics: which kernel-internal headers it newly includes (the
 * preprocessor proves it against the kernel tree, include-paths.ts), and
 * whether everything its unit includes was found, on every ABI compared
 * (only then is a type the unit never declares really unknown to userspace,
 * rather than declared in a header the comparison could not read).
 */
import type { TypeModel } from '../../c/type-model.ts';
import { parseKernelInternalMessage } from '../../c/preprocess/include-paths.ts';
import type { AbiName } from '../layout-types.ts';
import type { IncludeFacts } from './types.ts';

const NOT_FOUND = /: No such file or directory$/;

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

export function includeFacts(before: Models | null, after: Models | null, mine: (file: string) => boolean): IncludeFacts {
  const had = kernelInternal(before, mine);
  const now = kernelInternal(after, mine);
  const models = Object.values(after ?? {}).filter((m): m is TypeModel => m !== undefined);
  return {
    kernelInternal: [...now.values()].filter((h) => !had.has(h.name)),
    allFound: models.length > 0 && models.every((m) => !m.diagnostics.some((d) => NOT_FOUND.test(d.message))),
  };
}
