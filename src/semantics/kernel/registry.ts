/** Every kernel model by the name kernel code calls it. */
import type { KernelModel } from '../interpreter/machine.ts';
import { dmaBufModels, exportInfoMacro } from './dma-buf.ts';
import { errPtrModels } from './err-ptr.ts';
import { helperMacroModels } from './helpers-macros.ts';
import { lockingModels } from './locking.ts';
import { mlx5ImporterModels } from './mlx5-importer.ts';
import { p2pdmaModels } from './p2pdma.ts';
import { slabModels } from './slab.ts';
import { tphModels } from './tph.ts';
import { userMemoryModels } from './user-memory.ts';
import { vfioModels } from './vfio.ts';
import { xarrayModels } from './xarray.ts';

let all: Map<string, KernelModel> | null = null;

export function kernelModels(): Map<string, KernelModel> {
  if (!all) {
    all = new Map(Object.entries({
      ...slabModels(), ...errPtrModels(), ...userMemoryModels(), ...lockingModels(), ...helperMacroModels(),
      ...dmaBufModels(), ...exportInfoMacro(), ...p2pdmaModels(), ...tphModels(), ...xarrayModels(),
      ...vfioModels(), ...mlx5ImporterModels(),
    }));
  }
  return all;
}
