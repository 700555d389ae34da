/**
 * The PCI peer-to-peer DMA provider of a BAR (pcim_p2pdma_provider): present
 * only for BARs the device exposes for P2P.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { arg, ptr, sizeofTag, writeField } from './model-helpers.ts';

export interface P2pState {
  /** pci_dev address → BAR index → provider object address. */
  providers: Map<bigint, Map<number, bigint>>;
}

export function p2pState(m: Machine): P2pState {
  return m.stateOf<P2pState>('p2pdma', () => ({ providers: new Map() }));
}

export function addP2pProvider(m: Machine, pdev: bigint, bar: number, busOffset: bigint): bigint {
  const b = m.mem.allocate(sizeofTag(m, 'p2pdma_provider'), 'kernel', 'model', `p2pdma provider of BAR ${bar}`);
  writeField(m, b.base, 'p2pdma_provider', 'owner', pdev);
  writeField(m, b.base, 'p2pdma_provider', 'bus_offset', busOffset);
  const s = p2pState(m);
  if (!s.providers.has(pdev)) s.providers.set(pdev, new Map());
  s.providers.get(pdev)!.set(bar, b.base);
  return b.base;
}

export function p2pdmaModels(): Record<string, KernelModel> {
  return {
    pcim_p2pdma_provider: {
      call: (m, a) => {
        const pdev = arg(a, 0, 'pcim_p2pdma_provider');
        const bar = Number(arg(a, 1, 'pcim_p2pdma_provider'));
        return ptr(p2pState(m).providers.get(pdev)?.get(bar) ?? 0n);
      },
    },
  };
}
