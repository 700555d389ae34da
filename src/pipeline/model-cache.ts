/**
 * Memoised TypeModel construction: the diff and the emulator ask for the same
 * (file image, ABI) many times; each is parsed once per run.
 */
import { createHash } from 'node:crypto';
import type { AbiName } from '../abi/layout-types.ts';
import type { TypeModel } from '../c/type-model.ts';
import type { KnownRange } from '../tree/images.ts';
import { buildTypeModel } from '../c/build-type-model.ts';

export interface ModelInput {
  path: string;
  text: string;
  known?: KnownRange[];
}

export type BuildModel = (file: ModelInput, abi: AbiName, kernel: boolean) => TypeModel;

export function createModelCache(opts: { kernelTree?: string; includeDirs?: string[] }): BuildModel {
  const cache = new Map<string, TypeModel>();
  return (file, abi, kernel) => {
    const key = createHash('sha1')
      .update(file.path).update('\0').update(file.text).update('\0')
      .update(JSON.stringify(file.known ?? null)).update('\0').update(abi).update(kernel ? 'k' : 'u')
      .digest('hex');
    let model = cache.get(key);
    if (!model) {
      model = buildTypeModel(file, {
        abi,
        kernel,
        includeDirs: opts.includeDirs ?? [],
        kernelTree: opts.kernelTree,
      });
      cache.set(key, model);
    }
    return model;
  };
}
