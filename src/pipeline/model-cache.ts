/**
 * Memoised TypeModel construction: the diff and the emulator ask for the same
 * (file image, ABI) many times; each is parsed once per run.
 */
import { createHash } from 'node:crypto';
import type { AbiName } from '../abi/layout-types.ts';
import type { TypeModel } from '../c/type-model.ts';
import type { KnownRange } from '../tree/images.ts';
import { buildTypeModel } from '../c/build-type-model.ts';
import { systemIncludeDirsFor } from '../c/preprocess/index.ts';

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
        // uAPI headers in a tree may include libc headers (<sys/socket.h> in linux/if.h, <limits.h>
        // in linux/ethtool.h): userspace compiles them with its system headers, searched after the
        // tree's own. In-kernel code never sees them (-nostdinc).
        ...(opts.kernelTree !== undefined && !kernel ? { afterDirs: systemIncludeDirsFor(abi) } : {}),
      });
      cache.set(key, model);
    }
    return model;
  };
}
