/**
 * Memoised TypeModel construction: the diff and the emulator ask for the same
 * (file image, ABI) many times; each is parsed once per run. With a kernel
 * tree, a file's includes are read from the tree, except the series' other
 * files, which are read as they are in the same image (`siblings`): a patch
 * that moves a struct into a header it includes, or uses a type another
 * patch adds there, is compared against what it really includes. Without a
 * tree (bases from diff context), those whole files of the series (a header
 * the series creates) are the only headers an include can find, at their
 * paths in the tree: bootparam.h's declarations moved into a new
 * setup_data.h that it includes are seen there, not as removed.
 *
 * The cache is bounded by a count of models and by their weight (the
 * declarations and macros they hold), the least recently used dropped (an
 * evicted model is built again when asked for). A whole kernel release's
 * uAPI diff (Linux 6.1 -> 6.12, 370 headers) asks for 9.7k models of ~50 KB
 * each: unbounded, they held 420 MB to the end of the run. An in-kernel
 * header's model holds its whole include closure: ~20k declarations and
 * macros (pci.h: 1,037 records, 15,345 macros, 4,110 functions), 10-40 MB
 * each beyond what models share; 6.12's 105 headers whose extern variables
 * changed, read on the 6.1 tree, held ~4 GB of them under the count bound
 * and ran out of heap. And when, after a model is built, the heap in use is
 * near its limit (src/c/memory-pressure.ts), the front end's caches are
 * dropped and so are the models kept but the newest.
 */
import { createHash } from 'node:crypto';
import type { TypeModel } from '../c/type-model.ts';
import type { BuildModel } from '../abi/analyse-series.ts';
import { buildTypeModel } from '../c/build-type-model.ts';
import { relieveMemoryPressure } from '../c/memory-pressure.ts';
import { archDirOf, kernelTreeIncludeDirs, readSourceFile, systemIncludeDirsFor } from '../c/preprocess/index.ts';
import { join } from 'node:path';

export type { BuildModel };

/** One reader per distinct set of siblings (the preprocessor keeps its include recordings per reader). */
interface SiblingReader {
  digest: string;
  read: (path: string) => string | null;
}

/** Models kept: every model of a series touching a few dozen files on all 14 ABIs, before and after each patch. */
export const MODEL_CACHE_LIMIT = 1500;

/**
 * Weight kept (modelWeight): ~60 in-kernel models (~1 GB, measured at
 * ~750 bytes a declaration beyond what models share), or every uAPI model
 * the count allows.
 */
export const MODEL_CACHE_WEIGHT = 1_200_000;

/** What a model holds, counted in declarations and macros (one for an empty model). */
export function modelWeight(m: TypeModel): number {
  return 1 + m.records.length + m.enums.length + m.typedefs.length + m.macros.length + m.functions.length + (m.prototypes?.length ?? 0) + (m.variables?.length ?? 0);
}

export function createModelCache(opts: {
  kernelTree?: string;
  includeDirs?: string[];
  limit?: number;
  weight?: number;
  /** Whether the heap is near its limit, after the process's caches were dropped (default: relieveMemoryPressure). */
  pressure?: () => boolean;
}): BuildModel {
  const limit = opts.limit ?? MODEL_CACHE_LIMIT;
  const pressure = opts.pressure ?? (() => relieveMemoryPressure());
  const maxWeight = opts.weight ?? MODEL_CACHE_WEIGHT;
  /** In order of last use, oldest first, with each one's weight. */
  const cache = new Map<string, { model: TypeModel; weight: number }>();
  let weight = 0;
  const readers = new Map<string, SiblingReader>();
  const digested = new WeakMap<ReadonlyMap<string, string | null>, SiblingReader>();
  /** Includes see the series' other files as they are in this image: an overlay on the kernel tree. */
  const readerFor = (siblings: ReadonlyMap<string, string | null> | undefined): SiblingReader | undefined => {
    if (!siblings || siblings.size === 0) return undefined;
    const known = digested.get(siblings);
    if (known) return known;
    const h = createHash('sha1');
    for (const [p, text] of [...siblings].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(p).update('\0').update(text === null ? '\u0001' : `=${text}`).update('\0');
    const digest = h.digest('hex');
    let reader = readers.get(digest);
    if (!reader) {
      const tree = opts.kernelTree;
      const overlay = new Map([...siblings].map(([p, text]) => [tree === undefined ? p : join(tree, p), text]));
      // with no tree, nothing else is there to read
      reader = { digest, read: (p) => (overlay.has(p) ? overlay.get(p)! : tree === undefined ? null : readSourceFile(p)) };
      readers.set(digest, reader);
    }
    digested.set(siblings, reader);
    return reader;
  };
  return (file, abi, kernel, siblings, configOn) => {
    const reader = readerFor(siblings);
    const forced = kernel && configOn?.length ? configOn : undefined;
    const key = createHash('sha1')
      .update(file.path).update('\0').update(file.text).update('\0')
      .update(JSON.stringify(file.known ?? null)).update('\0').update(abi).update(kernel ? 'k' : 'u')
      .update('\0').update(reader?.digest ?? '').update('\0').update(forced?.join(' ') ?? '')
      .digest('hex');
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.model;
    }
    const model = buildTypeModel(file, {
      abi,
      kernel,
      includeDirs: [...(opts.includeDirs ?? []), ...(opts.kernelTree === undefined && reader ? kernelTreeIncludeDirs('', archDirOf(abi), kernel) : [])],
      kernelTree: opts.kernelTree,
      ...(reader ? { readFile: reader.read } : {}),
      ...(forced ? { configOn: forced } : {}),
      // uAPI headers in a tree may include libc headers (<sys/socket.h> in linux/if.h, <limits.h>
      // in linux/ethtool.h): userspace compiles them with its system headers, searched after the
      // tree's own. In-kernel code never sees them (-nostdinc).
      ...(opts.kernelTree !== undefined && !kernel ? { afterDirs: systemIncludeDirsFor(abi) } : {}),
    });
    const w = modelWeight(model);
    cache.set(key, { model, weight: w });
    weight += w;
    // near the heap's limit the front end's caches are dropped, and so are the models kept
    const dropAll = pressure();
    // the newest model stays, whatever it weighs
    for (const [old, entry] of cache) {
      if ((!dropAll && cache.size <= limit && weight <= maxWeight) || old === key) break;
      cache.delete(old);
      weight -= entry.weight;
    }
    return model;
  };
}
