/** Test support: diff two model factories on a set of ABIs and run every rule. */
import type { TypeModel } from '../../../../src/c/type-model.ts';
import type { AbiName } from '../../../../src/abi/layout-types.ts';
import { ABI_NAMES } from '../../../../src/abi/layout-types.ts';
import { diffFile } from '../../../../src/abi/diff/diff-file.ts';
import { layoutRecord, sizeAlignOf } from '../../../../src/abi/layout/index.ts';
import { RULES, type CodeUnit } from '../../../../src/abi/rules/index.ts';
import { classifyPath } from '../../../../src/abi/classify-path.ts';
import type { Finding } from '../../../../src/report/report.ts';
import { FILE } from './model-builder.ts';

export const ENGINE = { layoutRecord, sizeAlignOf };
export const ALL_ABIS: AbiName[] = [...ABI_NAMES];

export function diffOf(before: ((abi: string) => TypeModel) | null, after: ((abi: string) => TypeModel) | null, abis: AbiName[] = ALL_ABIS, path = FILE) {
  const side = (f: ((abi: string) => TypeModel) | null) => (f ? Object.fromEntries(abis.map((a) => [a, f(a)])) : null);
  return diffFile({ path, scope: classifyPath(path), abis, before: side(before), after: side(after), engine: ENGINE });
}

export function findingsOf(before: ((abi: string) => TypeModel) | null, after: ((abi: string) => TypeModel) | null, opts: { abis?: AbiName[]; path?: string; code?: CodeUnit[] } = {}): Finding[] {
  const diff = diffOf(before, after, opts.abis ?? ALL_ABIS, opts.path ?? FILE);
  return RULES.filter((r) => r.scopes.includes(diff.scope)).flatMap((r) => r.check({ patch: 1, diff, code: opts.code ?? [], seriesCode: opts.code ?? [], implementations: [], calls: [], variableDeclarations: [], variableUses: [], abis: opts.abis ?? ALL_ABIS }));
}

export const rules = (fs: Finding[]) => fs.map((f) => f.rule).sort();
