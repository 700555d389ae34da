/**
 * PCIe TLP Processing Hints (drivers/pci/tph.c) as a device driver uses
 * them: the requester type the device negotiated (none, TPH = 8-bit steering
 * tags, extended TPH = 16-bit), the steering-tag table (pcie_tph_set_st_entry)
 * and the per-CPU tags the platform reports (pcie_tph_get_cpu_st).
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { ERRNO } from './errno.ts';
import { arg, int, readField } from './model-helpers.ts';

export const PCI_TPH_REQ_DISABLE = 0;
export const PCI_TPH_REQ_TPH_ONLY = 1;
export const PCI_TPH_REQ_EXT_TPH = 3;

export interface TphDevice {
  tableSize: number;
  /** index → tag written to the steering-tag table. */
  table: Map<number, number>;
  /** cpu uid → tag the platform (ACPI _DSM) reports. */
  cpuTags: Map<number, number>;
}

export interface TphState {
  devices: Map<bigint, TphDevice>;
}

export function tphState(m: Machine): TphState {
  return m.stateOf<TphState>('tph', () => ({ devices: new Map() }));
}

export function tphModels(): Record<string, KernelModel> {
  return {
    pcie_tph_set_st_entry: {
      call: (m, a) => {
        const pdev = arg(a, 0, 'pcie_tph_set_st_entry');
        const index = Number(arg(a, 1, 'pcie_tph_set_st_entry'));
        const tag = Number(arg(a, 2, 'pcie_tph_set_st_entry'));
        const d = tphState(m).devices.get(pdev);
        if (!d || !readField(m, pdev, 'pci_dev', 'tph_enabled')) return int(-ERRNO.EINVAL);
        if (index >= d.tableSize) return int(-ERRNO.EINVAL);
        d.table.set(index, tag);
        return int(0);
      },
    },
    pcie_tph_get_cpu_st: {
      call: (m, a) => {
        const pdev = arg(a, 0, 'pcie_tph_get_cpu_st');
        const cpu = Number(arg(a, 2, 'pcie_tph_get_cpu_st'));
        const out = arg(a, 3, 'pcie_tph_get_cpu_st');
        const tag = tphState(m).devices.get(pdev)?.cpuTags.get(cpu);
        if (tag === undefined) return int(-ERRNO.EINVAL);
        m.mem.writeUInt(out, 2, BigInt(tag));
        return int(0);
      },
    },
  };
}
