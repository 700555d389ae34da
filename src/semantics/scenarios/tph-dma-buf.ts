/**
 * Hand-written scenarios for the VFIO dma-buf feature and its RDMA importer:
 * the paths the uAPI documents (export ranges of a BAR, import it as an MR),
 * with and without TPH metadata. Data only.
 */
import type { Scenario } from './scenario-types.ts';

const RANGE = { offset: 0, length: 4096 };

export const TPH_DMA_BUF_SCENARIOS: Scenario[] = [
  {
    name: 'legacy export: flags 0, one range',
    purpose: 'old userspace exports one page of BAR0 as a dma-buf',
    userspace: 'before',
    steps: [{ op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 1, entries: [RANGE] } }],
  },
  {
    name: 'legacy export + RDMA import',
    purpose: 'old userspace exports a dma-buf and registers it as an mlx5 MR',
    userspace: 'before',
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 2, entries: [RANGE, { offset: 8192, length: 4096 }] } },
      { op: 'register-mr', length: 8192 },
    ],
  },
  {
    name: 'TPH export, 8-bit tag',
    purpose: 'new userspace attaches steering tag 0x2a / hint 1 to the dma-buf',
    userspace: 'after',
    steps: [{ op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 1, nr_ranges: 1, entries: [RANGE, { tph: { steering_tag: 0x2a, ph: 1 } }] } }],
  },
  {
    name: 'TPH export + import (extended TPH importer)',
    purpose: 'the importer gets the steering tag and hint userspace set',
    userspace: 'after',
    importer: { tphReqType: 3, stMode: 'direct' },
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 1, nr_ranges: 1, entries: [RANGE, { tph: { steering_tag: 0x1234, ph: 2 } }] } },
      { op: 'register-mr', length: 4096 },
    ],
  },
  {
    name: 'TPH 16-bit tag into an 8-bit importer',
    purpose: 'a steering tag wider than the importer supports must not reach the device',
    userspace: 'after',
    importer: { tphReqType: 1, stMode: 'direct' },
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 1, nr_ranges: 1, entries: [RANGE, { tph: { steering_tag: 0x1234, ph: 2 } }] } },
      { op: 'register-mr', length: 4096 },
    ],
  },
  {
    name: 'TPH 8-bit tag into an 8-bit importer',
    purpose: 'a steering tag that fits the importer is used',
    userspace: 'after',
    importer: { tphReqType: 1, stMode: 'direct' },
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 1, nr_ranges: 1, entries: [RANGE, { tph: { steering_tag: 0xff, ph: 3 } }] } },
      { op: 'register-mr', length: 4096 },
    ],
  },
  {
    name: 'import of a dma-buf exported without TPH',
    purpose: 'the exporter answers get_tph with -EOPNOTSUPP and the MR keeps no steering tag',
    userspace: 'after',
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 1, entries: [RANGE] } },
      { op: 'register-mr', length: 4096 },
    ],
  },
  {
    name: 'TPH import through a steering-tag table',
    purpose: 'an importer without direct mode allocates a table index for the tag',
    userspace: 'after',
    importer: { tphReqType: 3, stMode: 'table', tableSize: 16 },
    steps: [
      { op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 1, nr_ranges: 1, entries: [RANGE, { tph: { steering_tag: 0x77, ph: 1 } }] } },
      { op: 'register-mr', length: 4096 },
    ],
  },
  {
    name: 'CPU steering tag, direct mode',
    purpose: 'mlx5_st_alloc_index() for a CPU (the DMA-handle path patch 2 refactors) in direct mode',
    userspace: 'before',
    importer: { stMode: 'direct' },
    steps: [{ op: 'st-alloc-index', cpu: 0 }, { op: 'st-alloc-index', cpu: 1 }],
  },
  {
    name: 'CPU steering tag, table mode, shared entry',
    purpose: 'two requests for the same CPU share one table entry; a third CPU is unknown to the platform',
    userspace: 'before',
    importer: { stMode: 'table', tableSize: 4 },
    steps: [{ op: 'st-alloc-index', cpu: 0 }, { op: 'st-alloc-index', cpu: 0 }, { op: 'st-alloc-index', cpu: 1 }, { op: 'st-alloc-index', cpu: 7 }],
  },
  {
    name: 'CPU steering tag, table full',
    purpose: 'a table with one usable entry refuses a second tag',
    userspace: 'before',
    importer: { stMode: 'table', tableSize: 2 },
    steps: [{ op: 'st-alloc-index', cpu: 0 }, { op: 'st-alloc-index', cpu: 1 }],
  },
  {
    name: 'export from a BAR without P2P provider',
    purpose: 'BAR2 has no p2pdma provider: the export fails and frees what it allocated',
    userspace: 'before',
    steps: [{ op: 'dma-buf-feature', request: { region_index: 2, open_flags: 2, flags: 0, nr_ranges: 1, entries: [RANGE] } }],
  },
  {
    name: 'export beyond the BAR',
    purpose: 'a range past the end of BAR0 is refused',
    userspace: 'before',
    steps: [{ op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 1, entries: [{ offset: 0xff000, length: 0x2000 }] } }],
  },
  {
    name: 'export on an unregistered device',
    purpose: 'a device being removed refuses new dma-bufs',
    userspace: 'before',
    device: { registered: false },
    steps: [{ op: 'dma-buf-feature', request: { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 1, entries: [RANGE] } }],
  },
];
